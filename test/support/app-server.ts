import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AppContext } from "~/context.server";
import type { StartupReport } from "~/startup.server";
import { testDatabaseEnv } from "./db";

export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";

export interface TestApp {
  url: string;
  report: StartupReport;
  /** The running app's own context (database, config), for assertions on what it stored. */
  context: AppContext;
  /** fetch() against the app with the admin bearer token. */
  admin(pathname: string, init?: RequestInit): Promise<Response>;
  /** POST /api/shops through the admin API; throws unless it answers 201. */
  createShop(name: string): Promise<{ id: string; publicKey: string }>;
  close(): Promise<void>;
}

/**
 * Starts the real production build (`npm run build` first; scripts/test.sh does) on a random
 * loopback port with a fresh database (in memory, or on the PostgreSQL pass its own database). One app per test file: the build keeps its
 * context in a module, and vitest runs every file in its own process.
 */
export async function startTestApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  // A fresh database (or the folder's, across a restart): PGlite, or the PostgreSQL pass's own one.
  const database = "DATABASE_URL" in env ? {} : await testDatabaseEnv(env.PALOMPY_DATA_DIR ?? "memory://");
  const defaults = {
    NODE_ENV: "test",
    PALOMPY_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    OPENAI_API_KEY: undefined,
    OPENAI_BASE_URL: undefined,
    // One JSON line per request would drown the test output; test/http/logs.test.ts reads them.
    PALOMPY_LOG_LEVEL: "warn",
  };
  for (const [key, value] of Object.entries({ ...defaults, ...env, ...database })) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  const root = path.resolve(__dirname, "../..");
  const build = await import(/* @vite-ignore */ pathToFileURL(path.join(root, "build/server/index.js")).href);
  const report: StartupReport = await build.entry.module.startPalompy();
  const context: AppContext = await build.entry.module.getAppContext();
  const { listen } = await import(/* @vite-ignore */ pathToFileURL(path.join(root, "server/http.mjs")).href);
  const http = await listen({ build, clientDir: path.join(root, "build/client"), port: 0, host: "127.0.0.1" });
  const admin = (pathname: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${TEST_ADMIN_TOKEN}`);
    if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
    return fetch(`${http.url}${pathname}`, { ...init, headers });
  };
  return {
    url: http.url,
    report,
    context,
    admin,
    createShop: async (name) => {
      const response = await admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) });
      if (response.status !== 201) throw new Error(`POST /api/shops answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { id: string; publicKey: string };
    },
    close: async () => {
      await http.close();
      await build.entry.module.closeAppContext();
    },
  };
}
