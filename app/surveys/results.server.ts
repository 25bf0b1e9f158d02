import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { isChoice, pickText, scaleOf, type QuestionType, type StoredQuestion } from "./questions";
import type { SurveyDetail } from "./surveys.server";

/**
 * A survey's results, aggregated in the database: the rows never come to the app except the one
 * page of text answers asked for. NPS follows the usual definition: promoters answer 9–10,
 * detractors 0–6, the score is the percentage of promoters minus that of detractors (−100…100).
 */
export interface QuestionResult {
  id: string;
  type: QuestionType;
  text: string;
  /** Responses that answered this question. */
  answered: number;
  /** Choice questions: every option with its count (a multiple-choice response counts once per option ticked). */
  options?: { value: string; label: string; count: number }[];
  /** Rating and NPS: the count of every score on the scale. */
  distribution?: { score: number; count: number }[];
  average?: number | null;
  nps?: { score: number | null; promoters: number; passives: number; detractors: number };
  /** Text questions: one page of answers, newest first. */
  textAnswers?: { items: { responseId: string; text: string; createdAt: string }[]; total: number; page: number; pageSize: number };
}

export interface SurveyResults {
  surveyId: string;
  language: string | null;
  responses: number;
  /** Shopper sessions the widget showed this survey to (survey_shown events). */
  shown: number;
  /** responses / shown, capped at 1 (answers can arrive from sessions whose events were lost); null before anyone saw it. */
  completionRate: number | null;
  questions: QuestionResult[];
}

export interface ResultsQuery {
  lang?: string | null;
  textPage: number;
  textPageSize: number;
}

interface ValueCount {
  question_id: string;
  /** null: the row counting the responses that answered the question. */
  value: string | null;
  count: number;
}

export async function surveyResults(prisma: PrismaClient, shopId: string, survey: SurveyDetail, query: ResultsQuery): Promise<SurveyResults> {
  const countable = survey.questions.filter((q) => q.type !== "text").map((q) => q.id);
  const [responses, shown, valueCounts] = await Promise.all([
    prisma.surveyResponse.count({ where: { shopId, surveyId: survey.id } }),
    shownSessions(prisma, shopId, survey.id),
    countValues(prisma, shopId, survey.id, countable),
  ]);
  const byQuestion = new Map<string, Map<string, number>>();
  const answered = new Map<string, number>();
  for (const row of valueCounts) {
    if (row.value === null) {
      answered.set(row.question_id, row.count);
      continue;
    }
    const counts = byQuestion.get(row.question_id) ?? new Map<string, number>();
    counts.set(row.value, row.count);
    byQuestion.set(row.question_id, counts);
  }
  const questions: QuestionResult[] = [];
  for (const question of survey.questions) {
    const base = { id: question.id, type: question.type, text: pickText(question.text, query.lang), answered: answered.get(question.id) ?? 0 };
    const counts = byQuestion.get(question.id) ?? new Map<string, number>();
    if (isChoice(question.type)) questions.push({ ...base, options: optionCounts(question, counts, query.lang) });
    else if (question.type === "text") questions.push({ ...base, textAnswers: await textAnswers(prisma, shopId, survey.id, question.id, base.answered, query) });
    else questions.push({ ...base, ...scoreSummary(question.type, counts) });
  }
  return {
    surveyId: survey.id,
    language: query.lang ?? null,
    responses,
    shown,
    completionRate: shown === 0 ? null : Math.min(1, responses / shown),
    questions,
  };
}

function optionCounts(question: StoredQuestion, counts: Map<string, number>, lang?: string | null) {
  const options = (question.options ?? []).map((o) => ({ value: o.value, label: pickText(o.label, lang), count: counts.get(o.value) ?? 0 }));
  // Answers to an option since removed from the survey still count: the merchant sees them as they were given.
  const known = new Set(options.map((o) => o.value));
  for (const [value, count] of counts) if (!known.has(value)) options.push({ value, label: value, count });
  return options;
}

