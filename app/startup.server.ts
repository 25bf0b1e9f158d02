import { getAppContext } from "./context.server";
import { checkReadiness } from "./db/readiness.server";
import { ensureDemoStore } from "./demo/seed.server";
import { log } from "./log.server";
import { collectStartupGarbage } from "./startup-garbage.server";

export interface StartupReport {
  database: "pglite" | "postgres";
  embedder: string;
  adminApi: boolean;
  /** Empty when ready; otherwise what /readyz reports (the app still starts, not ready). */
  problems: string[];
  /** Where the key signing console sessions, login links and webhooks came from (PALOMPY_SECRET_KEY, or derived/generated). */
  secretKey: "configured" | "derived" | "generated";
  demo?: { shopId: string; publicKey: string; name: string; chunks: number; embedded: number };
}

/**
 * Called by the HTTP server before it listens: opens and migrates the database and, in demo mode,
 * makes sure the demo store exists (idempotently), so the first request never waits for either.
 * Then one full garbage collection (startup-garbage.server.ts): requests would pay for what starting
 * left behind.
 */
export async function startPalompy(): Promise<StartupReport> {
  const app = await getAppContext();
  const readiness = await checkReadiness(app.db.runner);
  for (const problem of readiness.problems) log.error("not ready", { problem });
  const report: StartupReport = {
    database: app.db.kind,
    embedder: app.embedder.modelId,
    adminApi: Boolean(app.config.adminToken),
    problems: readiness.problems,
    secretKey: app.config.secretKey.source,
  };
  if (app.config.demo) report.demo = await ensureDemoStore(app);
  collectStartupGarbage();
  return report;
}
