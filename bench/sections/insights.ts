/**
 * The merchant console's read paths at scale: the analytics summary (30-day and 366-day ranges,
 * with top questions and knowledge gaps) at 100,000 chat logs and 100,000 widget events in one shop,
 * among 50 other shops with 2,000 chat logs each; a survey's results and its streamed CSV export at
 * 100,000 responses. The baseline for the knowledge gaps is the naive design: read every
 * unanswered/thumbs-down row of the range into the app and group there.
 */
import { groupSimilarQuestions } from "~/analytics/question-groups";
import { analyticsSummary } from "~/analytics/summary.server";
import type { Database } from "~/db/open.server";
import { surveyResults } from "~/surveys/results.server";
import { surveyResponsesCsv } from "~/surveys/responses-csv.server";
import { surveyInputSchema } from "~/surveys/questions";
import { createSurvey, getSurvey } from "~/surveys/surveys.server";
import { DEMO_QUERIES } from "../eval/demo-queries";
import { createShops, timed } from "../lib/bulk";
import type { BenchContext, HeadlineRow, SectionOutput, WeakSpot } from "../lib/context";
import { createShop, openBenchDatabase } from "../lib/db";
import { summarize, type LatencySummary } from "../lib/metrics";
import { int, ms, num, ratio, table } from "../lib/report";

/** BENCH_INSIGHTS_ROWS=10000 shrinks the shop (development runs). */
const ROWS = Number(process.env.BENCH_INSIGHTS_ROWS ?? 100_000);
const OTHER_SHOPS = 50;
const OTHER_ROWS = 2_000;
const RUNS = 12;
const WARMUP = 2;
const DAY_MS = 86_400_000;

/** Shopper wordings: the demo store's ru/en queries, each asked in a few spellings. */
const QUESTIONS = DEMO_QUERIES.map((query) => query.text);

async function seed(db: Database, shopId: string, others: string[], surveyId: string) {
  const sqlQuestions = `ARRAY[${QUESTIONS.map((q) => `'${q.replace(/'/g, "''")}'`).join(",")}]`;
  const n = QUESTIONS.length;
  // i → a question (skewed: low indexes are asked more), a spelling, a day in the last year.
  const chatRows = (shop: string, count: number) => `
    INSERT INTO chat_logs (id, shop_id, session_id, conversation_id, message, answer, language, provider, retrieval_ms, generation_ms, unanswered, feedback_vote, created_at)
    SELECT gen_random_uuid(), '${shop}', md5('s' || (i / 4))::uuid, md5('c' || (i / 4))::uuid,
           CASE i % 4 WHEN 0 THEN q WHEN 1 THEN lower(q) WHEN 2 THEN q || '?' ELSE q || ' please' END,
           'answer', 'en', 'offline', 5, 5, i % 5 = 0,
           CASE WHEN i % 11 = 0 THEN 'down' WHEN i % 13 = 0 THEN 'up' END,
           now() - ((i % 365) * interval '1 day') - ((i % 86400) * interval '1 second')
    FROM (SELECT i, (${sqlQuestions})[1 + floor(${n} * power(random(), 2))::int] AS q FROM generate_series(1, ${count}) i) s`;
  await db.runner.exec(chatRows(shopId, ROWS));
  for (const other of others) await db.runner.exec(chatRows(other, OTHER_ROWS));
  await db.runner.exec(`
    INSERT INTO widget_events (id, shop_id, session_id, type, metadata, occurred_at, created_at)
    SELECT gen_random_uuid(), '${shopId}', md5('s' || (i / 4))::uuid,
           (ARRAY['widget_toggle','quick_prompt_click','session_duration','survey_shown','page_view'])[1 + i % 5],
           CASE i % 5 WHEN 0 THEN '{"open": true}'::jsonb WHEN 2 THEN jsonb_build_object('durationMs', (i % 600) * 1000)
                      WHEN 3 THEN jsonb_build_object('surveyId', '${surveyId}') ELSE '{}'::jsonb END,
           now() - ((i % 365) * interval '1 day'), now() - ((i % 365) * interval '1 day')
    FROM generate_series(1, ${ROWS}) i`);
  await db.runner.exec(`
    INSERT INTO leads (id, shop_id, session_id, email, created_at, updated_at)
    SELECT gen_random_uuid(), '${shopId}', md5('lead' || i)::uuid, 'shopper' || i || '@example.com', now() - ((i % 365) * interval '1 day'), now()
    FROM generate_series(1, ${Math.round(ROWS / 20)}) i`);
  await db.runner.exec(`
    INSERT INTO survey_responses (id, survey_id, shop_id, session_id, answers, created_at)
    SELECT gen_random_uuid(), '${surveyId}', '${shopId}', md5('r' || i)::uuid,
           jsonb_build_object('goal', (ARRAY['hike','gift','city'])[1 + i % 3], 'nps', i % 11, 'seen', jsonb_build_array('Tents', 'Boots'),
                              'why', 'Answer number ' || i || ', with a comma and "quotes"'),
           now() - ((i % 365) * interval '1 day')
    FROM generate_series(1, ${ROWS}) i`);
  await db.runner.exec(`ANALYZE`);
}

