/**
 * Issue 21: the Revenue page's summary at scale — one shop with 1,000,000 widget events (page views
 * with holdout groups among them), 50,000 orders and 200,000 chat turns, among 20 other shops — and
 * a simulation with a known true lift, showing how often the page's 95% interval covers it.
 */
import { revenueSummary } from "~/revenue/summary.server";
import { compareProportions } from "~/revenue/statistics";
import { createShops, timed } from "../lib/bulk";
import type { BenchContext, SectionOutput } from "../lib/context";
import { createShop, openBenchDatabase } from "../lib/db";
import { summarize } from "../lib/metrics";
import { createRng } from "../lib/prng";
import { int, ms, num, table } from "../lib/report";

/** BENCH_REVENUE_EVENTS=100000 shrinks the shop (development runs); orders and chats scale with it. */
const EVENTS = Number(process.env.BENCH_REVENUE_EVENTS ?? 1_000_000);
const ORDERS = Math.round(EVENTS / 20);
const CHATS = Math.round(EVENTS / 5);
const OTHER_SHOPS = 20;
const RUNS = 10;
const WARMUP = 2;
const DAY_MS = 86_400_000;

async function seed(db: Awaited<ReturnType<typeof openBenchDatabase>>, shopId: string, others: string[]) {
  // Sessions s0..s(EVENTS/4): 4 events each, one of them a page view; 10% of sessions are control.
  await db.runner.exec(`
    INSERT INTO widget_events (id, shop_id, session_id, type, metadata, occurred_at, created_at)
    SELECT gen_random_uuid(), '${shopId}', md5('s' || (i / 4))::uuid,
           (ARRAY['page_view','widget_toggle','session_duration','message_sent'])[1 + i % 4],
           CASE WHEN i % 4 = 0 THEN jsonb_build_object('holdoutGroup', CASE WHEN (i / 4) % 10 = 0 THEN 'control' ELSE 'treatment' END) ELSE '{}'::jsonb END,
           now() - ((i % 30) * interval '1 day'), now() - ((i % 30) * interval '1 day')
    FROM generate_series(1, ${EVENTS}) i`);
  await db.runner.exec(`
    INSERT INTO chat_logs (id, shop_id, session_id, conversation_id, message, answer, language, provider, retrieval_ms, generation_ms, sources, created_at)
    SELECT gen_random_uuid(), '${shopId}', md5('s' || (i * 3))::uuid, md5('c' || i)::uuid, 'question', 'answer', 'en', 'offline', 5, 5,
           jsonb_build_array(jsonb_build_object('type', 'product', 'id', 'p' || (i % 500))), now() - ((i % 30) * interval '1 day')
    FROM generate_series(1, ${CHATS}) i`);
  await db.runner.exec(`
    INSERT INTO attributed_orders (id, shop_id, order_id, session_id, holdout_group, currency, total, line_items, status, assisted, influenced, placed_at, updated_at)
    SELECT gen_random_uuid(), '${shopId}', 'o' || i, md5('s' || ((i * 7919) % ${EVENTS / 4}))::uuid,
           CASE WHEN ((i * 7919) % ${EVENTS / 4}) % 10 = 0 THEN 'control' ELSE 'treatment' END,
           CASE WHEN i % 50 = 0 THEN 'USD' ELSE 'EUR' END, (20 + (i % 200))::numeric,
           jsonb_build_array(jsonb_build_object('productId', 'p' || (i % 700), 'quantity', 1)),
           CASE WHEN i % 40 = 0 THEN 'refunded' ELSE 'placed' END, i % 3 = 0, i % 6 = 0,
           now() - ((i % 30) * interval '1 day'), now()
    FROM generate_series(1, ${ORDERS}) i`);
  for (const other of others) {
    await db.runner.exec(`
      INSERT INTO widget_events (id, shop_id, session_id, type, metadata, occurred_at, created_at)
      SELECT gen_random_uuid(), '${other}', md5('${other}' || i)::uuid, 'page_view', '{}'::jsonb, now(), now() FROM generate_series(1, 5000) i`);
    await db.runner.exec(`
      INSERT INTO attributed_orders (id, shop_id, order_id, session_id, currency, total, placed_at, updated_at)
      SELECT gen_random_uuid(), '${other}', 'o' || i, md5('${other}' || i)::uuid, 'EUR', 10, now(), now() FROM generate_series(1, 500) i`);
  }
  await db.runner.exec("ANALYZE");
}