/** Average, distribution and (for NPS) the score from the per-score counts. */
export function scoreSummary(type: "rating" | "nps", counts: Map<string, number>): Pick<QuestionResult, "distribution" | "average" | "nps"> {
  const { min, max } = scaleOf(type)!;
  const distribution = Array.from({ length: max - min + 1 }, (_, i) => ({ score: min + i, count: counts.get(String(min + i)) ?? 0 }));
  const total = distribution.reduce((sum, d) => sum + d.count, 0);
  const sum = distribution.reduce((acc, d) => acc + d.score * d.count, 0);
  const average = total === 0 ? null : Math.round((sum / total) * 100) / 100;
  if (type === "rating") return { distribution, average };
  const tally = (from: number, to: number) => distribution.filter((d) => d.score >= from && d.score <= to).reduce((acc, d) => acc + d.count, 0);
  const promoters = tally(9, 10);
  const passives = tally(7, 8);
  const detractors = tally(0, 6);
  const score = total === 0 ? null : Math.round(((promoters - detractors) / total) * 100);
  return { distribution, average, nps: { score, promoters, passives, detractors } };
}

/** Distinct sessions the survey was shown to (the widget sends survey_shown with its surveyId). */
export async function shownSessions(prisma: PrismaClient, shopId: string, surveyId: string, range?: { from: Date; to: Date }): Promise<number> {
  const rangeSql = range ? Prisma.sql`AND created_at >= ${range.from} AND created_at < ${range.to}` : Prisma.empty;
  const [row] = await prisma.$queryRaw<{ shown: number }[]>`
    SELECT count(DISTINCT session_id)::int AS shown FROM widget_events
    WHERE shop_id = ${shopId}::uuid AND type = 'survey_shown' AND metadata->>'surveyId' = ${surveyId} ${rangeSql}`;
  return row?.shown ?? 0;
}

/**
 * One scan of the responses: per question and answer value, how many responses gave it (each
 * ticked option of a multiple choice counts), plus a row with a null value counting the responses
 * that answered the question at all (option values are never null, so the marker cannot collide).
 * Text answers are only counted, never grouped.
 */
async function countValues(prisma: PrismaClient, shopId: string, surveyId: string, countable: string[]): Promise<ValueCount[]> {
  return prisma.$queryRaw<ValueCount[]>`
    SELECT a.key AS question_id, v.value, count(*)::int AS count
    FROM survey_responses r
    CROSS JOIN LATERAL jsonb_each(r.answers) a
    CROSS JOIN LATERAL jsonb_array_elements_text(
      CASE WHEN NOT (a.key = ANY(${countable}::text[])) THEN '[null]'::jsonb
           WHEN jsonb_typeof(a.value) = 'array' THEN a.value || '[null]'::jsonb
           ELSE jsonb_build_array(a.value, null) END
    ) v(value)
    WHERE r.shop_id = ${shopId}::uuid AND r.survey_id = ${surveyId}::uuid
    GROUP BY a.key, v.value`;
}

async function textAnswers(prisma: PrismaClient, shopId: string, surveyId: string, questionId: string, total: number, query: ResultsQuery) {
  const items = await prisma.$queryRaw<{ responseId: string; text: string; createdAt: Date }[]>`
    SELECT id AS "responseId", answers->>${questionId} AS text, created_at AS "createdAt"
    FROM survey_responses
    WHERE shop_id = ${shopId}::uuid AND survey_id = ${surveyId}::uuid AND jsonb_typeof(answers->${questionId}) = 'string'
    ORDER BY created_at DESC, id DESC
    LIMIT ${query.textPageSize} OFFSET ${(query.textPage - 1) * query.textPageSize}`;
  return {
    items: items.map((item) => ({ responseId: item.responseId, text: item.text, createdAt: item.createdAt.toISOString() })),
    total,
    page: query.textPage,
    pageSize: query.textPageSize,
  };
}
