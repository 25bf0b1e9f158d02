// Where a chat turn's time goes, counted rather than timed against a noisy machine: runs the
// production build in this process (demo store, in-memory database, no model, like bench section
// "chat"), answers the chat bench's turns and reports per turn the SQL statements sent, their
// round-trip time, and this process's CPU time (the database worker thread included).
//
//   npm run build && node bench/chat-turn-profile.mjs [turns] [--statements]
//
// --cpu-prof=FILE writes a V8 CPU profile of this thread over the measured turns only.
// --replay runs one recorded example of each statement kind 30 times afterwards: CPU per statement.
// --statements also lists each statement kind (its first line) with its count and time per turn.
// --slowest lists the turns above the 90th percentile of wall time: their question and statements.
// --by-pass also splits the measured turns into passes over the questions (turns = 2 × their count
// for two): each statement kind's time per turn in each pass, the first pass asking every question
// for the first time since the start, as bench section "chat" does.
// The numbers are for comparing two builds back to back, not a latency benchmark (bench/sections/chat.ts).
import { randomUUID } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import pg from "pg";

const turns = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 100);
const listStatements = process.argv.includes("--statements");
const profileFile = process.argv.find((arg) => arg.startsWith("--cpu-prof="))?.slice("--cpu-prof=".length);
const root = process.cwd();
Object.assign(process.env, {
  NODE_ENV: "production",
  PALOMPY_DATA_DIR: "memory://",
  PALOMPY_ADMIN_TOKEN: "profile-admin-token-0123456789abcdef",
  PALOMPY_DEMO: "1",
  PALOMPY_EMBEDDER: "local",
  PALOMPY_LOG_LEVEL: "warn",
  PALOMPY_RATE_CHAT_PER_SESSION: "1000000",
  PALOMPY_RATE_CHAT_PER_IP: "1000000",
  PALOMPY_RATE_CHAT_PER_SHOP: "1000000",
  PALOMPY_RATE_PUBLIC_PER_IP: "1000000",
});
for (const key of Object.keys(process.env)) if (key.startsWith("OPENAI_")) delete process.env[key];

