// The analytics summary and survey results against the embedded database: every number derived
// from rows written here, another shop's (much larger) activity never counting.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupSimilarQuestions, type QuestionRow } from "~/analytics/question-groups";
import { daysOf, resolveRange } from "~/analytics/range";
import { analyticsSummary } from "~/analytics/summary.server";
import type { Database } from "~/db/open.server";
import { surveyResults, scoreSummary } from "~/surveys/results.server";
import { activateSurvey, createSurvey, getSurvey } from "~/surveys/surveys.server";
import { surveyInputSchema } from "~/surveys/questions";
import { createTestShop, openTestDatabase } from "../support/db";

const DAY = 86_400_000;
const FROM = new Date("2026-11-01T00:00:00Z");
const TO = new Date("2026-11-04T00:00:00Z");
const at = (day: number, hour = 12) => new Date(FROM.getTime() + day * DAY + hour * 3_600_000);

let db: Database;
let shopA: string;
let shopB: string;

interface Turn {
  message: string;
  day: number;
  unanswered?: boolean;
  vote?: "up" | "down";
  conversation?: string;
  session?: string;
}

async function addTurns(shopId: string, turns: Turn[]) {
  await db.prisma.chatLog.createMany({
    data: turns.map((t) => ({
      shopId,
      sessionId: t.session ?? randomUUID(),
      conversationId: t.conversation ?? randomUUID(),
      message: t.message,
      answer: "…",
      language: "en",
      provider: "offline",
      retrievalMs: 1,
      generationMs: 1,
      unanswered: t.unanswered ?? false,
      feedbackVote: t.vote ?? null,
      createdAt: at(t.day),
    })),
  });
}

async function addEvents(shopId: string, sessionId: string, events: { type: string; day: number; hour?: number; metadata?: object }[]) {
  await db.prisma.widgetEvent.createMany({
    data: events.map((e) => ({ shopId, sessionId, type: e.type, metadata: e.metadata ?? {}, occurredAt: at(e.day, e.hour), createdAt: at(e.day, e.hour) })),
  });
}

beforeAll(async () => {
  db = await openTestDatabase();
  shopA = (await createTestShop(db, "A")).id;
  shopB = (await createTestShop(db, "B")).id;

  const conversation = randomUUID();
  const session = randomUUID();
  await addTurns(shopA, [
    { message: "Do you ship to Canada?", day: 0, unanswered: true, conversation, session },
    { message: "do you  ship to canada", day: 0, unanswered: true },
    { message: "Can you ship to Canada??", day: 1, unanswered: true },
    { message: "Where is my order?", day: 1, vote: "down" },
    { message: "where's my order", day: 2, unanswered: true },
    { message: "Warm winter jacket", day: 2, vote: "up", conversation, session },
    { message: "Warm winter jacket", day: 2 },
    // Outside the range: never counted.
    { message: "Do you ship to Canada?", day: -1, unanswered: true },
    { message: "Do you ship to Canada?", day: 3, unanswered: true },
  ]);
  // Shop B is busier and has the same questions: none of it may leak into shop A's numbers.
  await addTurns(shopB, Array.from({ length: 40 }, (_, i) => ({ message: i % 2 ? "Do you ship to Canada?" : "Gift cards?", day: i % 3, unanswered: true, vote: "down" as const })));

  const s1 = randomUUID();
  const s2 = randomUUID();
  await addEvents(shopA, s1, [
    { type: "widget_toggle", day: 0, hour: 10, metadata: { open: true } },
    { type: "widget_toggle", day: 0, hour: 10, metadata: { open: false } },
    { type: "quick_prompt_click", day: 0, hour: 10 },
    { type: "session_duration", day: 0, hour: 10, metadata: { durationMs: 90_000 } },
  ]);
  // Second session spans 2 minutes between events, reports a shorter page duration.
  await db.prisma.widgetEvent.createMany({
    data: [
      { shopId: shopA, sessionId: s2, type: "widget_toggle", metadata: { open: true }, occurredAt: at(1, 9), createdAt: at(1, 9) },
      { shopId: shopA, sessionId: s2, type: "session_duration", metadata: { durationMs: 30_000 }, occurredAt: new Date(at(1, 9).getTime() + 120_000), createdAt: at(1, 9) },
    ],
  });
  await addEvents(shopB, randomUUID(), Array.from({ length: 30 }, () => ({ type: "widget_toggle", day: 1, metadata: { open: true } })));
  await db.prisma.lead.createMany({
    data: [
      { shopId: shopA, sessionId: randomUUID(), email: "a@example.com", createdAt: at(2) },
      { shopId: shopA, sessionId: randomUUID(), email: "old@example.com", createdAt: at(-3) },
      { shopId: shopB, sessionId: randomUUID(), email: "b@example.com", createdAt: at(2) },
    ],
  });
});
afterAll(() => db?.close());

