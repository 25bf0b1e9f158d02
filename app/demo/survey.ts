import type { LocalizedText, StoredQuestion } from "~/surveys/questions";

/**
 * The shopper survey of the Palompy Outdoor demo store, in the stored survey shape (every text per
 * language; an answer stores the option's `value`, the English label, in every language).
 */
export interface DemoSurvey {
  titles: LocalizedText;
  questions: StoredQuestion[];
}

const option = (en: string, ru: string) => ({ value: en, label: { en, ru } });

export const DEMO_SURVEY: DemoSurvey = {
  titles: { en: "Help us improve Palompy Outdoor", ru: "Помогите нам стать лучше" },
  questions: [
    {
      id: "found_what_needed",
      type: "rating",
      required: false,
      text: { en: "How easy was it to find what you were looking for?", ru: "Насколько легко было найти то, что вы искали?" },
    },
    {
      id: "trip_types",
      type: "multiple",
      required: false,
      text: { en: "What are you shopping for?", ru: "Для чего вы подбираете снаряжение?" },
      options: [
        option("Hiking and trekking", "Походы и треккинг"),
        option("Camping with family", "Кемпинг с семьёй"),
        option("Winter trips", "Зимние походы"),
        option("City and travel", "Город и путешествия"),
        option("A gift", "Подарок"),
      ],
    },
    {
      id: "missing",
      type: "text",
      required: false,
      text: { en: "Is there anything you couldn't find or that we should add?", ru: "Чего вам не хватило в нашем магазине? Что стоит добавить?" },
    },
  ],
};
