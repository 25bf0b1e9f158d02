import type { AppContext } from "~/app-context";
import { enqueueJob } from "~/jobs/queue.server";
import type { JobHandler } from "~/jobs/registry";
import { shopifyJobHandlers, type ShopifyJob, type ShopifyJobKind } from "./jobs.server";
import type { ProgressReporter } from "./progress";

/**
 * Shopify's background work on the shared job queue (app/jobs). Enqueueing is two inserts, so a
 * webhook's acknowledgement stays far inside Shopify's 5 s; the handlers run on the queue's
 * background lane of the database, behind requests. Sync progress is also kept on the shop's
 * installation row (shopify_installations.sync_*), which the embedded Home shows.
 */

/** Queue kinds allow no dots: `shopify.product.refresh` runs as `shopify-product-refresh`. */
export const queueKindOf = (kind: ShopifyJobKind) => kind.replaceAll(".", "-");

function singletonKeyOf(job: ShopifyJob): string | undefined {
  if (job.kind === "shopify.sync" || job.kind === "shopify.reconcile") return `shopify-sync:${job.shopId}`;
  if (job.kind === "shopify.product.refresh" || job.kind === "shopify.product.delete") return `shopify-product:${job.shopId}:${job.input.productId}`;
  return undefined;
}

export async function dispatchShopifyJob(app: AppContext, job: ShopifyJob): Promise<void> {
  const request = { shopId: job.shopId, kind: queueKindOf(job.kind), input: job.input, singletonKey: singletonKeyOf(job) };
  const { id, created } = await enqueueJob(app, request);
  // A job this delivery created reads the product after it, even if it has started already.
  if (created || !request.singletonKey?.startsWith("shopify-product:")) return;
  // Folded into a refresh that is already running, a products/update would be lost: that run may
  // have read the product before this change. One more run is queued behind it under a second key
  // (the queue admits one unfinished job per key); later deliveries fold into that one.
  const twin = await app.db.prisma.backgroundJob.findUnique({ where: { id }, select: { state: true } });
  if (twin?.state === "running") await enqueueJob(app, { ...request, singletonKey: `${request.singletonKey}:after-running` });
}

/** Every Shopify handler under its queue kind; syncs also report to the installation row. */
let queueHandlers: [string, JobHandler][] | undefined;

/** The same functions on every call: a second app in one process registers them again, and the registry refuses a different handler for a kind. */
export function shopifyQueueHandlers(): [string, JobHandler][] {
  queueHandlers ??= (Object.keys(shopifyJobHandlers) as ShopifyJobKind[]).map((kind) => {
    const handler = shopifyJobHandlers[kind] as JobHandler;
    const syncs = kind === "shopify.sync" || kind === "shopify.reconcile";
    return [queueKindOf(kind), syncs ? trackedOnInstallation(handler) : handler];
  });
  return queueHandlers;
}

function trackedOnInstallation(handler: JobHandler): JobHandler {
  return async (app, input, progress) => {
    const { shopId } = input as { shopId: string };
    await markSync(app, shopId, { syncStatus: "running", syncDone: 0, syncTotal: null, syncError: null, syncStartedAt: new Date(), syncFinishedAt: null });
    try {
      const result = await handler(app, input, alsoOnInstallation(app, shopId, progress));
      await markSync(app, shopId, { syncStatus: "done", syncFinishedAt: new Date() });
      return result;
    } catch (error) {
      await markSync(app, shopId, { syncStatus: "failed", syncError: error instanceof Error ? error.message : String(error), syncFinishedAt: new Date() }).catch(() => {});
      throw error;
    }
  };
}

function alsoOnInstallation(app: AppContext, shopId: string, progress: ProgressReporter): ProgressReporter {
  return async (update) => {
    await progress(update);
    const data = { ...(update.done !== undefined ? { syncDone: update.done } : {}), ...(update.total !== undefined ? { syncTotal: update.total } : {}) };
    if (Object.keys(data).length) await markSync(app, shopId, data);
  };
}

async function markSync(app: AppContext, shopId: string, data: Parameters<AppContext["db"]["prisma"]["shopifyInstallation"]["updateMany"]>[0]["data"]) {
  await app.db.prisma.shopifyInstallation.updateMany({ where: { shopId }, data });
}

/** The daily reconciliation: one queued job per shop whose app is installed. */
export async function reconcileAllShopifyShops(app: AppContext): Promise<{ shops: number }> {
  const installed = await app.db.prisma.shopifyInstallation.findMany({ where: { uninstalledAt: null }, select: { shop: { select: { id: true, domain: true } } } });
  for (const { shop } of installed) {
    if (shop.domain) await dispatchShopifyJob(app, { shopId: shop.id, kind: "shopify.reconcile", input: { shopId: shop.id, shopDomain: shop.domain } });
  }
  return { shops: installed.length };
}
