import { describe, expect, it } from "vitest";
import { DEMO_SURVEY } from "~/demo/survey";
import { issuePath } from "~/http/body";
import {
  checkAnswers,
  localizeQuestions,
  matchesUrlPattern,
  normalizeQuestions,
  pickText,
  readStoredQuestions,
  surveyInputSchema,
  toStoredQuestions,
} from "~/surveys/questions";

describe("survey questions", () => {
  const questions = normalizeQuestions(DEMO_SURVEY.questions);

  it("normalizes the demo survey: rating scale, string options, translations", () => {
    expect(questions.map((q) => q.type)).toEqual(["rating", "multiple", "text"]);
    expect(questions[0].scale).toEqual({ min: 1, max: 5 });
    expect(questions[1].options?.[0]).toEqual({ value: "Hiking and trekking", label: "Hiking and trekking" });
    const ru = normalizeQuestions(DEMO_SURVEY.questions, "ru");
    expect(ru[0].text).toBe(DEMO_SURVEY.questions[0].text.ru);
    // The label is translated, the stored value stays comparable across languages.
    expect(ru[1].options?.[0]).toEqual({ value: "Hiking and trekking", label: "Походы и треккинг" });
  });

  it("drops malformed questions instead of showing them broken", () => {
    expect(normalizeQuestions([{ id: "x", type: "single", text: "No options" }, { type: "text" }, "nope", { id: 1, type: "text", text: "ok" }])).toEqual([
      { id: "1", type: "text", text: "ok", required: false },
    ]);
    expect(normalizeQuestions({ not: "an array" })).toEqual([]);
  });

  it("reads rows written before per-language texts (textRu, optionsRu, multi) into the stored shape", () => {
    const legacy = [{ id: "t", type: "multi", text: "What for?", textRu: "Для чего?", options: ["Hiking", "Gift"], optionsRu: ["Поход", "Подарок"] }];
    expect(readStoredQuestions(legacy)).toEqual([
      {
        id: "t",
        type: "multiple",
        text: { en: "What for?", ru: "Для чего?" },
        required: false,
        options: [
          { value: "Hiking", label: { en: "Hiking", ru: "Поход" } },
          { value: "Gift", label: { en: "Gift", ru: "Подарок" } },
        ],
      },
    ]);
  });

  it("picks the requested language, then English, then any language it has", () => {
    expect(pickText({ en: "Hello", ru: "Привет" }, "ru-RU")).toBe("Привет");
    expect(pickText({ en: "Hello", ru: "Привет" }, "de")).toBe("Hello");
    expect(pickText({ ru: "Привет" }, "de")).toBe("Привет");
    expect(pickText({ ru: "Привет" })).toBe("Привет");
  });

  it("fills missing question ids and option values from the input", () => {
    const parsed = surveyInputSchema.parse({
      title: { en: "T" },
      questions: [
        { id: "q1", type: "text", text: { en: "Why?" } },
        { type: "single", text: { en: "Pick", ru: "Выберите" }, options: [{ label: { en: "Yes", ru: "Да" } }, { value: "no", label: { en: "No" } }] },
        { type: "nps", text: { en: "Recommend?" } },
      ],
    });
    const stored = toStoredQuestions(parsed.questions);
    expect(stored.map((q) => q.id)).toEqual(["q1", "q2", "q3"]);
    expect(stored[1].options?.map((o) => o.value)).toEqual(["Yes", "no"]);
    expect(localizeQuestions(stored, "ru")[2]).toEqual({ id: "q3", type: "nps", text: "Recommend?", required: false, scale: { min: 0, max: 10 } });
  });

  it.each([
    [{ title: {}, questions: [{ type: "text", text: { en: "x" } }] }, "title"],
    [{ title: { english: "T" }, questions: [{ type: "text", text: { en: "x" } }] }, "title.english"],
    [{ title: { en: "T" }, questions: [] }, "questions"],
    [{ title: { en: "T" }, questions: [{ type: "slider", text: { en: "x" } }] }, "questions[0].type"],
    [{ title: { en: "T" }, questions: [{ type: "single", text: { en: "x" }, options: [{ label: { en: "a" } }] }] }, "questions[0].options"],
    [{ title: { en: "T" }, questions: [{ type: "single", text: { en: "x" }, options: [{ label: { en: "a" } }, { label: { en: "a" } }] }] }, "questions[0].options[1].value"],
    [{ title: { en: "T" }, questions: [{ type: "rating", text: { en: "x" }, options: [{ label: { en: "a" } }] }] }, "questions[0].options"],
    [{ title: { en: "T" }, questions: [{ id: "a", type: "text", text: { en: "x" } }, { id: "a", type: "text", text: { en: "y" } }] }, "questions[1].id"],
    [{ title: { en: "T" }, questions: [{ type: "text", text: { en: "x" } }], urlPattern: "products/*" }, "urlPattern"],
  ])("refuses invalid survey input %#, naming %s", (input, field) => {
    const result = surveyInputSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(issuePath(result.error!.issues[0].path)).toBe(field);
  });

  it("targets pages by a glob on the path", () => {
    expect(matchesUrlPattern(null, undefined)).toBe(true);
    expect(matchesUrlPattern("/products/*", "https://shop.example/products/tent?x=1")).toBe(true);
    expect(matchesUrlPattern("/products/*", "https://shop.example/cart")).toBe(false);
    expect(matchesUrlPattern("/", "https://shop.example/")).toBe(true);
    expect(matchesUrlPattern("/", "https://shop.example/about")).toBe(false);
    expect(matchesUrlPattern("/products/*", undefined)).toBe(false);
    expect(matchesUrlPattern("/a.b", "https://shop.example/aXb")).toBe(false);
    expect(matchesUrlPattern("/*/tents/*", "https://shop.example/ru/tents/trail")).toBe(true);
    expect(matchesUrlPattern("/категории/*", "https://shop.example/%D0%BA%D0%B0%D1%82%D0%B5%D0%B3%D0%BE%D1%80%D0%B8%D0%B8/x")).toBe(true);
    // Many stars against a long path that does not match: answers at once (no exponential backtracking).
    expect(matchesUrlPattern(`/${"*a".repeat(200)}b`, `https://shop.example/${"a".repeat(2000)}`)).toBe(false);
  });

  it("checks NPS answers from 0 to 10", () => {
    const nps = localizeQuestions([{ id: "n", type: "nps", text: { en: "?" }, required: true }]);
    expect(checkAnswers(nps, { n: 0 })).toMatchObject({ ok: true });
    expect(checkAnswers(nps, { n: 10 })).toMatchObject({ ok: true });
    expect(checkAnswers(nps, { n: 11 })).toMatchObject({ ok: false, field: "answers.n" });
  });

  it("accepts valid answers and names the field of the first invalid one", () => {
    expect(checkAnswers(questions, { found_what_needed: 4, trip_types: ["A gift"], missing: "  more tents " })).toEqual({
      ok: true,
      answers: { found_what_needed: 4, trip_types: ["A gift"], missing: "more tents" },
    });
    expect(checkAnswers(questions, { found_what_needed: 6 })).toMatchObject({ ok: false, field: "answers.found_what_needed" });
    expect(checkAnswers(questions, { found_what_needed: 2.5 })).toMatchObject({ ok: false, field: "answers.found_what_needed" });
    expect(checkAnswers(questions, { trip_types: ["Space"] })).toMatchObject({ ok: false, field: "answers.trip_types" });
    expect(checkAnswers(questions, { trip_types: ["A gift", "A gift"] })).toMatchObject({ ok: false, field: "answers.trip_types" });
    expect(checkAnswers(questions, { missing: "x".repeat(1001) })).toMatchObject({ ok: false, field: "answers.missing" });
    expect(checkAnswers(questions, { unknown: 1 })).toMatchObject({ ok: false, field: "answers.unknown" });
    expect(checkAnswers(questions, {})).toMatchObject({ ok: false, field: "answers" });
    const required = normalizeQuestions([{ id: "q", type: "text", text: "Why?", required: true }, { id: "r", type: "rating", text: "Rate" }]);
    expect(checkAnswers(required, { r: 5 })).toMatchObject({ ok: false, field: "answers.q" });
  });
});
