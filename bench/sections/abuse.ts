/**
 * Requests built to burn CPU (issue 16, items 1 and 4), on the production build: the chat turn p95
 * with a 2,000-character message that is nearly all spaces, and with "order" + 1,994 spaces + "x"
 * (the order-number pattern backtracked on it: n⁴; the last character keeps the message from being
 * trimmed); `/healthz` p50/p99 while 20 clients send requests
 * with 16,000-character paths (the log masking was quadratic on the logged path). With
 * PALOMPY_BENCH_BEFORE_ROOT=<folder of another build> the same runs against that build first, side
 * by side; a turn that does not finish within TURN_TIMEOUT_MS is reported as such and ends that
 * build's chat runs (its process is busy for good: it is killed when the section closes it).
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { startApp, type BenchApp } from "../lib/app";
import type { BenchContext, HeadlineRow, SectionOutput } from "../lib/context";
import { percentile } from "../lib/metrics";
import { ms, table } from "../lib/report";

const TURNS = 20;
const TURN_TIMEOUT_MS = 30_000;
const PATH_CLIENTS = 20;
const PATH_LOAD_MS = 8_000;
const IDLE_MS = 3_000;
const HEALTH_INTERVAL_MS = 25;
const LONG_PATH = `/${"a.".repeat(7_999)}b`;

const MESSAGES: Array<[string, string]> = [
  ["2,000 characters, nearly all spaces (\"jacket\" + 1,993 spaces + \"?\")", `jacket${" ".repeat(1_993)}?`],
  ["\"order\" + 1,994 spaces + \"x\" (the order-number attack)", `order${" ".repeat(1_994)}x`],
];

interface ChatRun {
  label: string;
  p50: number;
  p95: number;
  n: number;
  /** Set when a turn did not answer within TURN_TIMEOUT_MS. */
  timedOut: boolean;
  statuses: number[];
}

interface HealthRun {
  phase: string;
  p50: number;
  p99: number;
  max: number;
  n: number;
  pathRequests: number;
}

interface BuildResult {
  label: string;
  health: HealthRun[];
  chat: ChatRun[];
}

async function timedFetch(url: string, init: RequestInit, timeoutMs: number): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return { ms: performance.now() - started, status: response.status };
  } catch {
    return { ms: performance.now() - started, status: 0 };
  }
}

/** `/healthz` on a fixed beat for `forMs`, with `clients` sending the long path back to back meanwhile. */
async function probeHealth(app: BenchApp, phase: string, clients: number, forMs: number): Promise<HealthRun> {
  const until = Date.now() + forMs;
  const samples: number[] = [];
  let pathRequests = 0;
  const probe = (async () => {
    while (Date.now() < until) {
      samples.push((await timedFetch(`${app.url}/healthz`, {}, 30_000)).ms);
      await new Promise((resolve) => setTimeout(resolve, HEALTH_INTERVAL_MS));
    }
  })();
  const load = Array.from({ length: clients }, async () => {
    while (Date.now() < until) {
      await timedFetch(`${app.url}${LONG_PATH}`, {}, 30_000);
      pathRequests++;
    }
  });
  await Promise.all([probe, ...load]);
  return { phase, p50: percentile(samples, 50), p99: percentile(samples, 99), max: Math.max(...samples), n: samples.length, pathRequests };
}

async function chatRuns(app: BenchApp, publicKey: string, ctx: BenchContext, label: string): Promise<ChatRun[]> {
  const runs: ChatRun[] = [];
  for (const [name, message] of MESSAGES) {
    const times: number[] = [];
    const statuses: number[] = [];
    let timedOut = false;
    for (let i = 0; i < TURNS && !timedOut; i++) {
      const turn = await timedFetch(
        `${app.url}/api/chat`,
        { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ shopPublicKey: publicKey, sessionId: randomUUID(), message }) },
        TURN_TIMEOUT_MS,
      );
      statuses.push(turn.status);
      if (turn.status === 0) timedOut = true;
      else times.push(turn.ms);
    }
    ctx.log(`  ${label}: ${name}: ${timedOut ? `a turn did not answer within ${TURN_TIMEOUT_MS / 1000} s` : `p95 ${ms(percentile(times, 95))}`}`);
    runs.push({ label: name, p50: percentile(times, 50), p95: timedOut ? Number.POSITIVE_INFINITY : percentile(times, 95), n: times.length, timedOut, statuses });
    // The process is stuck in the pattern: nothing after it would measure anything.
    if (timedOut) break;
  }
  return runs;
}