describe("analytics summary", () => {
  it("counts one shop's activity in the range and nothing else", async () => {
    const summary = await analyticsSummary(db.prisma, shopA, { from: FROM, to: TO });
    expect(summary.totals).toEqual({
      widgetOpens: 2,
      sessions: 2,
      conversations: 6,
      messages: 7,
      answeredRate: round(3 / 7),
      unanswered: 4,
      // Session 1: 90 s reported; session 2: 120 s between its events beats its 30 s report.
      averageSessionSeconds: 105,
      quickPromptClicks: 1,
      thumbsUp: 1,
      thumbsDown: 1,
      leads: 1,
      surveyShown: 0,
      surveyResponses: 0,
      surveyCompletionRate: null,
    });
    expect(summary.series.map((d) => d.date)).toEqual(["2026-11-01", "2026-11-02", "2026-11-03"]);
    expect(summary.series.map((d) => d.messages)).toEqual([2, 2, 3]);
    expect(summary.series.map((d) => d.unanswered)).toEqual([2, 1, 1]);
    expect(summary.series.map((d) => d.widgetOpens)).toEqual([1, 1, 0]);
    expect(summary.series.map((d) => d.leads)).toEqual([0, 0, 1]);
  });

  it("groups unanswered and thumbs-down questions into knowledge gaps, with counts and an example", async () => {
    const { knowledgeGaps, topQuestions } = await analyticsSummary(db.prisma, shopA, { from: FROM, to: TO });
    expect(knowledgeGaps).toHaveLength(2);
    expect(knowledgeGaps[0]).toMatchObject({ count: 3, unanswered: 3, thumbsDown: 0 });
    expect(knowledgeGaps[0].example.toLowerCase()).toContain("ship to canada");
    expect(knowledgeGaps[0].variants).toHaveLength(1); // spellings differing only in case, spacing and punctuation are folded by the database into one wording
    expect(knowledgeGaps[1]).toMatchObject({ count: 2, unanswered: 1, thumbsDown: 1 });
    expect(knowledgeGaps[1].example.toLowerCase()).toContain("order");
    // An answered, liked question is a top question but never a gap.
    expect(topQuestions.map((q) => q.count)).toEqual([3, 2, 2]);
    expect(topQuestions.find((q) => q.example === "Warm winter jacket")).toMatchObject({ count: 2, unanswered: 0 });
    expect(knowledgeGaps.some((g) => g.example === "Warm winter jacket")).toBe(false);
  });

  it("gives an empty shop zeros, nulls and an all-zero series", async () => {
    const empty = (await createTestShop(db, "Empty")).id;
    const summary = await analyticsSummary(db.prisma, empty, { from: FROM, to: TO });
    expect(summary.totals).toMatchObject({ messages: 0, answeredRate: null, averageSessionSeconds: null, leads: 0 });
    expect(summary.series).toHaveLength(3);
    expect(summary.knowledgeGaps).toEqual([]);
  });

  it("reports survey completion: responses over sessions shown a survey", async () => {
    const shop = (await createTestShop(db, "Surveys")).id;
    const survey = await createSurvey(db.prisma, shop, surveyInputSchema.parse({ title: { en: "S" }, questions: [{ id: "r", type: "rating", text: { en: "Rate" } }] }));
    await activateSurvey(db.prisma, shop, survey.id);
    const sessions = Array.from({ length: 4 }, () => randomUUID());
    for (const sessionId of sessions) await addEvents(shop, sessionId, [{ type: "survey_shown", day: 1, metadata: { surveyId: survey.id } }]);
    await addEvents(shop, sessions[0], [{ type: "survey_shown", day: 1, metadata: { surveyId: survey.id } }]);
    await db.prisma.surveyResponse.create({ data: { shopId: shop, surveyId: survey.id, sessionId: sessions[0], answers: { r: 4 }, createdAt: at(1) } });
    const { totals } = await analyticsSummary(db.prisma, shop, { from: FROM, to: TO });
    expect(totals).toMatchObject({ surveyShown: 4, surveyResponses: 1, surveyCompletionRate: 0.25 });
  });
});

