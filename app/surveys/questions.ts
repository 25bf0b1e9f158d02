import { z } from "zod";

/**
 * Survey questions in three shapes: what the merchant sends (validated by `surveyInputSchema`), what
 * is stored (every text per language), and what the widget renders (one language, `SurveyQuestion`).
 * Rows written before per-language texts (`text` + `textRu`, `options: string[]` + `optionsRu`,
 * type "multi") are read into the stored shape too, so old surveys keep working.
 */
export const QUESTION_TYPES = ["single", "multiple", "rating", "nps", "text"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** `{ru: "...", en: "..."}`: one text per two-letter language code. */
export type LocalizedText = Record<string, string>;

/** The language every survey falls back to when neither the shopper's language nor a requested one has a text. */
export const FALLBACK_LANGUAGE = "en";

export const RATING_SCALE = { min: 1, max: 5 } as const;
export const NPS_SCALE = { min: 0, max: 10 } as const;

export interface StoredOption {
  /** What the answer stores: stays the same in every language so answers compare. */
  value: string;
  label: LocalizedText;
}

export interface StoredQuestion {
  id: string;
  type: QuestionType;
  text: LocalizedText;
  required: boolean;
  options?: StoredOption[];
}

/** One question as the widget renders it, in one language. */
export interface SurveyQuestion {
  id: string;
  type: QuestionType;
  text: string;
  required: boolean;
  options?: { value: string; label: string }[];
  /** Rating (1–5) and NPS (0–10): the inclusive integer scale. */
  scale?: { min: number; max: number };
}

export type SurveyAnswer = number | string | string[];
export type SurveyAnswers = Record<string, SurveyAnswer>;

export const MAX_TEXT_ANSWER_LENGTH = 1_000;
export const MAX_QUESTIONS = 20;
export const MAX_OPTIONS = 20;

/** The text in `lang`, else in the fallback language, else in any language it has. */
export function pickText(text: LocalizedText, lang?: string | null): string {
  const wanted = lang?.slice(0, 2).toLowerCase();
  if (wanted && text[wanted]) return text[wanted];
  if (text[FALLBACK_LANGUAGE]) return text[FALLBACK_LANGUAGE];
  return Object.values(text).find((value) => value) ?? "";
}

export function isChoice(type: QuestionType): type is "single" | "multiple" {
  return type === "single" || type === "multiple";
}

export function scaleOf(type: QuestionType): { min: number; max: number } | undefined {
  if (type === "rating") return { ...RATING_SCALE };
  if (type === "nps") return { ...NPS_SCALE };
  return undefined;
}

// ---- merchant input ----

const languageCode = z.string().regex(/^[a-z]{2}$/, "must be a two-letter language code such as en or ru");

function localizedText(maxLength: number) {
  return z
    .record(languageCode, z.string().trim().min(1, "must not be empty").max(maxLength))
    .refine((value) => Object.keys(value).length > 0, { message: "must have a text in at least one language, e.g. {\"en\": \"...\"}" });
}

const QUESTION_ID = /^[A-Za-z0-9_-]{1,40}$/;

const optionInput = z.object({
  value: z.string().trim().min(1).max(200).optional(),
  label: localizedText(200),
});

const questionInput = z
  .object({
    id: z.string().regex(QUESTION_ID, "must be 1–40 letters, digits, _ or -").optional(),
    type: z.enum(QUESTION_TYPES, { errorMap: () => ({ message: `must be one of ${QUESTION_TYPES.join(", ")}` }) }),
    text: localizedText(500),
    required: z.boolean().default(false),
    options: z.array(optionInput).max(MAX_OPTIONS).optional(),
  })
  .superRefine((question, ctx) => {
    if (isChoice(question.type)) {
      if (!question.options || question.options.length < 2) {
        ctx.addIssue({ code: "custom", path: ["options"], message: `a ${question.type} question needs at least 2 options` });
        return;
      }
      const seen = new Set<string>();
      question.options.forEach((option, index) => {
        const value = optionValue(option);
        if (seen.has(value)) ctx.addIssue({ code: "custom", path: ["options", index, "value"], message: `duplicates the option "${value}"` });
        seen.add(value);
      });
    } else if (question.options?.length) {
      ctx.addIssue({ code: "custom", path: ["options"], message: `a ${question.type} question has no options` });
    }
  });

const urlPattern = z
  .string()
  .trim()
  .max(500)
  .regex(/^\/\S*$/, "must be a page path starting with / (use * as a wildcard, e.g. /products/*)");

const questionsInput = z
  .array(questionInput)
  .min(1, "must contain at least one question")
  .max(MAX_QUESTIONS)
  .superRefine((questions, ctx) => {
    const seen = new Set<string>();
    questions.forEach((question, index) => {
      if (!question.id) return;
      if (seen.has(question.id)) ctx.addIssue({ code: "custom", path: [index, "id"], message: `duplicates the question id "${question.id}"` });
      seen.add(question.id);
    });
  });

export const surveyInputSchema = z.object({
  title: localizedText(200),
  questions: questionsInput,
  urlPattern: urlPattern.nullable().optional(),
});

export const surveyPatchSchema = surveyInputSchema.partial();

export type SurveyInput = z.output<typeof surveyInputSchema>;
export type SurveyPatch = z.output<typeof surveyPatchSchema>;
type QuestionInput = z.output<typeof questionInput>;

function optionValue(option: z.output<typeof optionInput>): string {
  return option.value ?? pickText(option.label);
}

/** Questions as stored: every id and option value filled in (ids of new questions are q1, q2… not yet taken). */
export function toStoredQuestions(questions: QuestionInput[]): StoredQuestion[] {
  const taken = new Set(questions.flatMap((q) => (q.id ? [q.id] : [])));
  let next = 1;
  const freshId = () => {
    while (taken.has(`q${next}`)) next++;
    taken.add(`q${next}`);
    return `q${next}`;
  };
  return questions.map((q) => ({
    id: q.id ?? freshId(),
    type: q.type,
    text: q.text,
    required: q.required,
    ...(isChoice(q.type) ? { options: (q.options ?? []).map((o) => ({ value: optionValue(o), label: o.label })) } : {}),
  }));
}

// ---- stored rows ----

const legacyOption = z.union([
  z.string().min(1).transform((value) => ({ value, label: value })),
  z
    .object({ value: z.string().optional(), id: z.string().optional(), label: z.string().optional(), text: z.string().optional() })
    .transform((o) => ({ value: o.value ?? o.id ?? o.label ?? o.text ?? "", label: o.label ?? o.text ?? o.value ?? o.id ?? "" }))
    .refine((o) => o.value !== "" && o.label !== ""),
]);

const storedLocalized = z.record(z.string()).refine((value) => Object.values(value).some((text) => text));

const storedQuestion = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  type: z.enum([...QUESTION_TYPES, "multi"]).transform((type): QuestionType => (type === "multi" ? "multiple" : type)),
  text: z.union([z.string().min(1).transform((text): LocalizedText => ({ [FALLBACK_LANGUAGE]: text })), storedLocalized]),
  required: z.boolean().optional(),
  options: z.array(z.union([z.object({ value: z.string().min(1), label: storedLocalized }), legacyOption])).optional(),
});

