/**
 * Serving while a shop imports 2,000 products: `/healthz` p99 and another shop's chat p95 (offline
 * composer, JSON) idle and during the import, on the production build. The import is one
 * `POST /api/shops/:id/data?wait=true`; the probes run until it returns (synchronous import before
 * the job queue; a job that the request waits for after it). Set PALOMPY_BENCH_BEFORE_ROOT to the
 * folder of another build (e.g. a `git worktree` of the commit before the queue, built there) to
 * measure it the same way, side by side. This build runs twice: on the embedded database and on a
 * PostgreSQL server (scripts/postgres-test-server.sh, as section 4b), where the import and the chat
 * have their own connections; BENCH_JOBS_DATABASES=pglite leaves the server out.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH_ADMIN_TOKEN, shopperQuestions, startApp } from "../lib/app";
import { NotRun, type BenchContext, type HeadlineRow, type SectionOutput, type WeakSpot } from "../lib/context";
import { percentile } from "../lib/metrics";
import { ms, num, table } from "../lib/report";
import { syntheticProducts } from "../lib/synthetic";
import { chatTurn } from "./chat";
import { createDatabase, startPostgres } from "./scale-out";

const PRODUCTS = 2_000;
const IDLE_MS = 10_000;
const HEALTH_INTERVAL_MS = 25;

interface Probe {
  /** Milliseconds per probe; a failed probe (connection error) counts with the time it took to fail. */
  healthz: number[];
  healthzErrors: number;
  chat: number[];
  chatErrors: number;
}

interface BuildResult {
  label: string;
  database: "PGlite" | "PostgreSQL";
  idle: Probe;
  importing: Probe;
  importMs: number;
  importStatus: number;
  chunks: number | null;
}

const summary = (probe: Probe) => ({
  healthzP50: percentile(probe.healthz, 50),
  healthzP99: percentile(probe.healthz, 99),
  healthzMax: probe.healthz.length ? Math.max(...probe.healthz) : Number.NaN,
  healthzN: probe.healthz.length,
  healthzErrors: probe.healthzErrors,
  chatP50: percentile(probe.chat, 50),
  chatP95: percentile(probe.chat, 95),
  chatN: probe.chat.length,
  chatErrors: probe.chatErrors,
});

/** Probes `/healthz` on a fixed beat and chats sequentially with the demo shop until `until` settles. */
async function probeWhile(url: string, publicKey: string, questions: string[], until: Promise<unknown>): Promise<Probe> {
  const probe: Probe = { healthz: [], healthzErrors: 0, chat: [], chatErrors: 0 };
  let done = false;
  void until.finally(() => (done = true));
  const health = (async () => {
    while (!done) {
      const started = performance.now();
      try {
        await (await fetch(`${url}/healthz`)).arrayBuffer();
      } catch {
        probe.healthzErrors++;
      }
      probe.healthz.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, HEALTH_INTERVAL_MS));
    }
  })();
  const chat = (async () => {
    let i = 0;
    const sessionId = randomUUID();
    while (!done) {
      const turn = await chatTurn({ url } as never, { shopPublicKey: publicKey, sessionId, message: questions[i++ % questions.length] }).catch(() => null);
      if (turn?.status === 200) probe.chat.push(turn.ms);
      else probe.chatErrors++;
    }
  })();
  await until.catch(() => undefined);
  await Promise.all([health, chat]);
  return probe;
}