let counting = false;
const listSlowest = process.argv.includes("--slowest");
/** The current turn's statements (kind and ms), for --slowest. */
let turnStatements = [];
const statements = new Map();
const examples = new Map();
const replay = process.argv.includes("--replay");
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, ...rest) {
  if (!counting) return originalQuery.call(this, config, ...rest);
  const text = typeof config === "string" ? config : (config?.text ?? "");
  // Statements of one kind differ in their parameter lists ($1, $2… of an IN list) only.
  // A statement planned once (rawQuery's `generic`) is executed by name with its values inline.
  const kind = text.replace(/\s+/g, " ").replace(/\$\d+(, \$\d+)*/g, "$n").replace(/(EXECUTE \w+)\(.*$/, "$1(…)").trim().slice(0, 400);
  if (replay && !examples.has(kind) && typeof config === "string" && Array.isArray(rest[0])) examples.set(kind, { text: config, values: rest[0] });
  else if (replay && !examples.has(kind) && typeof config?.text === "string") examples.set(kind, { text: config.text, values: config.values ?? [] });
  const started = performance.now();
  const record = () => {
    const entry = statements.get(kind) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += performance.now() - started;
    statements.set(kind, entry);
    turnStatements.push({ kind, ms: performance.now() - started });
  };
  // pg.Pool#query passes a callback; Prisma's adapter and the job queue may await a promise.
  const callback = typeof rest.at(-1) === "function" ? rest.pop() : typeof config?.callback === "function" ? config.callback : undefined;
  if (callback) {
    const done = (...args) => {
      record();
      return callback(...args);
    };
    if (typeof config?.callback === "function") config.callback = done;
    else rest.push(done);
  }
  const result = originalQuery.call(this, config, ...rest);
  if (!callback && result && typeof result.then === "function") result.then(record, record);
  return result;
};

const build = await import(pathToFileURL(path.join(root, "build/server/index.js")).href);
const report = await build.entry.module.startPalompy();
const { listen } = await import(pathToFileURL(path.join(root, "server/http.mjs")).href);
const http = await listen({ build, clientDir: path.join(root, "build/client"), port: 0, host: "127.0.0.1" });
const { DEMO_QUERIES } = await import(pathToFileURL(path.join(root, "bench/eval/demo-queries.ts")).href).catch(() => ({ DEMO_QUERIES: undefined }));
const questions = DEMO_QUERIES?.map((query) => query.text) ?? ["Do you have a warm winter jacket?", "Какая палатка самая лёгкая?", "How long does delivery take?"];

/** CPU ms of each thread of this process (Linux), by thread name and id. */
function threadCpuMs() {
  const threads = new Map();
  try {
    for (const tid of fs.readdirSync("/proc/self/task")) {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      threads.set(`${name}#${tid}`, ((Number(fields[11]) + Number(fields[12])) / 100) * 1000);
    }
  } catch {
    // not Linux
  }
  return threads;
}

async function turn(message) {
  const response = await fetch(`${http.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ shopPublicKey: report.demo.publicKey, sessionId: randomUUID(), message }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`chat ${response.status}: ${text.slice(0, 200)}`);
}

try {
  for (let i = 0; i < 10; i++) await turn(questions[i % questions.length]);
  const inspector = profileFile ? new Session() : undefined;
  if (inspector) {
    inspector.connect();
    await inspector.post("Profiler.enable");
    await inspector.post("Profiler.start");
  }
  counting = true;
  const threadsBefore = threadCpuMs();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const perTurn = [];
  for (let i = 0; i < turns; i++) {
    turnStatements = [];
    const turnStarted = performance.now();
    await turn(questions[i % questions.length]);
    perTurn.push({ question: questions[i % questions.length], ms: performance.now() - turnStarted, statements: turnStatements });
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const threads = [...threadCpuMs()].map(([thread, ms]) => [thread, ms - (threadsBefore.get(thread) ?? 0)]).filter(([, ms]) => ms > 0);
  counting = false;
  if (inspector) {
    const { profile } = await inspector.post("Profiler.stop");
    fs.writeFileSync(profileFile, JSON.stringify(profile));
    inspector.disconnect();
  }
  const all = [...statements.values()].reduce((sum, entry) => ({ count: sum.count + entry.count, ms: sum.ms + entry.ms }), { count: 0, ms: 0 });
  console.log(
    JSON.stringify({
      turns,
      statementsPerTurn: +(all.count / turns).toFixed(2),
      sqlMsPerTurn: +(all.ms / turns).toFixed(2),
      cpuMsPerTurn: +((cpu.user + cpu.system) / 1000 / turns).toFixed(2),
      wallMsPerTurn: +(wallMs / turns).toFixed(2),
      threadCpuMsPerTurn: Object.fromEntries(threads.sort((a, b) => b[1] - a[1]).map(([thread, ms]) => [thread, +(ms / turns).toFixed(2)])),
    }),
  );
  if (listStatements) {
    for (const [kind, entry] of [...statements].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(`${(entry.count / turns).toFixed(2).padStart(6)} × ${(entry.ms / turns).toFixed(2).padStart(6)} ms  ${kind.slice(0, 220)}`);
    }
  }
  if (process.argv.includes("--by-pass")) {
    for (let start = 0; start < perTurn.length; start += questions.length) {
      const pass = perTurn.slice(start, start + questions.length);
      const kinds = new Map();
      for (const statement of pass.flatMap((entry) => entry.statements)) kinds.set(statement.kind, (kinds.get(statement.kind) ?? 0) + statement.ms);
      const wall = pass.reduce((sum, entry) => sum + entry.ms, 0) / pass.length;
      console.log(`pass ${start / questions.length + 1} (${pass.length} turns): ${wall.toFixed(2)} ms a turn`);
      for (const [kind, ms] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`${(ms / pass.length).toFixed(2).padStart(8)} ms  ${kind.slice(0, 100)}`);
    }
  }
  if (listSlowest) {
    const sorted = [...perTurn].sort((a, b) => a.ms - b.ms);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].ms.toFixed(1);
    console.log(`wall per turn: p50 ${at(0.5)} p90 ${at(0.9)} p95 ${at(0.95)} ms`);
    for (const slow of sorted.slice(Math.floor(0.9 * sorted.length)).reverse()) {
      const sql = slow.statements.reduce((sum, statement) => sum + statement.ms, 0);
      console.log(`${slow.ms.toFixed(1).padStart(6)} ms, ${slow.statements.length} statements ${sql.toFixed(1)} ms  ${slow.question}`);
      for (const statement of slow.statements) console.log(`        ${statement.ms.toFixed(2).padStart(6)} ms  ${statement.kind.slice(0, 100)}`);
    }
  }
  if (replay) {
    const context = await build.entry.module.getAppContext();
    for (const [kind, example] of examples) {
      if (!/^\(?(SELECT|WITH)/i.test(example.text.trim())) continue; // writes change what they replay against
      const rounds = 30;
      const before = process.cpuUsage();
      const replayStarted = performance.now();
      for (let i = 0; i < rounds; i++) await context.db.pool.query(example.text, example.values);
      const used = process.cpuUsage(before);
      if (process.argv.includes("--explain")) {
        const plan = await context.db.pool.query(`EXPLAIN (ANALYZE, BUFFERS OFF) ${example.text}`, example.values);
        console.log(plan.rows.map((row) => `    ${row["QUERY PLAN"]}`).join("\n"));
      }
      console.log(`replay ${(((used.user + used.system) / 1000) / rounds).toFixed(2).padStart(6)} ms CPU ${((performance.now() - replayStarted) / rounds).toFixed(2).padStart(6)} ms wall  ${kind.slice(0, 220)}`);
    }
  }
} finally {
  await http.close();
  await build.entry.module.closeAppContext();
}
