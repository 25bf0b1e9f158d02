import { z } from "zod";
import type { AppContext } from "~/app-context";
import { enqueueJob } from "~/jobs/queue.server";
import { log } from "~/log.server";
import type { JobHandler } from "~/jobs/registry";
import { drainWooDeliveries } from "./webhooks.server";
import { asMerchantError } from "./merchant-errors.server";
import { runWooActivation, runWooClaim, runWooInitialSync, runWooReconciliation, type ClaimJobInput, type ShopJobInput } from "./sync.server";

/**
 * The connector's background work on the shared job queue (app/jobs): activation, initial sync and
 * reconciliation are jobs whose progress is readable at GET /api/shops/:id/jobs/:jobId (and, as
 * before, on the connection row for GET /api/woocommerce/status).
 */

const shopJobInput = z.object({ shopId: z.string().uuid() });
const claimJobInput = shopJobInput.extend({ claimId: z.string().uuid() });

/**
 * Stored inputs are re-read at run time: a job written by an older version is refused, not misread.
 * What a failed job records is merchant-readable: an internal error becomes a generic message and
 * goes to the log (the job's errors are shown to the operator and, through the status, the plugin).
 */
const withInput =
  <Input, Result>(schema: z.ZodType<Input>, run: (app: AppContext, input: Input, progress: Parameters<JobHandler>[2]) => Promise<Result>): JobHandler<unknown, Result> =>
  async (app, input, progress) => {
    try {
      return await run(app, schema.parse(input), progress);
    } catch (error) {
      throw asMerchantError(error, { job: "woocommerce" });
    }
  };

export const WOO_JOB_HANDLERS = {
  "woocommerce-activate": withInput(shopJobInput, runWooActivation),
  "woocommerce-initial-sync": withInput(shopJobInput, runWooInitialSync),
  "woocommerce-reconcile": withInput(shopJobInput, runWooReconciliation),
  "woocommerce-claim": withInput(claimJobInput, runWooClaim),
} as const;

export const WOO_DELIVERIES_JOB_KIND = "woocommerce-apply-deliveries";
/** Not a WooJobKind: it runs alongside a sync (webhooks keep arriving during one). */
export const applyWooDeliveriesJob: JobHandler<unknown, { applied: number }> = withInput(shopJobInput, async (app, input) => ({
  applied: await drainWooDeliveries(app, input.shopId),
}));

export type WooJobKind = keyof typeof WOO_JOB_HANDLERS;

/**
 * Queues a job for a shop and returns its id. One job of a kind per shop at a time: starting one
 * while the same kind is queued or running gives back that job.
 */
export function startWooJob(app: AppContext, kind: Exclude<WooJobKind, "woocommerce-claim">, input: ShopJobInput): Promise<{ id: string }> {
  return enqueueJob(app, { shopId: input.shopId, kind, input, singletonKey: `woo:${input.shopId}` });
}

/** A shop reconciled this recently is not reconciled again on start (a crash loop must not hammer stores). */
export const RESTART_RECONCILE_AFTER_MS = 10 * 60_000;

/**
 * On start: WooCommerce does not retry a delivery that failed while this server was down, and it
 * disables a webhook after repeated failures. Every connected shop not reconciled in the last few
 * minutes is reconciled now (its disabled webhooks are switched back on and what changed meanwhile
 * is pulled), instead of waiting for the daily run. Returns the shops queued.
 */
export async function reconcileWooShopsAfterStart(app: AppContext, now: Date = new Date()): Promise<string[]> {
  // Without PALOMPY_SECRET_KEY the stored keys cannot be opened: nothing could be reconciled.
  if (!app.config.woocommerce.credentialKey) return [];
  const before = new Date(now.getTime() - RESTART_RECONCILE_AFTER_MS);
  const shops = await app.db.prisma.wooConnection.findMany({
    where: { consumerKeyEnc: { not: null }, OR: [{ lastReconciledAt: null }, { lastReconciledAt: { lt: before } }] },
    select: { shopId: true },
  });
  for (const { shopId } of shops) await startWooJob(app, "woocommerce-reconcile", { shopId });
  return shops.map((shop) => shop.shopId);
}

/** A claim's proof runs apart from the shop's own jobs (one per claim): a running reconciliation must not swallow it. */
export function startWooClaimJob(app: AppContext, input: ClaimJobInput): Promise<{ id: string }> {
  return enqueueJob(app, { shopId: input.shopId, kind: "woocommerce-claim", input, singletonKey: `woo-claim:${input.claimId}` });
}

/** Deliveries arriving within this window are applied together, by one job. */
export const WEBHOOK_COALESCE_MS = 200;
const drainScheduled = new Set<string>();

/**
 * Applies a shop's accepted deliveries on the job queue, shortly after the acknowledgements of a
 * burst have gone out. The acknowledgement itself only inserts the delivery row: an enqueue per
 * delivery would add writes to every answer WooCommerce is waiting for, so a burst is coalesced
 * here into one job (one per shop at a time; the job drains every waiting row, including rows
 * that arrive while it runs). Deliveries are durable rows: after a restart inside the window the
 * next delivery or the daily reconciliation applies what was left.
 */
export function scheduleDeliveryDrain(app: AppContext, shopId: string): void {
  if (drainScheduled.has(shopId)) return;
  drainScheduled.add(shopId);
  setTimeout(() => {
    drainScheduled.delete(shopId);
    enqueueJob(app, { shopId, kind: WOO_DELIVERIES_JOB_KIND, input: { shopId }, singletonKey: `woo-deliveries:${shopId}` }).catch((error) => {
      log.error("queueing WooCommerce deliveries failed", { shopId, error });
    });
  }, WEBHOOK_COALESCE_MS);
}