async function measureBuild(root: string, label: string, ctx: BenchContext, databaseUrl?: string): Promise<BuildResult> {
  ctx.log(`  ${label}: starting the app (${root})`);
  // ?wait=true must not give up before the import is done.
  const app = await startApp(root, { PALOMPY_JOB_WAIT_SECONDS: "900", PALOMPY_LOG_LEVEL: "warn", ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  try {
    const publicKey = app.report.demo!.publicKey;
    const questions = await shopperQuestions();
    const admin = (pathname: string, init: RequestInit = {}) =>
      fetch(`${app.url}${pathname}`, { ...init, headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, "content-type": "application/json" } });
    const shop = await (await admin("/api/shops", { method: "POST", body: JSON.stringify({ name: "Importing shop" }) })).json();
    // Warm up both paths.
    for (let i = 0; i < 5; i++) await chatTurn(app, { shopPublicKey: publicKey, sessionId: randomUUID(), message: questions[i] });

    ctx.log(`  ${label}: idle for ${IDLE_MS / 1000} s`);
    const idle = await probeWhile(app.url, publicKey, questions, new Promise((resolve) => setTimeout(resolve, IDLE_MS)));

    ctx.log(`  ${label}: importing ${PRODUCTS} products into another shop`);
    const body = JSON.stringify({ products: syntheticProducts(PRODUCTS, 8) });
    const started = performance.now();
    const imported = admin(`/api/shops/${shop.id}/data?wait=true`, { method: "POST", body }).then(async (response) => ({ status: response.status, json: await response.json() }));
    const importing = await probeWhile(app.url, publicKey, questions, imported);
    const importMs = performance.now() - started;
    const result = await imported;
    ctx.log(`  ${label}: import answered ${result.status} in ${(importMs / 1000).toFixed(1)} s`);
    return { label, database: databaseUrl ? "PostgreSQL" : "PGlite", idle, importing, importMs, importStatus: result.status, chunks: typeof result.json?.chunks === "number" ? result.json.chunks : null };
  } finally {
    await app.close();
  }
}

export async function runJobs(ctx: BenchContext): Promise<SectionOutput> {
  const results: BuildResult[] = [];
  const loadAtStart = os.loadavg()[0];
  const before = process.env.PALOMPY_BENCH_BEFORE_ROOT;
  if (before) {
    if (!existsSync(path.join(before, "build/server/index.js"))) throw new Error(`PALOMPY_BENCH_BEFORE_ROOT=${before} has no build/`);
    results.push(await measureBuild(before, "before", ctx));
  }
  results.push(await measureBuild(ctx.root, before ? "after" : "this build", ctx));
  let postgres: BuildResult | undefined;
  let postgresNotRun: string | undefined;
  const loadBetween = os.loadavg()[0];
  if ((process.env.BENCH_JOBS_DATABASES ?? "pglite,postgres").split(",").includes("postgres")) {
    try {
      const server = await startPostgres(ctx.root);
      try {
        postgres = await measureBuild(ctx.root, before ? "after" : "this build", ctx, await createDatabase(server.url, `bench_jobs_${Date.now()}`));
      } finally {
        await server.stop();
      }
    } catch (error) {
      if (!(error instanceof NotRun)) throw error;
      postgresNotRun = error.message;
    }
  }
  const loadAfter = os.loadavg()[0];

  const all = postgres ? [...results, postgres] : results;
  const rows = all.flatMap((result) =>
    (["idle", "importing"] as const).map((phase) => {
      const s = summary(result[phase]);
      return [
        result.label,
        result.database,
        phase === "idle" ? "idle" : `during the import (${(result.importMs / 1000).toFixed(1)} s)`,
        `${ms(s.healthzP50)} / ${ms(s.healthzP99)} / ${ms(s.healthzMax)} (n=${s.healthzN}${s.healthzErrors ? `, ${s.healthzErrors} failed` : ""})`,
        `${ms(s.chatP50)} / ${ms(s.chatP95)} (n=${s.chatN}${s.chatErrors ? `, ${s.chatErrors} errors` : ""})`,
      ];
    }),
  );
  const ratios = all.map((result) => {
    const idle = summary(result.idle);
    const busy = summary(result.importing);
    return { label: result.label, healthzP99: busy.healthzP99, chatRatio: busy.chatP95 / idle.chatP95, chatP95: busy.chatP95, idleChatP95: idle.chatP95 };
  });
  const current = ratios[results.length - 1];
  const onServer = postgres ? ratios.at(-1)! : undefined;
  const headline: HeadlineRow[] = [
    {
      metric: `/healthz p99 during a ${PRODUCTS}-product import`,
      ours: ms(current.healthzP99),
      baseline: ratios.length > 1 ? ms(ratios[0].healthzP99) : "—",
      ratio: ratios.length > 1 ? `${num(ratios[0].healthzP99 / current.healthzP99, 1)}× faster` : "—",
    },
    {
      metric: "Another shop's chat p95 during the import / idle",
      ours: `${num(current.chatRatio, 2)}×`,
      baseline: ratios.length > 1 ? `${num(ratios[0].chatRatio, 2)}×` : "—",
      ratio: "target ≤ 2×",
    },
    ...(onServer
      ? [
          {
            metric: "Another shop's chat p95 during the import / idle: PostgreSQL vs PGlite",
            ours: `${num(onServer.chatRatio, 2)}× (${ms(onServer.chatP95)})`,
            baseline: `${num(current.chatRatio, 2)}× (${ms(current.chatP95)})`,
            ratio: "target ≤ 2×",
          },
        ]
      : []),
  ];
  const weakSpots: WeakSpot[] = [
    {
      kind: "latency",
      what: `another shop's chat p95 during a ${PRODUCTS}-product import`,
      value: current.chatP95,
      display: `${ms(current.chatP95)} (idle ${ms(current.idleChatP95)})`,
      fix: "the embedded database is one backend shared by the import and the chat; PostgreSQL (DATABASE_URL) serves them on separate connections",
    },
  ];
  const markdown = [
    `A shop imports ${PRODUCTS} synthetic products (\`POST /api/shops/:id/data?wait=true\`, local embedder) while \`/healthz\` is probed every ${HEALTH_INTERVAL_MS} ms and the demo shop is asked the demo questions one after another (offline composer, JSON). Idle: the same probes for ${IDLE_MS / 1000} s before the import. PGlite: the embedded database in memory (one backend in its own thread, shared by the import and the chat). PostgreSQL: the server of \`scripts/postgres-test-server.sh\` (fsync off), the app's pool of 10 connections shared by the chat, the import job and the job queue. Both on this machine's ${os.availableParallelism()} cores with the app, the load generator and other work (1-minute load average ${num(loadAtStart, 1)} at the start, ${num(loadBetween, 1)} between the PGlite and the PostgreSQL run, ${num(loadAfter, 1)} at the end).${postgresNotRun ? ` **PostgreSQL not run:** ${postgresNotRun}.` : ""}${before ? " \"before\" is the build at PALOMPY_BENCH_BEFORE_ROOT (the synchronous import on the main thread), \"after\" this build (import job; the embedded database in its own thread)." : ""}`,
    "",
    table(["build", "database", "phase", "/healthz p50 / p99 / max", "chat p50 / p95"], rows, ["l", "l", "l", "r", "r"]),
    "",
    table(
      ["build", "database", "import time", "answer", "chat p95 importing / idle"],
      all.map((result, i) => [result.label, result.database, `${(result.importMs / 1000).toFixed(1)} s`, `${result.importStatus}${result.chunks !== null ? `, ${result.chunks} chunks` : ""}`, `${num(ratios[i].chatRatio, 2)}×`]),
      ["l", "l", "r", "l", "r"],
    ),
  ].join("\n");
  return { markdown, data: { products: PRODUCTS, loadAverage: { start: loadAtStart, between: loadBetween, end: loadAfter }, postgresNotRun, results: all.map((result) => ({ ...result, idle: summary(result.idle), importing: summary(result.importing) })) }, headline, weakSpots };
}
