import type { PrismaClient } from "~/generated/prisma/client";
import { groupSimilarQuestions, type QuestionGroup, type QuestionRow } from "./question-groups";
import { daysOf, type DateRange } from "./range";

/**
 * The merchant's dashboard numbers for one shop and date range, aggregated in the database (every
 * query is filtered by shop and range on created_at, the server's clock). Top questions and
 * knowledge gaps read at most MAX_DISTINCT_QUESTIONS distinct texts (exact repeats already folded
 * by the database) and group them by similarity in memory.
 */
export interface AnalyticsTotals {
  widgetOpens: number;
  /** Shopper sessions with any widget event. */
  sessions: number;
  conversations: number;
  /** Shopper messages (one chat turn each). */
  messages: number;
  /** Turns whose retrieval found an answer / all turns; null without turns. */
  answeredRate: number | null;
  /** Turns the knowledge could not answer: shown beside the rate so it cannot flatter. */
  unanswered: number;
  /** A session lasts from its first to its last event, or as long as the page reported being open if longer. */
  averageSessionSeconds: number | null;
  quickPromptClicks: number;
  thumbsUp: number;
  thumbsDown: number;
  leads: number;
  surveyShown: number;
  surveyResponses: number;
  /** Responses / sessions shown a survey, capped at 1; null when no survey was shown. */
  surveyCompletionRate: number | null;
}

export interface DayPoint {
  date: string;
  widgetOpens: number;
  conversations: number;
  messages: number;
  unanswered: number;
  leads: number;
}

export interface AnalyticsSummary {
  range: { from: string; to: string };
  totals: AnalyticsTotals;
  series: DayPoint[];
  topQuestions: QuestionGroup[];
  /** Unanswered and thumbs-down questions grouped by similarity: the FAQ entries to write next. */
  knowledgeGaps: QuestionGroup[];
}

export const MAX_DISTINCT_QUESTIONS = 2_000;
/** A reported page duration beyond a day is a clock glitch, not a session. */
const MAX_SESSION_MS = 86_400_000;

export async function analyticsSummary(
  prisma: PrismaClient,
  shopId: string,
  range: DateRange,
  options: { top?: number } = {},
): Promise<AnalyticsSummary> {
  const top = options.top ?? 10;
  const [chat, events, leads, sessionMs, surveyResponses, questions] = await Promise.all([
    chatByDay(prisma, shopId, range),
    eventsByDay(prisma, shopId, range),
    leadsByDay(prisma, shopId, range),
    averageSessionMs(prisma, shopId, range),
    prisma.surveyResponse.count({ where: { shopId, createdAt: { gte: range.from, lt: range.to } } }),
    questionRows(prisma, shopId, range),
  ]);
  const chatTotal = chat.total ?? { messages: 0, conversations: 0, unanswered: 0, thumbs_up: 0, thumbs_down: 0 };
  const eventTotal = events.total ?? { opens: 0, sessions: 0, quick_prompt_clicks: 0, survey_shown: 0 };
  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString() },
    totals: {
      widgetOpens: eventTotal.opens,
      sessions: eventTotal.sessions,
      conversations: chatTotal.conversations,
      messages: chatTotal.messages,
      answeredRate: chatTotal.messages === 0 ? null : round((chatTotal.messages - chatTotal.unanswered) / chatTotal.messages, 4),
      averageSessionSeconds: sessionMs === null ? null : round(sessionMs / 1000, 1),
      quickPromptClicks: eventTotal.quick_prompt_clicks,
      thumbsUp: chatTotal.thumbs_up,
      thumbsDown: chatTotal.thumbs_down,
      unanswered: chatTotal.unanswered,
      leads: leads.total?.count ?? 0,
      surveyShown: eventTotal.survey_shown,
      surveyResponses,
      surveyCompletionRate: eventTotal.survey_shown === 0 ? null : round(Math.min(1, surveyResponses / eventTotal.survey_shown), 4),
    },
    series: daysOf(range).map((date) => ({
      date,
      widgetOpens: events.days.get(date)?.opens ?? 0,
      conversations: chat.days.get(date)?.conversations ?? 0,
      messages: chat.days.get(date)?.messages ?? 0,
      unanswered: chat.days.get(date)?.unanswered ?? 0,
      leads: leads.days.get(date)?.count ?? 0,
    })),
    topQuestions: groupSimilarQuestions(questions.all).slice(0, top),
    knowledgeGaps: groupSimilarQuestions(questions.gaps).slice(0, top),
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/**
 * Rows of `GROUP BY GROUPING SETS ((day), ())`: one per UTC day plus the whole range's row (day
 * null), so a table is scanned once for both the totals and the series. Distinct counts (sessions,
 * conversations) are counted over the range in the total row, not summed from the days.
 */
function splitDays<Row extends { day: string | null }>(rows: Row[]): { total: Row | undefined; days: Map<string, Row> } {
  const days = new Map<string, Row>();
  let total: Row | undefined;
  for (const row of rows) {
    if (row.day === null) total = row;
    else days.set(row.day, row);
  }
  return { total, days };
}

