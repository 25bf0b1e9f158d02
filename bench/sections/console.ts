/**
 * The merchant console's server side at scale: the conversation list (first page, a filter, a deep
 * page, a date range) at 100,000 chat logs in one shop with 50 other shops in the table (2,000 logs
 * each), and the leads CSV export of 100,000 leads — streamed (keyset pages) versus loading every
 * row first — measured as the process's peak RSS above its level before the export.
 */
import type { Database } from "~/db/open.server";
import { listConversations, type ConversationListQuery } from "~/conversations/conversations.server";
import { leadsCsvStream } from "~/leads/leads.server";
import { createShops } from "../lib/bulk";
import type { BenchContext, HeadlineRow, SectionOutput } from "../lib/context";
import { openBenchDatabase } from "../lib/db";
import { summarize, type LatencySummary } from "../lib/metrics";
import { duration, int, ms, num, ratio, table } from "../lib/report";

const SHOP_LOGS = 100_000;
const TURNS_PER_CONVERSATION = 4;
const OTHER_SHOPS = 50;
const OTHER_LOGS = 2_000;
const LEADS = 100_000;
const RUNS = 20;
const WARMUP = 3;

/** Chat logs spread over 90 days, 4 turns per conversation, ~15 % unanswered, some votes. */
async function insertChatLogs(db: Database, shopId: string, count: number) {
  await db.runner.query(
    `INSERT INTO chat_logs (id, shop_id, session_id, conversation_id, message, answer, language, provider, retrieval_ms, generation_ms, unanswered, feedback_vote, created_at)
     SELECT gen_random_uuid(), $1::uuid, c.session_id, c.conversation_id, 'Question ' || n || ' about jackets and delivery', 'An answer with a product link.',
            CASE WHEN n % 5 = 0 THEN 'ru' ELSE 'en' END, 'offline', 12, 3, (n % 7 = 0),
            CASE WHEN n % 11 = 0 THEN 'up' WHEN n % 13 = 0 THEN 'down' END,
            now() - ((n / $3::int) * interval '90 days' / ($2::int / $3::int)) + (n % $3::int) * interval '20 seconds'
     FROM generate_series(0, $2::int - 1) AS n
     JOIN LATERAL (SELECT md5($1 || (n / $3::int))::uuid AS conversation_id, md5('s' || $1 || (n / $3::int))::uuid AS session_id) c ON true`,
    [shopId, count, TURNS_PER_CONVERSATION],
  );
}

async function insertLeads(db: Database, shopId: string, count: number) {
  await db.runner.query(
    `INSERT INTO leads (id, shop_id, session_id, name, email, phone, notes, page_url, status, created_at, updated_at)
     SELECT gen_random_uuid(), $1::uuid, gen_random_uuid(), 'Shopper ' || n, 'shopper' || n || '@example.com', '+7 900 ' || lpad((n % 10000000)::text, 7, '0'),
            'Wants to know about delivery to Novosibirsk, order ' || n, 'https://shop.example/products/item-' || (n % 500), 'new',
            now() - (n * interval '1 minute'), now()
     FROM generate_series(1, $2::int) AS n`,
    [shopId, count],
  );
}

async function timeQuery(run: () => Promise<unknown>): Promise<LatencySummary> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const started = performance.now();
    await run();
    if (i >= WARMUP) times.push(performance.now() - started);
  }
  return summarize(times);
}

/** Peak RSS above the level before `run`, sampled every 10 ms. */
async function peakRss(run: () => Promise<void>): Promise<{ peakDeltaMb: number; ms: number }> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = performance.now();
  await run();
  const elapsed = performance.now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { peakDeltaMb: (peak - before) / 1024 / 1024, ms: elapsed };
}

