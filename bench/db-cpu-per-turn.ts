/**
 * Database CPU per chat turn on PostgreSQL (docs/decisions/0003): starts the production build
 * (`npm run build` first) against a new database on a running test cluster, answers N chat turns
 * on the demo store (10 at a time, no language model) and reads the CPU time of every process of
 * that cluster from /proc before and after (Linux; the cluster must be on this machine).
 *
 *   eval "$(bash scripts/postgres-test-server.sh start)"
 *   npx tsx bench/db-cpu-per-turn.ts /tmp/palompy-pg-XXXXXX 400
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { shopperQuestions } from "./lib/app";

const [clusterDir, turnsArg] = process.argv.slice(2);
const serverUrl = process.env.DATABASE_URL;
if (!clusterDir || !serverUrl) throw new Error("usage: DATABASE_URL=… tsx bench/db-cpu-per-turn.ts <cluster folder printed by postgres-test-server.sh start> [turns]");
const turns = Number(turnsArg ?? 400);
const root = path.resolve(import.meta.dirname, "..");
const postmaster = Number(fs.readFileSync(path.join(clusterDir, "data/postmaster.pid"), "utf8").split("\n")[0]);
const ticksPerSecond = 100;

/** CPU ms of the postmaster (with its exited children) and its live children. */
function clusterCpuMs(): number {
  const stat = (pid: number | string) => fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const own = stat(postmaster);
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const pid of fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const fields = stat(pid);
      if (Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return (ticks / ticksPerSecond) * 1000;
}

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
const name = `cpu_per_turn_${Date.now()}`;
await admin.query(`CREATE DATABASE ${name}`);
await admin.end();
const url = new URL(serverUrl);
url.pathname = `/${name}`;

let output = "";
const limits = { PALOMPY_RATE_CHAT_PER_SESSION: "1000000", PALOMPY_RATE_CHAT_PER_IP: "1000000", PALOMPY_RATE_CHAT_PER_SHOP: "1000000", PALOMPY_RATE_PUBLIC_PER_IP: "1000000" };
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", NODE_ENV: "production" as const, PORT: "0", HOST: "127.0.0.1", DATABASE_URL: url.toString(), PALOMPY_DEMO: "1", PALOMPY_EMBEDDER: "local", PALOMPY_ADMIN_TOKEN: "cpu-per-turn-admin-token-0123", PALOMPY_LOG_LEVEL: "warn", ...limits };
const app = spawn(process.execPath, ["server/start.mjs"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
app.stdout.on("data", (data: Buffer) => (output += data.toString()));
app.stderr.on("data", (data: Buffer) => (output += data.toString()));
while (!/public key:\s+[0-9a-f-]{36}/.test(output) || !/listening on (\S+)/.test(output)) {
  if (app.exitCode !== null) throw new Error(`the app exited:\n${output}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const base = /listening on (\S+)/.exec(output)![1];
const publicKey = /public key:\s+([0-9a-f-]{36})/.exec(output)![1];
const questions = await shopperQuestions();
const turn = (i: number) =>
  fetch(`${base}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ shopPublicKey: publicKey, sessionId: randomUUID(), message: questions[i % questions.length] }),
  }).then((response) => response.text());

try {
  for (let i = 0; i < 20; i++) await turn(i); // warm caches and connections
  const before = clusterCpuMs();
  const started = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (next < turns) await turn(next++);
  }));
  const cpuMs = clusterCpuMs() - before;
  const wallMs = Date.now() - started;
  console.log(JSON.stringify({ turns, dbCpuMs: cpuMs, dbCpuMsPerTurn: cpuMs / turns, wallMs, turnsPerSecond: turns / (wallMs / 1000) }));
} finally {
  app.kill("SIGTERM");
  await new Promise((resolve) => app.once("exit", resolve));
}
