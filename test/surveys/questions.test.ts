import { describe, expect, it } from "vitest";
import { DEMO_SURVEY } from "~/demo/survey";
import { checkAnswers, normalizeQuestions } from "~/surveys/questions";

describe("survey questions", () => {
  const questions = normalizeQuestions(DEMO_SURVEY.questions);

  it("normalizes the demo survey: rating scale, string options, translations", () => {
    expect(questions.map((q) => q.type)).toEqual(["rating", "multi", "text"]);
    expect(questions[0].scale).toEqual({ min: 1, max: 5 });
    expect(questions[1].options?.[0]).toEqual({ value: "Hiking and trekking", label: "Hiking and trekking" });
    const ru = normalizeQuestions(DEMO_SURVEY.questions, "ru");
    expect(ru[0].text).toBe(DEMO_SURVEY.questions[0].textRu);
    // The label is translated, the stored value stays comparable across languages.
    expect(ru[1].options?.[0]).toEqual({ value: "Hiking and trekking", label: "Походы и треккинг" });
  });

  it("drops malformed questions instead of showing them broken", () => {
    expect(normalizeQuestions([{ id: "x", type: "single", text: "No options" }, { type: "text" }, "nope", { id: 1, type: "text", text: "ok" }])).toEqual([
      { id: "1", type: "text", text: "ok", required: false },
    ]);
    expect(normalizeQuestions({ not: "an array" })).toEqual([]);
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
