import type { AppContext } from "~/context.server";
import { runShopifyJob, type ShopifyJob } from "./jobs.server";
import type { ProgressReporter } from "./progress";

/**
 * Runs Shopify jobs in this process, after the webhook has been answered, a few at a time.
 * Stand-in for the shared job queue (app/jobs: enqueueJob/registerJobHandler) until it is merged:
 * the coordinator replaces `dispatchShopifyJob` by `enqueueJob` and registers shopifyJobHandlers.
 * Sync progress is kept on the shop's installation row so the embedded Home can show it.
 *
 * Jobs start once deliveries pause for QUIET_MS (at most MAX_DELAY_MS after being queued): with
 * one embedded database connection, a job's writes would otherwise hold up the acknowledgements
 * Shopify times out after 5 s.
 */

const CONCURRENCY = 4;
const QUIET_MS = 50;
const MAX_DELAY_MS = 1_000;

interface Queued {
  app: AppContext;
  job: ShopifyJob;
  queuedAt: number;
}

const queue: Queued[] = [];
let running = 0;
let timer: NodeJS.Timeout | undefined;

export async function dispatchShopifyJob(app: AppContext, job: ShopifyJob): Promise<void> {
  queue.push({ app, job, queuedAt: Date.now() });
  const oldest = queue[0].queuedAt;
  clearTimeout(timer);
  timer = setTimeout(drain, Math.max(0, Math.min(QUIET_MS, oldest + MAX_DELAY_MS - Date.now())));
}

function drain(): void {
  while (running < CONCURRENCY && queue.length > 0) {
    const next = queue.shift()!;
    running += 1;
    void run(next.app, next.job).finally(() => {
      running -= 1;
      drain();
    });
  }
}

async function run(app: AppContext, job: ShopifyJob): Promise<void> {
  const sync = job.kind === "shopify.sync" || job.kind === "shopify.reconcile";
  try {
    if (sync) await markSync(app, job.shopId, { syncStatus: "running", syncDone: 0, syncTotal: null, syncError: null, syncStartedAt: new Date(), syncFinishedAt: null });
    await runShopifyJob(app, job, sync ? syncProgress(app, job.shopId) : async () => {});
    if (sync) await markSync(app, job.shopId, { syncStatus: "done", syncFinishedAt: new Date() });
  } catch (error) {
    console.error(`[palompy] shopify job ${job.kind} failed for ${job.input.shopDomain}`, error);
    if (sync) await markSync(app, job.shopId, { syncStatus: "failed", syncError: (error as Error).message, syncFinishedAt: new Date() }).catch(() => {});
  }
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