/** Runs of a holdout with a known true lift: how often the 95% interval covers it, how often it tells it from zero. */
function simulate(visitors: number, holdout: number, base: number, lift: number, runs: number) {
  const rng = createRng(21);
  let covered = 0;
  let distinguished = 0;
  const truth = base * lift - base;
  for (let run = 0; run < runs; run++) {
    const groups = { treatment: { visitors: 0, conversions: 0 }, control: { visitors: 0, conversions: 0 } };
    for (let i = 0; i < visitors; i++) {
      const control = rng() < holdout;
      const group = control ? groups.control : groups.treatment;
      group.visitors++;
      if (rng() < (control ? base : base * lift)) group.conversions++;
    }
    const result = compareProportions(groups.treatment, groups.control);
    if (result.interval && result.interval[0] <= truth && truth <= result.interval[1]) covered++;
    if (result.distinguishable) distinguished++;
  }
  return { visitors, holdout, base, lift, runs, coverage: covered / runs, power: distinguished / runs };
}

export async function runRevenue(ctx: BenchContext): Promise<SectionOutput> {
  const db = await openBenchDatabase();
  try {
    const shopId = await createShop(db, "revenue bench shop");
    const others = await createShops(db, OTHER_SHOPS, "other revenue shop");
    ctx.log(`revenue: seeding ${int(EVENTS)} events, ${int(ORDERS)} orders, ${int(CHATS)} chat turns…`);
    const { ms: seedMs } = await timed(() => seed(db, shopId, others));
    const range = { from: new Date(Date.now() - 30 * DAY_MS), to: new Date(Date.now() + 1000) };
    const times: number[] = [];
    let last: Awaited<ReturnType<typeof revenueSummary>> | undefined;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const { value, ms: elapsed } = await timed(() => revenueSummary(db.prisma, shopId, range));
      last = value;
      if (i >= WARMUP) times.push(elapsed);
    }
    const latency = summarize(times);
    const simulations = [simulate(40_000, 0.1, 0.05, 1.08, 200), simulate(40_000, 0.5, 0.05, 1.08, 200), simulate(200_000, 0.1, 0.05, 1.08, 100)];
    const markdown = [
      `One shop with ${int(EVENTS)} widget events (${int(EVENTS / 4)} sessions with a page view, 10% in the control group), ${int(ORDERS)} orders (2% in a second currency, 2.5% refunded) and ${int(CHATS)} chat turns, among ${OTHER_SHOPS} other shops; seeded in ${num(seedMs / 1000)} s. The 30-day summary (per-currency totals, conversion chatted vs not, the holdout comparison, the daily series) ${RUNS} times after ${WARMUP} warm-ups, in process on the embedded database:`,
      "",
      table(["summary", "p50", "p95", "max"], [["revenue summary, 30 days", ms(latency.p50), ms(latency.p95), ms(latency.max)]], ["l", "r", "r", "r"]),
      "",
      `Holdout seen by the summary: treatment ${int(last?.holdout?.treatment.visitors)} visitors / ${int(last?.holdout?.treatment.conversions)} converted, control ${int(last?.holdout?.control.visitors)} / ${int(last?.holdout?.control.conversions)}.`,
      "",
      "Simulated holdouts with a known true lift (+8% conversion on a 5% base rate): how often the page's 95% interval covers the true difference (should be about 95%), and how often the page says the difference is distinguishable from zero (the test's power):",
      "",
      table(
        ["visitors", "holdout", "runs", "interval covers the truth", "told apart from zero"],
        simulations.map((s) => [int(s.visitors), `${s.holdout * 100}%`, int(s.runs), `${num(s.coverage * 100)}%`, `${num(s.power * 100)}%`]),
        ["r", "r", "r", "r", "r"],
      ),
      "",
      "A merchant with 40,000 visitors and a 10% holdout will usually be told \"no difference can be told apart from zero yet\" for an 8% lift: the interval is honest about it, and the page says more visitors narrow it.",
    ].join("\n");
    return {
      markdown,
      data: { events: EVENTS, orders: ORDERS, chats: CHATS, seedMs, latency, simulations },
      headline: [{ metric: `Revenue summary p95 (${int(EVENTS)} events, ${int(ORDERS)} orders)`, ours: ms(latency.p95), baseline: "—", ratio: "—" }],
    };
  } finally {
    await db.close();
  }
}
