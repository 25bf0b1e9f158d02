/**
 * Scale-out: the chat load of section 4 at 50 and 200 concurrent sessions, on the embedded
 * database (one instance) and on a PostgreSQL server with pgvector with 1, 2 and 4 app instances
 * behind a round-robin proxy (bench/lib/round-robin-proxy.mjs). Every configuration goes through
 * the proxy, so the comparison carries the same extra hop. The PostgreSQL server is the one the
 * tests use (scripts/postgres-test-server.sh: PostgreSQL 15, pgvector 0.8.1, fsync off — a
 * throwaway cluster, so writes are cheaper than on a durable server).
 */
import { spawn, fork, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { shopperQuestions, startApp, type BenchApp } from "../lib/app";
import { runChatLoad } from "../lib/chat-load";
import { NotRun, type BenchContext, type HeadlineRow, type SectionOutput } from "../lib/context";
import { percentile } from "../lib/metrics";
import { int, ms, num, table } from "../lib/report";

const DURATION_S = 20;
const LOADS = [50, 200];
const CONFIGS = [
  { label: "PGlite (embedded), 1 instance", database: "pglite" as const, instances: 1 },
  { label: "PostgreSQL, 1 instance", database: "postgres" as const, instances: 1 },
  { label: "PostgreSQL, 2 instances", database: "postgres" as const, instances: 2 },
  { label: "PostgreSQL, 4 instances", database: "postgres" as const, instances: 4 },
];

interface Run {
  config: string;
  instances: number;
  connections: number;
  ok: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

export async function runScaleOut(ctx: BenchContext): Promise<SectionOutput> {
  const questions = await shopperQuestions();
  const loadBefore = os.loadavg()[0];
  const server = await startPostgres(ctx.root);
  const runs: Run[] = [];
  try {
    for (const config of CONFIGS) {
      const env = config.database === "postgres" ? { DATABASE_URL: await createDatabase(server.url, `bench_${config.instances}_${Date.now()}`) } : {};
      // The first instance seeds the demo store; the others start once it exists.
      const apps: BenchApp[] = [await startApp(ctx.root, env)];
      try {
        for (let i = 1; i < config.instances; i++) apps.push(await startApp(ctx.root, env));
        const publicKey = apps[0].report.demo?.publicKey;
        if (!publicKey) throw new Error("the app started without the demo store");
        const proxy = await startProxy(ctx.root, apps.map((app) => app.url));
        try {
          for (const connections of LOADS) {
            const run = await chatLoad(proxy.url, publicKey, connections, questions);
            runs.push({ config: config.label, instances: config.instances, connections, ...run });
            ctx.log(`  ${config.label}, ${connections} sessions: ${num(run.rps, 1)} req/s, p50/p95/p99 ${ms(run.p50, 0)}/${ms(run.p95, 0)}/${ms(run.p99, 0)}, errors ${run.errors}`);
          }
        } finally {
          await proxy.close();
        }
      } finally {
        await Promise.all(apps.map((app) => app.close()));
      }
    }
  } finally {
    await server.stop();
  }
  const cores = os.availableParallelism();
  // Other work on the machine takes the same cores: the numbers mean little when this is high.
  const load = `1-minute load average ${num(loadBefore, 1)} before the section, ${num(os.loadavg()[0], 1)} after (${cores} cores)`;
  const md = [
    `\`POST /api/chat\` on the demo store without a language model, ${DURATION_S} s per run (autocannon), sessions from a pool the size of the load in round robin, questions from the demo eval set. Every configuration is behind the same local round-robin proxy (its own process). App instances, proxy, load generator and PostgreSQL share this machine's **${cores} cores**: past ${cores} busy processes, more instances only share the same cores. PostgreSQL is the test cluster of \`scripts/postgres-test-server.sh\` (15, pgvector 0.8.1, fsync off).`,
    "",
    table(
      ["Configuration", "Sessions", "req/s", "p50", "p95", "p99", "Errors"],
      runs.map((run) => [run.config, int(run.connections), num(run.rps, 1), ms(run.p50, 0), ms(run.p95, 0), ms(run.p99, 0), int(run.errors)]),
      ["l", "r", "r", "r", "r", "r", "r"],
    ),
    "",
    `Errors are non-2xx answers, connection errors and timeouts (30 s). Machine: ${load}; a load above the core count means other processes shared the cores and the runs measure that contention, not scale-out.`,
  ].join("\n");
  const at = (config: string, connections: number) => runs.find((run) => run.config === config && run.connections === connections);
  const one = at(CONFIGS[1].label, 50);
  const best = runs.filter((run) => run.connections === 50 && run.config.startsWith("PostgreSQL")).sort((a, b) => b.rps - a.rps)[0];
  const headline: HeadlineRow[] = one && best
    ? [
        {
          metric: `50 chat sessions on PostgreSQL: 1 instance vs the best of 1/2/4 (${cores} cores)`,
          ours: `${num(best.rps, 0)} req/s with ${best.instances}, p99 ${ms(best.p99, 0)}`,
          baseline: `${num(one.rps, 0)} req/s with 1, p99 ${ms(one.p99, 0)}`,
          ratio: `${num(best.rps / Math.max(1e-9, one.rps), 2)}×`,
        },
      ]
    : [];
  return { markdown: md, headline, data: { cores, loadBefore, loadAfter: os.loadavg()[0], durationS: DURATION_S, runs } };
}

async function chatLoad(url: string, publicKey: string, connections: number, questions: string[]): Promise<Omit<Run, "config" | "instances" | "connections">> {
  const load = await runChatLoad({ url, publicKey, connections, durationS: DURATION_S, questions });
  return {
    ok: load.ok,
    rps: load.ok / DURATION_S,
    p50: percentile(load.latencies, 50),
    p95: percentile(load.latencies, 95),
    p99: percentile(load.latencies, 99),
    errors: load.non2xx + load.errors + load.timeouts,
  };
}

/** The test suite's PostgreSQL (scripts/postgres-test-server.sh start): installs and builds what is missing, as root. */
export async function startPostgres(root: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn("bash", ["scripts/postgres-test-server.sh", "start"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (data: Buffer) => (out += data.toString()));
  child.stderr.on("data", (data: Buffer) => (err += data.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const url = /export DATABASE_URL='([^']+)'/.exec(out)?.[1];
  const dir = /postgres-test-server\.sh stop (\S+)/.exec(out)?.[1];
  if (code !== 0 || !url || !dir) throw new NotRun(`no PostgreSQL server: scripts/postgres-test-server.sh start failed (${err.trim().split("\n").at(-1) ?? code})`);
  return {
    url,
    stop: async () => {
      const stop = spawn("bash", ["scripts/postgres-test-server.sh", "stop", dir], { cwd: root, stdio: "ignore" });
      await new Promise((resolve) => stop.once("exit", resolve));
    },
  };
}

export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startProxy(root: string, upstreams: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const child: ChildProcess = fork(path.join(root, "bench/lib/round-robin-proxy.mjs"), [], { env: { ...process.env, UPSTREAMS: JSON.stringify(upstreams) }, execArgv: [], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the proxy exited (${code})`)));
    child.on("message", (message: any) => message?.type === "ready" && resolve(message.url));
  });
  child.removeAllListeners("exit");
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.send({ type: "close" });
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}
