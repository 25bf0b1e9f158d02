/**
 * Demo shopper survey shown in the Palompy Outdoor demo store.
 *
 * Shape (compatible with Survey.questions in prisma/schema.prisma, which
 * stores `[{id, type, text, options?}]` — the extra *Ru fields are ignored by
 * consumers that don't know them):
 *
 *   {
 *     title: string;            // English
 *     titleRu: string;          // Russian
 *     questions: Array<{
 *       id: string;             // stable answer key
 *       type: "rating" | "single" | "multi" | "text";
 *       text: string;           // English question
 *       textRu: string;         // Russian question
 *       options?: string[];     // English labels ("single" / "multi" only);
 *                               //   the stored answer is the English label
 *       optionsRu?: string[];   // Russian labels, same order and length as `options`
 *     }>;
 *   }
 *
 * "rating" questions are a 1–5 scale (1 = worst, 5 = best) and have no options.
 */

export type DemoSurveyQuestionType = "rating" | "single" | "multi" | "text";

export interface DemoSurveyQuestion {
  id: string;
  type: DemoSurveyQuestionType;
  text: string;
  textRu: string;
  options?: string[];
  optionsRu?: string[];
}

export interface DemoSurvey {
  title: string;
  titleRu: string;
  questions: DemoSurveyQuestion[];
}

export const DEMO_SURVEY: DemoSurvey = {
  title: "Help us improve Palompy Outdoor",
  titleRu: "Помогите нам стать лучше",
  questions: [
    {
      id: "found_what_needed",
      type: "rating",
      text: "How easy was it to find what you were looking for?",
      textRu: "Насколько легко было найти то, что вы искали?",
    },
    {
      id: "trip_types",
      type: "multi",
      text: "What are you shopping for?",
      textRu: "Для чего вы подбираете снаряжение?",
      options: [
        "Hiking and trekking",
        "Camping with family",
        "Winter trips",
        "City and travel",
        "A gift",
      ],
      optionsRu: [
        "Походы и треккинг",
        "Кемпинг с семьёй",
        "Зимние походы",
        "Город и путешествия",
        "Подарок",
      ],
    },
    {
      id: "missing",
      type: "text",
      text: "Is there anything you couldn't find or that we should add?",
      textRu: "Чего вам не хватило в нашем магазине? Что стоит добавить?",
    },
  ],
};