/**
 * Legacy translations sit next to the base field with the language as a suffix (`textRu`,
 * `optionsRu`); the base text is English.
 */
function legacyTranslations(record: Record<string, unknown>, field: string): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [key, value] of Object.entries(record)) {
    const match = /^(.+)([A-Z][a-z])$/.exec(key);
    if (match && match[1] === field) found.set(match[2].toLowerCase(), value);
  }
  return found;
}

/** Every well-formed question of a stored row, in the stored shape; malformed ones are dropped rather than shown broken. */
export function readStoredQuestions(stored: unknown): StoredQuestion[] {
  if (!Array.isArray(stored)) return [];
  const questions: StoredQuestion[] = [];
  for (const raw of stored) {
    const parsed = storedQuestion.safeParse(raw);
    if (!parsed.success) continue;
    const q = parsed.data;
    const record = raw as Record<string, unknown>;
    const text: LocalizedText = { ...q.text };
    for (const [lang, value] of legacyTranslations(record, "text")) if (typeof value === "string" && value) text[lang] = value;
    const question: StoredQuestion = { id: q.id, type: q.type, text, required: q.required ?? false };
    if (isChoice(q.type)) {
      if (!q.options || q.options.length === 0) continue;
      const options = q.options.map((o) => ({
        value: o.value,
        label: (typeof o.label === "string" ? { [FALLBACK_LANGUAGE]: o.label } : { ...o.label }) as LocalizedText,
      }));
      for (const [lang, labels] of legacyTranslations(record, "options")) {
        if (Array.isArray(labels) && labels.length === options.length && labels.every((l) => typeof l === "string" && l)) {
          options.forEach((option, i) => (option.label[lang] = labels[i] as string));
        }
      }
      question.options = options;
    }
    questions.push(question);
  }
  return questions;
}

/** Stored questions in one language, as the widget renders them. */
export function localizeQuestions(questions: StoredQuestion[], lang?: string | null): SurveyQuestion[] {
  return questions.map((q) => {
    const scale = scaleOf(q.type);
    return {
      id: q.id,
      type: q.type,
      text: pickText(q.text, lang),
      required: q.required,
      ...(q.options ? { options: q.options.map((o) => ({ value: o.value, label: pickText(o.label, lang) })) } : {}),
      ...(scale ? { scale } : {}),
    };
  });
}

export function normalizeQuestions(stored: unknown, lang?: string | null): SurveyQuestion[] {
  return localizeQuestions(readStoredQuestions(stored), lang);
}

/** A legacy row has only `title`; newer rows keep every language in `titles`. */
export function readTitles(titles: unknown, title: string): LocalizedText {
  const parsed = storedLocalized.safeParse(titles);
  return parsed.success ? parsed.data : { [FALLBACK_LANGUAGE]: title };
}

// ---- targeting ----

/**
 * Whether a page URL (or path) matches a survey's pattern: a glob on the path (`*` is any run of
 * characters), anchored at both ends; no pattern matches every page, no URL matches no pattern.
 */
export function matchesUrlPattern(pattern: string | null | undefined, pageUrl: string | null | undefined): boolean {
  if (!pattern) return true;
  if (!pageUrl) return false;
  let path: string;
  try {
    path = new URL(pageUrl, "http://placeholder.invalid").pathname;
  } catch {
    return false;
  }
  return globMatch(pattern, path) || globMatch(pattern, safeDecode(path));
}

/**
 * Glob matching without a regular expression: the shopper controls the path and the merchant the
 * pattern, so a pattern of many stars must not backtrack exponentially. Two pointers, resuming
 * after the last star on a mismatch: O(pattern × text) at worst.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== "*" && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

// ---- answers ----

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
    case "rating":
    case "nps": {
      const { min, max } = question.scale ?? scaleOf(question.type)!;
      return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
        ? undefined
        : `must be an integer from ${min} to ${max}`;
    }
    case "single":
      return typeof value === "string" && question.options?.some((o) => o.value === value)
        ? undefined
        : `must be one of ${question.options?.map((o) => o.value).join(", ")}`;
    case "multiple": {
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
