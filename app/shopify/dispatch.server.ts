import type { AppContext } from "~/context.server";
import { runShopifyJob, type ShopifyJob } from "./jobs.server";
import type { ProgressReporter } from "./progress";

/**
 * Runs Shopify jobs in this process, after the webhook has been answered, a few at a time.
 * Stand-in for the shared job queue (app/jobs: enqueueJob/registerJobHandler) until it is merged:
 * the coordinator replaces `dispatchShopifyJob` by `enqueueJob` and registers shopifyJobHandlers.
 * Sync progress is kept on the shop's installation row so the embedded Home can show it.
 */

const CONCURRENCY = 4;
let running = 0;
const waiting: (() => void)[] = [];

export async function dispatchShopifyJob(app: AppContext, job: ShopifyJob): Promise<void> {
  void runLimited(async () => {
    const progress = isSync(job) ? syncProgress(app, job.shopId) : async () => {};
    try {
      if (isSync(job)) await markSync(app, job.shopId, { syncStatus: "running", syncDone: 0, syncTotal: null, syncError: null, syncStartedAt: new Date(), syncFinishedAt: null });
      await runShopifyJob(app, job, progress);
      if (isSync(job)) await markSync(app, job.shopId, { syncStatus: "done", syncFinishedAt: new Date() });
    } catch (error) {
      console.error(`[palompy] shopify job ${job.kind} failed for ${job.input.shopDomain}`, error);
      if (isSync(job)) await markSync(app, job.shopId, { syncStatus: "failed", syncError: (error as Error).message, syncFinishedAt: new Date() }).catch(() => {});
    }
  });
}

function isSync(job: ShopifyJob): boolean {
  return job.kind === "shopify.sync" || job.kind === "shopify.reconcile";
}

function syncProgress(app: AppContext, shopId: string): ProgressReporter {
  return async (update) => {
    const data = { ...(update.done !== undefined ? { syncDone: update.done } : {}), ...(update.total !== undefined ? { syncTotal: update.total } : {}) };
    if (update.error) console.warn(`[palompy] shopify sync ${shopId}: ${update.error.item ?? ""} ${update.error.message}`);
    if (Object.keys(data).length) await markSync(app, shopId, data);
  };
}

async function markSync(app: AppContext, shopId: string, data: Parameters<AppContext["db"]["prisma"]["shopifyInstallation"]["updateMany"]>[0]["data"]) {
  await app.db.prisma.shopifyInstallation.updateMany({ where: { shopId }, data });
}

async function runLimited(task: () => Promise<void>): Promise<void> {
  if (running >= CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    await task();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}