async function chatByDay(prisma: PrismaClient, shopId: string, range: DateRange) {
  return splitDays(
    await prisma.$queryRaw<{ day: string | null; messages: number; conversations: number; unanswered: number; thumbs_up: number; thumbs_down: number }[]>`
      SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
             count(*)::int AS messages,
             count(DISTINCT conversation_id)::int AS conversations,
             count(*) FILTER (WHERE unanswered)::int AS unanswered,
             count(*) FILTER (WHERE feedback_vote = 'up')::int AS thumbs_up,
             count(*) FILTER (WHERE feedback_vote = 'down')::int AS thumbs_down
      FROM chat_logs
      WHERE shop_id = ${shopId}::uuid AND created_at >= ${range.from} AND created_at < ${range.to}
      GROUP BY GROUPING SETS ((to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')), ())`,
  );
}

async function eventsByDay(prisma: PrismaClient, shopId: string, range: DateRange) {
  return splitDays(
    await prisma.$queryRaw<{ day: string | null; opens: number; sessions: number; quick_prompt_clicks: number; survey_shown: number }[]>`
      SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
             count(*) FILTER (WHERE type = 'widget_toggle' AND metadata->>'open' = 'true')::int AS opens,
             count(DISTINCT session_id)::int AS sessions,
             count(*) FILTER (WHERE type = 'quick_prompt_click')::int AS quick_prompt_clicks,
             count(DISTINCT session_id::text || coalesce(metadata->>'surveyId', '')) FILTER (WHERE type = 'survey_shown')::int AS survey_shown
      FROM widget_events
      WHERE shop_id = ${shopId}::uuid AND created_at >= ${range.from} AND created_at < ${range.to}
      GROUP BY GROUPING SETS ((to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')), ())`,
  );
}

async function leadsByDay(prisma: PrismaClient, shopId: string, range: DateRange) {
  return splitDays(
    await prisma.$queryRaw<{ day: string | null; count: number }[]>`
      SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS count
      FROM leads
      WHERE shop_id = ${shopId}::uuid AND created_at >= ${range.from} AND created_at < ${range.to}
      GROUP BY GROUPING SETS ((to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')), ())`,
  );
}

async function averageSessionMs(prisma: PrismaClient, shopId: string, range: DateRange): Promise<number | null> {
  const [row] = await prisma.$queryRaw<{ average: number | null }[]>`
    SELECT avg(length)::float8 AS average FROM (
      SELECT least(${MAX_SESSION_MS}::float8, greatest(
        extract(epoch FROM max(occurred_at) - min(occurred_at)) * 1000,
        max(CASE WHEN type = 'session_duration' AND jsonb_typeof(metadata->'durationMs') = 'number'
                 THEN (metadata->>'durationMs')::float8 END)
      )) AS length
      FROM widget_events
      WHERE shop_id = ${shopId}::uuid AND created_at >= ${range.from} AND created_at < ${range.to}
      GROUP BY session_id
    ) sessions`;
  return row?.average ?? null;
}

/**
 * Distinct questions (case, spacing and punctuation folded) with how often they were asked, went
 * unanswered or got a thumbs down, in one scan: the most asked wordings for the top questions, and
 * the wordings most often unanswered or voted down (counting only those turns) for the gaps.
 */
async function questionRows(prisma: PrismaClient, shopId: string, range: DateRange): Promise<{ all: QuestionRow[]; gaps: QuestionRow[] }> {
  const rows = await prisma.$queryRaw<{ example: string; count: number; gap_count: number; unanswered: number; thumbs_down: number; last_asked_at: Date; last_gap_at: Date | null; in_top: boolean; in_gaps: boolean }[]>`
    WITH wordings AS (
      SELECT min(message) AS example, count(*)::int AS count,
             count(*) FILTER (WHERE unanswered OR feedback_vote = 'down')::int AS gap_count,
             count(*) FILTER (WHERE unanswered)::int AS unanswered,
             count(*) FILTER (WHERE feedback_vote = 'down')::int AS thumbs_down,
             max(created_at) AS last_asked_at,
             max(created_at) FILTER (WHERE unanswered OR feedback_vote = 'down') AS last_gap_at
      FROM chat_logs
      WHERE shop_id = ${shopId}::uuid AND created_at >= ${range.from} AND created_at < ${range.to}
      GROUP BY btrim(regexp_replace(lower(message), '[^[:alnum:]]+', ' ', 'g'))
    ), ranked AS (
      SELECT *, row_number() OVER (ORDER BY count DESC, last_asked_at DESC) AS top_rank,
             row_number() OVER (ORDER BY gap_count DESC, last_gap_at DESC NULLS LAST) AS gap_rank
      FROM wordings
    )
    SELECT *, top_rank <= ${MAX_DISTINCT_QUESTIONS} AS in_top, (gap_count > 0 AND gap_rank <= ${MAX_DISTINCT_QUESTIONS}) AS in_gaps
    FROM ranked WHERE top_rank <= ${MAX_DISTINCT_QUESTIONS} OR (gap_count > 0 AND gap_rank <= ${MAX_DISTINCT_QUESTIONS})`;
  const all: QuestionRow[] = [];
  const gaps: QuestionRow[] = [];
  for (const row of rows) {
    const example = row.example.trim();
    if (row.in_top) all.push({ example, count: row.count, unanswered: row.unanswered, thumbsDown: row.thumbs_down, lastAskedAt: row.last_asked_at });
    if (row.in_gaps) gaps.push({ example, count: row.gap_count, unanswered: row.unanswered, thumbsDown: row.thumbs_down, lastAskedAt: row.last_gap_at ?? row.last_asked_at });
  }
  return { all, gaps };
}