describe("survey results in the database", () => {
  it("averages ratings, scores NPS and ignores rows of another shop", async () => {
    const shop = (await createTestShop(db, "Results")).id;
    const input = surveyInputSchema.parse({
      title: { en: "S" },
      questions: [
        { id: "r", type: "rating", text: { en: "Rate" } },
        { id: "n", type: "nps", text: { en: "Recommend" } },
      ],
    });
    const { id } = await createSurvey(db.prisma, shop, input);
    const rows = [
      [5, 10],
      [4, 9],
      [1, 0],
      [3, 6],
      [5, 8],
    ];
    await db.prisma.surveyResponse.createMany({ data: rows.map(([r, n]) => ({ shopId: shop, surveyId: id, sessionId: randomUUID(), answers: { r, n } })) });
    // A row pointing at this survey but filed under another shop is not this shop's data.
    await db.prisma.surveyResponse.create({ data: { shopId: shopB, surveyId: id, sessionId: randomUUID(), answers: { r: 1, n: 0 } } });
    const survey = (await getSurvey(db.prisma, shop, id))!;
    expect(await getSurvey(db.prisma, shopB, id)).toBeNull();
    const results = await surveyResults(db.prisma, shop, survey, { textPage: 1, textPageSize: 10 });
    expect(results.responses).toBe(5);
    expect(results.completionRate).toBeNull();
    expect(results.questions[0].average).toBe(3.6);
    // Promoters 10, 9 (2); passives 8 (1); detractors 0, 6 (2): (2 − 2) / 5 = 0.
    expect(results.questions[1].nps).toEqual({ score: 0, promoters: 2, passives: 1, detractors: 2 });
  });

  it("scores NPS at the extremes", () => {
    const counts = (entries: [number, number][]) => new Map(entries.map(([score, count]) => [String(score), count]));
    expect(scoreSummary("nps", counts([[10, 3]])).nps?.score).toBe(100);
    expect(scoreSummary("nps", counts([[0, 1], [6, 1]])).nps?.score).toBe(-100);
    expect(scoreSummary("nps", counts([])).nps).toEqual({ score: null, promoters: 0, passives: 0, detractors: 0 });
    expect(scoreSummary("rating", counts([[1, 1], [2, 2]])).average).toBe(1.67);
  });
});

describe("question grouping", () => {
  const row = (example: string, count: number, extra: Partial<QuestionRow> = {}): QuestionRow => ({
    example,
    count,
    unanswered: count,
    thumbsDown: 0,
    lastAskedAt: new Date("2026-11-01T00:00:00Z"),
    ...extra,
  });

  it("joins rewordings, keeps different topics apart, most asked first (no vocabulary list: deliver and ship stay apart)", () => {
    const groups = groupSimilarQuestions([
      row("Do you deliver to Canada?", 1),
      row("Do you ship to Canada?", 4),
      row("How long does shipping to Canada take?", 2),
      row("What sizes do the boots come in?", 3),
      row("Boots sizes?", 1),
      row("Есть ли доставка в Казахстан?", 2, { thumbsDown: 1 }),
    ]);
    // "How long does shipping take" shares only two of its five words with "ship to Canada": delivery
    // time is its own FAQ line. Kazakhstan is another destination.
    expect(groups.map((g) => [g.example, g.count])).toEqual([
      ["Do you ship to Canada?", 4],
      ["What sizes do the boots come in?", 4],
      ["How long does shipping to Canada take?", 2],
      ["Есть ли доставка в Казахстан?", 2],
      ["Do you deliver to Canada?", 1],
    ]);
    expect(groups[1].variants).toEqual(["Boots sizes?"]);
    expect(groups[3].thumbsDown).toBe(1);
  });

  it("stays bounded: thousands of distinct questions group in one pass", () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => row(`question about product ${i} colour ${i % 7}`, 1));
    const groups = groupSimilarQuestions(rows);
    expect(groups.reduce((sum, g) => sum + g.count, 0)).toBe(2_000);
  });
});

describe("date range", () => {
  const now = new Date("2026-11-25T10:00:00Z");
  it("defaults to the last 30 days and reads dates as whole UTC days", () => {
    expect(resolveRange({}, now)).toEqual({ ok: true, range: { from: new Date(now.getTime() - 30 * DAY), to: now } });
    expect(resolveRange({ from: "2026-11-01", to: "2026-11-03" }, now)).toEqual({ ok: true, range: { from: FROM, to: new Date("2026-11-04T00:00:00Z") } });
    expect(daysOf({ from: FROM, to: TO })).toEqual(["2026-11-01", "2026-11-02", "2026-11-03"]);
  });

  it("refuses a reversed or too long range, naming the field", () => {
    expect(resolveRange({ from: "2026-11-05", to: "2026-11-01" }, now)).toMatchObject({ ok: false, field: "from" });
    expect(resolveRange({ from: "2024-01-01", to: "2025-12-31" }, now)).toMatchObject({ ok: false, field: "to" });
    expect(resolveRange({ from: "2024-01-01", to: "2024-12-31" }, now)).toMatchObject({ ok: true });
  });
});

function round(value: number) {
  return Math.round(value * 10_000) / 10_000;
}