async function measure(fn: () => Promise<unknown>): Promise<LatencySummary> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const { ms: elapsed } = await timed(fn);
    if (i >= WARMUP) times.push(elapsed);
  }
  return summarize(times);
}

/** The naive knowledge gaps: every gap row of the range into the app, grouped there. */
async function naiveGaps(db: Database, shopId: string, range: { from: Date; to: Date }) {
  const rows = await db.prisma.chatLog.findMany({
    where: { shopId, createdAt: { gte: range.from, lt: range.to }, OR: [{ unanswered: true }, { feedbackVote: "down" }] },
    select: { message: true, unanswered: true, feedbackVote: true, createdAt: true },
  });
  const groups = groupSimilarQuestions(
    rows.map((row) => ({ example: row.message, count: 1, unanswered: row.unanswered ? 1 : 0, thumbsDown: row.feedbackVote === "down" ? 1 : 0, lastAskedAt: row.createdAt })),
  );
  return { rows: rows.length, groups: groups.length };
}

/** Streams the CSV to nowhere, sampling the process's memory while it runs. */
async function exportCsv(db: Database, shopId: string, surveyId: string) {
  const survey = (await getSurvey(db.prisma, shopId, surveyId))!;
  global.gc?.();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }, 20);
  const started = performance.now();
  let bytes = 0;
  let lines = 0;
  const reader = surveyResponsesCsv(db.prisma, shopId, survey).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const byte of value) if (byte === 10) lines++;
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }
  clearInterval(sampler);
  return { ms: performance.now() - started, bytes, rows: lines - 1, heapGrowthBytes: peakHeap - before.heapUsed, rssGrowthBytes: peakRss - before.rss, csvBytes: bytes };
}

