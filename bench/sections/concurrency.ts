/**
 * Concurrency: 50 parallel chat sessions for 30 s against the production build (demo store, no
 * language model: the server's own capacity), with autocannon's programmatic API. Each request
 * takes the next session of a pool of 50 (round robin, so sessions carry multi-turn history) and
 * the next shopper question. Rate limits are raised via env so the limiter does not answer instead
 * of the chat. Afterwards every successful turn must be in chat_logs.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { shopperQuestions, startApp } from "../lib/app";
import { runChatLoad } from "../lib/chat-load";
import type { BenchContext, HeadlineRow, SectionOutput, WeakSpot } from "../lib/context";
import { summarize } from "../lib/metrics";
import { int, ms, num, table } from "../lib/report";

export const CONNECTIONS = 50;
export const DURATION_S = 30;

export async function runConcurrency(ctx: BenchContext): Promise<SectionOutput> {
  const questions = await shopperQuestions();
  const app = await startApp(ctx.root, {});
  try {
    const publicKey = app.report.demo?.publicKey;
    if (!publicKey) throw new Error("the app started without the demo store");
    const before = Number((await app.query<{ n: number }>(`SELECT count(*)::int AS n FROM chat_logs`))[0].n);
    const load = await runChatLoad({ url: app.url, publicKey, connections: CONNECTIONS, durationS: DURATION_S, questions });
    // Turns still in flight when autocannon stopped may finish and be logged: let them settle.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = Number((await app.query<{ n: number }>(`SELECT count(*)::int AS n FROM chat_logs`))[0].n);
    const logged = after - before;
    // A 200 whose turn fell back because something failed (retrieval, the model) is an error too.
    const failedTurns = Number(
      (await app.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT fallback_reason FROM chat_logs ORDER BY created_at DESC LIMIT ${Math.max(0, logged)}) t WHERE fallback_reason IS NOT NULL AND fallback_reason <> 'client_disconnected'`))[0].n,
    );
    const { ok, non2xx, errors, timeouts, statuses } = load;
    const stats = summarize(load.latencies);
    const rps = ok / DURATION_S;
    ctx.log(`  ${int(ok)} turns in ${DURATION_S} s (${num(rps)} req/s), p95 ${num(stats.p95)} ms, non-2xx ${non2xx}, errors ${errors}, logged ${logged}`);
    const md = [
      `${CONNECTIONS} connections for ${DURATION_S} s (autocannon ${autocannonVersion()}), \`POST /api/chat\` JSON on the demo store without a language model (offline composer: this measures the server — retrieval, guardrails, composing, logging — not a model provider), sessions from a pool of ${CONNECTIONS} in round robin, questions from the demo eval set. App and load generator are separate processes on the same ${os.availableParallelism()}-core machine, so the load generator takes CPU from the app.`,
      "",
      table(
        ["Metric", "Value"],
        [
          ["Successful turns (2xx)", int(ok)],
          ["Requests per second (2xx ÷ duration)", num(rps, 1)],
          ["Latency p50 / p95 / p99 (autocannon responses)", `${ms(stats.p50, 0)} / ${ms(stats.p95, 0)} / ${ms(load.autocannonLatency?.p99, 0)}`],
          ["Latency max", ms(stats.max, 0)],
          ["Non-2xx responses", `${int(non2xx)}${statuses.size > 1 || (statuses.size === 1 && !statuses.has(200)) ? ` (${[...statuses].map(([code, n]) => `${code}: ${n}`).join(", ")})` : ""}`],
          ["Connection errors / timeouts", `${int(errors)} / ${int(timeouts)}`],
          ["Turns answered through a failure fallback (fallback_reason set: retrieval or model failed)", int(failedTurns)],
          ["Turns written to chat_logs", int(logged)],
          ["Successful turns missing from chat_logs", int(Math.max(0, ok - logged))],
        ],
        ["l", "r"],
      ),
      "",
      logged >= ok
        ? `Every successful turn is in chat_logs${logged > ok ? ` (${logged - ok} more rows: turns the server finished after autocannon stopped waiting)` : ""}.`
        : `**${ok - logged} successful turns are missing from chat_logs.**`,
    ].join("\n");
    const headline: HeadlineRow[] = [
      {
        metric: `${CONNECTIONS} concurrent chat sessions for ${DURATION_S} s (no LLM): req/s, p95, errors`,
        ours: `${num(rps, 0)} req/s, p95 ${ms(stats.p95, 0)}, ${int(non2xx + errors + timeouts + failedTurns)} errors (non-2xx, connection, timeouts and failure fallbacks)`,
        baseline: "—",
        ratio: logged >= ok ? "all turns logged" : `${ok - logged} turns not logged`,
      },
    ];
    const weakSpots: WeakSpot[] = [
      {
        kind: "latency",
        what: `the chat turn at p95 under ${CONNECTIONS} concurrent sessions`,
        value: stats.p95,
        display: `${ms(stats.p95, 0)} at ${num(rps, 0)} req/s`,
        fix: "embedded PGlite is one single-threaded Postgres backend, so every turn's queries queue behind each other; PostgreSQL (DATABASE_URL) with a connection pool, or more app instances on it, scales this out",
      },
    ];
    return {
      markdown: md,
      headline,
      weakSpots,
      data: { connections: CONNECTIONS, durationS: DURATION_S, ok, non2xx, failedTurns, errors, timeouts, statuses: Object.fromEntries(statuses), rps, latency: stats, autocannonLatency: load.autocannonLatency, logged },
    };
  } finally {
    await app.close();
  }
}

function autocannonVersion(): string {
  try {
    return JSON.parse(readFileSync(path.join(process.cwd(), "node_modules/autocannon/package.json"), "utf8")).version;
  } catch {
    return "?";
  }
}
