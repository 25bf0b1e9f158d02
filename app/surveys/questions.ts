import { z } from "zod";

/**
 * The survey shape the widget renders and the answers it may send back. Stored questions are
 * normalized on read (options become {value, label}; rating gets its scale) so the widget sees one
 * shape whatever an admin tool wrote, and malformed questions are dropped rather than shown broken.
 */
export type QuestionType = "rating" | "single" | "multi" | "text";

export interface SurveyQuestion {
  id: string;
  type: QuestionType;
  text: string;
  required: boolean;
  options?: { value: string; label: string }[];
  /** Rating only: the inclusive integer scale. */
  scale?: { min: number; max: number };
}

export type SurveyAnswer = number | string | string[];
export type SurveyAnswers = Record<string, SurveyAnswer>;

export const MAX_TEXT_ANSWER_LENGTH = 1_000;

const option = z.union([
  z.string().min(1).transform((value) => ({ value, label: value })),
  z
    .object({ value: z.string().optional(), id: z.string().optional(), label: z.string().optional(), text: z.string().optional() })
    .transform((o) => ({ value: o.value ?? o.id ?? o.label ?? o.text ?? "", label: o.label ?? o.text ?? o.value ?? o.id ?? "" }))
    .refine((o) => o.value !== "" && o.label !== ""),
]);

const storedQuestion = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  type: z.enum(["rating", "single", "multi", "text"]),
  text: z.string().min(1),
  required: z.boolean().optional(),
  options: z.array(option).optional(),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
});

/**
 * Translations sit next to the base field with the language as a suffix (`textRu`, `optionsRu`,
 * `titleRu`); the answer value stays the base option so answers compare across languages.
 */
export function localized(record: unknown, field: string, lang: string | undefined): unknown {
  if (!lang || !record || typeof record !== "object") return undefined;
  const suffix = lang.slice(0, 2).toLowerCase();
  return (record as Record<string, unknown>)[`${field}${suffix.charAt(0).toUpperCase()}${suffix.slice(1)}`];
}

export function normalizeQuestions(stored: unknown, lang?: string): SurveyQuestion[] {
  if (!Array.isArray(stored)) return [];
  const questions: SurveyQuestion[] = [];
  for (const raw of stored) {
    const parsed = storedQuestion.safeParse(raw);
    if (!parsed.success) continue;
    const q = parsed.data;
    const text = localized(raw, "text", lang);
    const labels = localized(raw, "options", lang);
    if (q.options && Array.isArray(labels) && labels.length === q.options.length && labels.every((l) => typeof l === "string" && l)) {
      q.options = q.options.map((o, i) => ({ value: o.value, label: labels[i] as string }));
    }
    const base = { id: q.id, type: q.type, text: typeof text === "string" && text ? text : q.text, required: q.required ?? false };
    if (q.type === "rating") {
      const min = q.min ?? 1;
      const max = q.max ?? 5;
      if (max > min && max - min <= 10) questions.push({ ...base, scale: { min, max } });
    } else if (q.type === "single" || q.type === "multi") {
      if (q.options && q.options.length > 0) questions.push({ ...base, options: q.options });
    } else {
      questions.push(base);
    }
  }
  return questions;
}

export type AnswerCheck = { ok: true; answers: SurveyAnswers } | { ok: false; field: string; message: string };

/** Answers must name known questions with values their type allows; unanswered optional ones are fine. */
export function checkAnswers(questions: SurveyQuestion[], answers: Record<string, unknown>): AnswerCheck {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const clean: SurveyAnswers = {};
  for (const [id, value] of Object.entries(answers)) {
    const field = `answers.${id}`;
    const question = byId.get(id);
    if (!question) return { ok: false, field, message: `${field}: is not a question of this survey` };
    const problem = answerProblem(question, value);
    if (problem) return { ok: false, field, message: `${field}: ${problem}` };
    clean[id] = typeof value === "string" ? value.trim() : (value as SurveyAnswer);
  }
  for (const question of questions) {
    if (question.required && !(question.id in clean)) {
      return { ok: false, field: `answers.${question.id}`, message: `answers.${question.id}: is required` };
    }
  }
  if (Object.keys(clean).length === 0) return { ok: false, field: "answers", message: "answers: at least one question must be answered" };
  return { ok: true, answers: clean };
}

function answerProblem(question: SurveyQuestion, value: unknown): string | undefined {
  switch (question.type) {
    case "rating": {
      const { min, max } = question.scale ?? { min: 1, max: 5 };
      return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
        ? undefined
        : `must be an integer from ${min} to ${max}`;
    }
    case "single":
      return typeof value === "string" && question.options?.some((o) => o.value === value)
        ? undefined
        : `must be one of ${question.options?.map((o) => o.value).join(", ")}`;
    case "multi": {
      const allowed = new Set(question.options?.map((o) => o.value));
      const valid =
        Array.isArray(value) &&
        value.length > 0 &&
        new Set(value).size === value.length &&
        value.every((v) => typeof v === "string" && allowed.has(v));
      return valid ? undefined : `must be a non-empty list of distinct options from ${[...allowed].join(", ")}`;
    }
    case "text":
      if (typeof value !== "string" || value.trim() === "") return "must be a non-empty string";
      return value.length > MAX_TEXT_ANSWER_LENGTH ? `must be at most ${MAX_TEXT_ANSWER_LENGTH} characters` : undefined;
  }
}