export async function runConsole(ctx: BenchContext): Promise<SectionOutput> {
  const db = await openBenchDatabase();
  try {
    const started = performance.now();
    const [shopId, ...others] = await createShops(db, OTHER_SHOPS + 1, "Console bench");
    await insertChatLogs(db, shopId, SHOP_LOGS);
    for (const other of others) await insertChatLogs(db, other, OTHER_LOGS);
    await insertLeads(db, shopId, LEADS);
    await db.runner.exec("ANALYZE chat_logs; ANALYZE leads;");
    const loadMs = performance.now() - started;
    ctx.log(`console: loaded ${int(SHOP_LOGS + OTHER_SHOPS * OTHER_LOGS)} chat logs and ${int(LEADS)} leads in ${duration(loadMs)}`);

    const week = new Date(Date.now() - 7 * 86_400_000);
    const base: ConversationListQuery = { page: 1, pageSize: 50 };
    const cases: { label: string; query: ConversationListQuery }[] = [
      { label: "First page (50 of 25,000 conversations)", query: base },
      { label: "Unanswered only", query: { ...base, status: "unanswered" } },
      { label: "Page 100", query: { ...base, page: 100 } },
      { label: "Last 7 days", query: { ...base, from: week } },
    ];
    const latency: { label: string; total: number; stats: LatencySummary }[] = [];
    for (const c of cases) {
      const result = await listConversations(db.prisma, shopId, c.query);
      latency.push({ label: c.label, total: result.total, stats: await timeQuery(() => listConversations(db.prisma, shopId, c.query)) });
      ctx.log(`console: ${c.label}: p50 ${ms(latency.at(-1)!.stats.p50)}`);
    }

    let streamedBytes = 0;
    const streamed = await peakRss(async () => {
      const reader = leadsCsvStream(db.prisma, shopId, {}).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        streamedBytes += value.byteLength;
      }
    });
    let naiveBytes = 0;
    const naive = await peakRss(async () => {
      const rows = await db.prisma.lead.findMany({ where: { shopId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
      naiveBytes = Buffer.byteLength(rows.map((row) => Object.values(row).join(",")).join("\r\n"));
    });
    ctx.log(`console: CSV streamed peak +${num(streamed.peakDeltaMb)} MB, all-at-once +${num(naive.peakDeltaMb)} MB`);

    const md: string[] = [];
    md.push(
      `${int(SHOP_LOGS)} chat logs (${int(SHOP_LOGS / TURNS_PER_CONVERSATION)} conversations over 90 days) in one shop, ${OTHER_SHOPS} other shops with ${int(OTHER_LOGS)} logs each, embedded PGlite; ${RUNS} timed runs after ${WARMUP} warm-ups of \`listConversations\` (the query behind \`GET /api/shops/:id/conversations\` and the console's list). Load: ${duration(loadMs)}.`,
      "",
      table(
        ["Conversation list", "Matching", "p50", "p95", "max"],
        latency.map((row) => [row.label, int(row.total), ms(row.stats.p50), ms(row.stats.p95), ms(row.stats.max)]),
        ["l", "r", "r", "r", "r"],
      ),
      "",
      `Leads CSV export of ${int(LEADS)} leads, peak resident memory of the process above its level before the export (PGlite runs in the same process, so its buffers count too):`,
      "",
      table(
        ["Export", "Bytes", "Time", "Peak RSS increase"],
        [
          ["Streamed, keyset pages of 1,000 (ours)", int(streamedBytes), duration(streamed.ms), `${num(streamed.peakDeltaMb)} MB`],
          ["All rows loaded first (naive)", int(naiveBytes), duration(naive.ms), `${num(naive.peakDeltaMb)} MB`],
        ],
        ["l", "r", "r", "r"],
      ),
    );
    const headline: HeadlineRow[] = [
      { metric: "Console conversation list p95 at 100k chat logs", ours: ms(latency[0].stats.p95), baseline: "—", ratio: "—" },
      { metric: "Leads CSV (100k) peak RSS increase", ours: `${num(streamed.peakDeltaMb)} MB`, baseline: `${num(naive.peakDeltaMb)} MB (all rows first)`, ratio: ratio(naive.peakDeltaMb, streamed.peakDeltaMb) },
    ];
    return { markdown: md.join("\n"), data: { latency, csv: { streamed: { ...streamed, bytes: streamedBytes }, naive: { ...naive, bytes: naiveBytes } } }, headline };
  } finally {
    await db.close();
  }
}