async function measureBuild(root: string, label: string, ctx: BenchContext): Promise<BuildResult> {
  ctx.log(`  ${label}: starting the app (${root})`);
  // A generous start-up limit: on a shared, busy machine the app takes minutes to start.
  const app = await startApp(root, { PALOMPY_LOG_LEVEL: "info" }, 600_000);
  try {
    const publicKey = app.report.demo!.publicKey;
    for (let i = 0; i < 3; i++) await timedFetch(`${app.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ shopPublicKey: publicKey, sessionId: randomUUID(), message: "warm jacket?" }) }, TURN_TIMEOUT_MS);
    ctx.log(`  ${label}: /healthz idle, then with ${PATH_CLIENTS} clients sending ${LONG_PATH.length.toLocaleString("en")}-character paths`);
    const health = [await probeHealth(app, "idle", 0, IDLE_MS), await probeHealth(app, `${PATH_CLIENTS} clients sending 16,000-character paths`, PATH_CLIENTS, PATH_LOAD_MS)];
    const chat = await chatRuns(app, publicKey, ctx, label);
    return { label, health, chat };
  } finally {
    await app.close();
  }
}

const showP95 = (run: ChatRun | undefined) => (!run ? "not run (the process was stuck)" : run.timedOut ? `> ${TURN_TIMEOUT_MS / 1000} s (no answer; process stuck)` : `${ms(run.p50)} / ${ms(run.p95)} (n=${run.n})`);

const p95Only = (run: ChatRun | undefined) => (!run ? "not run" : run.timedOut ? `> ${TURN_TIMEOUT_MS / 1000} s (stuck)` : ms(run.p95));

export async function runAbuse(ctx: BenchContext): Promise<SectionOutput> {
  const results: BuildResult[] = [];
  const before = process.env.PALOMPY_BENCH_BEFORE_ROOT;
  if (before) {
    if (!existsSync(path.join(before, "build/server/index.js"))) throw new Error(`PALOMPY_BENCH_BEFORE_ROOT=${before} has no build/`);
    results.push(await measureBuild(before, "before", ctx));
  }
  results.push(await measureBuild(ctx.root, before ? "after" : "this build", ctx));

  const healthRows = results.flatMap((result) => result.health.map((run) => [result.label, run.phase, `${ms(run.p50)} / ${ms(run.p99)} / ${ms(run.max)} (n=${run.n})`, run.pathRequests ? String(run.pathRequests) : "—"]));
  const chatRows = results.flatMap((result) => MESSAGES.map(([name], index) => [result.label, name, showP95(result.chat[index])]));
  const current = results.at(-1)!;
  const baseline = results.length > 1 ? results[0] : undefined;
  const headline: HeadlineRow[] = [
    {
      metric: "Chat turn p95, \"order\" + 1,994 spaces + \"x\"",
      ours: p95Only(current.chat[1]),
      baseline: baseline ? p95Only(baseline.chat[1]) : "—",
      ratio: "—",
    },
    {
      metric: `/healthz p99 while ${PATH_CLIENTS} clients send 16,000-character paths`,
      ours: ms(current.health[1].p99),
      baseline: baseline ? ms(baseline.health[1].p99) : "—",
      ratio: baseline ? `${(baseline.health[1].p99 / current.health[1].p99).toFixed(0)}× faster` : "—",
    },
  ];
  const markdown = [
    "Requests built to burn CPU in a pattern or in the logger, on the production build (offline composer, request logs on at info level, as in production).",
    "",
    table(["Build", "Chat message", "Turn p50 / p95"], chatRows),
    "",
    table(["Build", "Phase", "/healthz p50 / p99 / max", "Long-path requests answered"], healthRows),
    "",
    before
      ? `"before" is the build in \`${before}\`.`
      : "Only this build was measured; set `PALOMPY_BENCH_BEFORE_ROOT` to a build of another commit to measure it side by side.",
  ].join("\n");
  return { markdown, data: results, headline };
}
