/**
 * Starts the real production build in a child process (bench/lib/app-child.mjs), so the app's
 * event loop and CPU use are its own and not the load generator's, with an in-memory database.
 * `npm run build` must have run (run.ts does it before the app sections).
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { NotRun } from "./context";

export const BENCH_ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";

/** Rate limits far above what the benchmark sends, so it measures the app and not its limiter. */
export const UNLIMITED_RATES = {
  PALOMPY_RATE_CHAT_PER_SESSION: "1000000",
  PALOMPY_RATE_CHAT_PER_IP: "1000000",
  PALOMPY_RATE_CHAT_PER_SHOP: "1000000",
  PALOMPY_RATE_PUBLIC_PER_IP: "1000000",
  PALOMPY_RATE_ADMIN_PER_IP: "1000000",
};

export interface StartupReport {
  database: string;
  embedder: string;
  demo?: { shopId: string; publicKey: string; name: string; chunks: number; embedded: number };
}

export interface BenchApp {
  url: string;
  report: StartupReport;
  startupMs: number;
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** stderr/stdout of the child, for diagnostics. */
  output(): string;
  close(): Promise<void>;
}

export async function startApp(root: string, env: Record<string, string | undefined>, timeoutMs = 120_000): Promise<BenchApp> {
  if (!existsSync(path.join(root, "build/server/index.js"))) throw new NotRun("build/server/index.js is missing (npm run build did not run or failed)");
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith("OPENAI_") && !key.startsWith("PALOMPY_")) childEnv[key] = value;
  Object.assign(childEnv, {
    NODE_ENV: "production",
    PALOMPY_DATA_DIR: "memory://",
    PALOMPY_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    PALOMPY_DEMO: "1",
    PALOMPY_EMBEDDER: "local",
    ...UNLIMITED_RATES,
  });
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  const started = performance.now();
  const child: ChildProcess = fork(path.join(root, "bench/lib/app-child.mjs"), [], { cwd: root, env: childEnv as NodeJS.ProcessEnv, execArgv: [], stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let output = "";
  const keep = (data: Buffer) => {
    output = (output + data.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const ready = await new Promise<{ url: string; report: StartupReport }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the app did not start within ${timeoutMs / 1000} s: ${output.slice(-600)}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited during startup (code ${code}): ${output.slice(-800)}`));
    });
    child.on("message", (message: any) => {
      if (message?.type === "ready") {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve({ url: message.url, report: message.report });
      }
    });
  });
  const startupMs = performance.now() - started;

  let nextId = 0;
  const pending = new Map<number, { resolve: (rows: any[]) => void; reject: (error: Error) => void }>();
  child.on("message", (message: any) => {
    if (message?.type !== "result") return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.rows);
  });
  let closed = false;
  return {
    url: ready.url,
    report: ready.report,
    startupMs,
    output: () => output,
    query: (sql, params = []) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ type: "query", id, sql, params });
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          resolve();
        }, 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ type: "close" });
      });
    },
  };
}

/** Shopper questions for the chat benchmarks: the demo eval queries (realistic, ru/en, every kind). */
export async function shopperQuestions(): Promise<string[]> {
  const { DEMO_QUERIES } = await import("../eval/demo-queries");
  return DEMO_QUERIES.map((query) => query.text);
}