export async function runInsights(ctx: BenchContext): Promise<SectionOutput> {
  const db = await openBenchDatabase();
  try {
    const shopId = await createShop(db, "insights bench shop");
    const others = await createShops(db, OTHER_SHOPS, "other shop");
    const survey = await createSurvey(
      db.prisma,
      shopId,
      surveyInputSchema.parse({
        title: { en: "Bench survey" },
        questions: [
          { id: "goal", type: "single", text: { en: "What for?" }, options: [{ value: "hike", label: { en: "Hiking" } }, { value: "gift", label: { en: "Gift" } }, { value: "city", label: { en: "City" } }] },
          { id: "nps", type: "nps", text: { en: "Recommend?" } },
          { id: "seen", type: "multiple", text: { en: "Seen?" }, options: [{ label: { en: "Tents" } }, { label: { en: "Boots" } }] },
          { id: "why", type: "text", text: { en: "Why?" } },
        ],
      }),
    );
    const load = await timed(() => seed(db, shopId, others, survey.id));
    ctx.log(`  seeded ${int(ROWS)} chat logs, events and survey responses (+${int(OTHER_SHOPS * OTHER_ROWS)} chat logs of ${OTHER_SHOPS} other shops) in ${ms(load.ms, 0)}`);

    const now = Date.now();
    const month = { from: new Date(now - 30 * DAY_MS), to: new Date(now) };
    const year = { from: new Date(now - 366 * DAY_MS), to: new Date(now) };
    const summaryMonth = await measure(() => analyticsSummary(db.prisma, shopId, month));
    const summaryYear = await measure(() => analyticsSummary(db.prisma, shopId, year));
    const yearResult = await analyticsSummary(db.prisma, shopId, year);
    ctx.log(`  summary: 30 days p50 ${ms(summaryMonth.p50)}, 366 days p50 ${ms(summaryYear.p50)}`);
    const gapsNaive = await measure(() => naiveGaps(db, shopId, year));
    const naiveShape = await naiveGaps(db, shopId, year);
    const detail = (await getSurvey(db.prisma, shopId, survey.id))!;
    const results = await measure(() => surveyResults(db.prisma, shopId, detail, { textPage: 1, textPageSize: 20 }));
    const csv = await exportCsv(db, shopId, survey.id);
    ctx.log(`  survey results p50 ${ms(results.p50)}; CSV of ${int(csv.rows)} rows in ${ms(csv.ms, 0)}`);

    const rows = [
      ["Analytics summary, last 30 days", ms(summaryMonth.p50), ms(summaryMonth.p95)],
      ["Analytics summary, 366 days", ms(summaryYear.p50), ms(summaryYear.p95)],
      ["Knowledge gaps alone, naive (every gap row into the app), 366 days", ms(gapsNaive.p50), ms(gapsNaive.p95)],
      [`Survey results (${int(ROWS)} responses)`, ms(results.p50), ms(results.p95)],
    ];
    const markdown = [
      `One shop with ${int(ROWS)} chat logs, ${int(ROWS)} widget events, ${int(ROWS / 20)} leads and a survey with ${int(ROWS)} responses, spread over the last year, among ${OTHER_SHOPS} other shops with ${int(OTHER_ROWS)} chat logs each (PGlite in memory, domain functions called directly, ${RUNS} runs after ${WARMUP} warm-ups).`,
      "",
      table(["Path", "p50", "p95"], rows),
      "",
      `The 366-day summary found ${int(yearResult.knowledgeGaps.length)} gap groups (top: "${yearResult.knowledgeGaps[0]?.example ?? "—"}", ${int(yearResult.knowledgeGaps[0]?.count)} times) and ${int(yearResult.topQuestions.length)} top-question groups from ${int(yearResult.totals.messages)} messages. The naive gaps read ${int(naiveShape.rows)} rows into the app to form ${int(naiveShape.groups)} groups; ours reads at most 2,000 folded wordings.`,
      "",
      `CSV export of ${int(csv.rows)} responses (${num(csv.csvBytes / 1_048_576, 1)} MiB): ${ms(csv.ms, 0)}; JS heap growth at peak ${num(csv.heapGrowthBytes / 1_048_576, 1)} MiB, process RSS growth ${num(csv.rssGrowthBytes / 1_048_576, 1)} MiB (RSS includes the embedded database's own memory; the export holds one 500-row batch at a time).`,
    ].join("\n");
    const headline: HeadlineRow[] = [
      {
        metric: `Knowledge gaps over a year at ${int(ROWS)} chat logs (p50)`,
        ours: ms(summaryYear.p50),
        baseline: `${ms(gapsNaive.p50)} (gaps alone, rows in app)`,
        ratio: ratio(gapsNaive.p50, summaryYear.p50),
      },
    ];
    const weakSpots: WeakSpot[] = [
      { kind: "latency", what: `the 366-day analytics summary at ${int(ROWS)} chat logs (p95)`, value: summaryYear.p95, display: ms(summaryYear.p95), fix: "daily rollup tables refreshed by a background job instead of aggregating raw rows per request" },
    ];
    return {
      markdown,
      data: { rows: ROWS, otherShops: OTHER_SHOPS, otherRows: OTHER_ROWS, seedMs: load.ms, summaryMonth, summaryYear, gapsNaive, naiveShape, results, csv },
      headline,
      weakSpots,
    };
  } finally {
    await db.close();
  }
}
