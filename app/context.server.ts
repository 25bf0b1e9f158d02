import type { AppContext } from "./app-context";
import { loadConfig, type AppConfig } from "./config.server";
import { openDatabase } from "./db/open.server";
import { registerBuiltInJobs, scheduleBuiltInJobs } from "./jobs/builtin.server";
import { PgBossJobQueue } from "./jobs/queue.server";
import { createEmbedder } from "./knowledge/embedders/index.server";
import { log } from "./log.server";
import { adminGraphqlForShop } from "./shopify.server";
import { reconcileWooShopsAfterStart } from "./woocommerce/background.server";

/**
 * The composition root: the one place the app is wired (configuration, database, embedder, job
 * queue, the built-in job kinds and schedules). Only the top layer imports this module — routes,
 * the http adapters and the server start-up; everything below receives the AppContext it builds
 * (app-context.ts), so no domain module imports the wiring.
 */
export type { AppContext } from "./app-context";

let current: Promise<AppContext> | undefined;

/** Opened once per process, on first use; migrations are applied before anything else runs. */
export function getAppContext(): Promise<AppContext> {
  current ??= createAppContext(loadConfig()).catch((error) => {
    current = undefined;
    throw error;
  });
  return current;
}

/** Opens the database and starts the job workers (and the daily schedules) on it. */
export async function createAppContext(config: AppConfig): Promise<AppContext> {
  const db = await openDatabase(config.database);
  const app = { config, db, embedder: createEmbedder(config) } as AppContext;
  app.shopifyAdmin = (shopDomain) => adminGraphqlForShop(app, shopDomain);
  try {
    registerBuiltInJobs();
    app.jobs = new PgBossJobQueue(app);
    await app.jobs.start();
    await scheduleBuiltInJobs(app);
    // Catching up after an outage must never keep the server from starting.
    await reconcileWooShopsAfterStart(app).catch((error) => log.error("queueing the WooCommerce reconciliation after start failed", { error }));
  } catch (error) {
    await db.close();
    throw error;
  }
  return app;
}

/** For graceful shutdown and tests: running jobs get the grace period, then the database closes. */
export async function closeAppContext(): Promise<void> {
  const context = current;
  current = undefined;
  if (!context) return;
  const app = await context;
  await app.jobs.stop(app.config.jobs.shutdownGraceMs);
  await app.db.close();
}
