import { z } from "zod";
import type { AppContext } from "~/context.server";
import { enqueueJob } from "~/jobs/queue.server";
import type { JobHandler } from "~/jobs/types";
import { drainWooDeliveries } from "./webhooks.server";
import { runWooActivation, runWooInitialSync, runWooReconciliation, type ShopJobInput } from "./sync.server";

/**
 * The connector's background work on the shared job queue (app/jobs): activation, initial sync and
 * reconciliation are jobs whose progress is readable at GET /api/shops/:id/jobs/:jobId (and, as
 * before, on the connection row for GET /api/woocommerce/status).
 */

const shopJobInput = z.object({ shopId: z.string().uuid() });

/** Stored inputs are re-read at run time: a job written by an older version is refused, not misread. */
const withShopInput =
  <Result>(run: (app: AppContext, input: ShopJobInput, progress: Parameters<JobHandler>[2]) => Promise<Result>): JobHandler<unknown, Result> =>
  (app, input, progress) =>
    run(app, shopJobInput.parse(input), progress);

export const WOO_JOB_HANDLERS = {
  "woocommerce-activate": withShopInput(runWooActivation),
  "woocommerce-initial-sync": withShopInput(runWooInitialSync),
  "woocommerce-reconcile": withShopInput(runWooReconciliation),
} as const;

export type WooJobKind = keyof typeof WOO_JOB_HANDLERS;

/**
 * Queues a job for a shop and returns its id. One job of a kind per shop at a time: starting one
 * while the same kind is queued or running gives back that job.
 */
export function startWooJob(app: AppContext, kind: WooJobKind, input: ShopJobInput): Promise<{ id: string }> {
  return enqueueJob(app, { shopId: input.shopId, kind, input, singletonKey: `woo:${input.shopId}` });
}

/**
 * Webhook deliveries are applied in this process, not as queued jobs: the acknowledgement only
 * inserts the delivery row, and a burst is applied together ~200 ms later in arrival order. A job
 * per burst would add an enqueue (two writes) to every acknowledgement and up to a polling interval
 * (1 s) of delay; deliveries are already durable rows, so a restart loses nothing (the next
 * delivery or the daily reconciliation applies what was left).
 */
const chains = new Map<string, Promise<unknown>>();

function runSerially<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = chains.get(key) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(work);
  const settled = next.catch(() => {});
  chains.set(key, settled);
  void settled.then(() => {
    if (chains.get(key) === settled) chains.delete(key);
  });
  return next;
}

/** Deliveries arriving within this window are applied together. */
export const WEBHOOK_COALESCE_MS = 200;
const drainScheduled = new Set<string>();

/** Applies a shop's accepted deliveries shortly, after the acknowledgements of a burst have gone out. */
export function scheduleDeliveryDrain(app: AppContext, shopId: string): void {
  if (drainScheduled.has(shopId)) return;
  drainScheduled.add(shopId);
  setTimeout(() => {
    drainScheduled.delete(shopId);
    runSerially(`shop:${shopId}`, () => drainWooDeliveries(app, shopId)).catch((error) => {
      console.error(`[palompy] applying WooCommerce deliveries for shop ${shopId} failed:`, error instanceof Error ? error.message : error);
    });
  }, WEBHOOK_COALESCE_MS);
}
