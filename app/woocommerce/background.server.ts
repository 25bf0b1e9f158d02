import { randomUUID } from "node:crypto";
import type { AppContext } from "~/context.server";
import { drainWooDeliveries } from "./webhooks.server";
import { runWooActivation, runWooInitialSync, runWooReconciliation, type ProgressReporter, type ShopJobInput } from "./sync.server";

/**
 * Runs the connector's background work in this process until the shared job queue (app/jobs) is
 * wired in: work for one shop runs one piece at a time, in the order it was started, so webhook
 * deliveries apply in arrival order and a resync never overlaps a sync. Progress is kept on the
 * connection row (GET /api/woocommerce/status), which the domain functions update themselves.
 */

const chains = new Map<string, Promise<unknown>>();

export function runSerially<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = chains.get(key) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(work);
  const settled = next.catch(() => {});
  chains.set(key, settled);
  void settled.then(() => {
    if (chains.get(key) === settled) chains.delete(key);
  });
  return next;
}

export const WOO_JOB_KINDS = {
  "woocommerce.activate": runWooActivation,
  "woocommerce.initial-sync": runWooInitialSync,
  "woocommerce.reconcile": runWooReconciliation,
} as const;

export type WooJobKind = keyof typeof WOO_JOB_KINDS;

const silentProgress: ProgressReporter = async () => {};

/** Starts a job for a shop and returns its id at once; failures are logged and kept on the connection. */
export function startWooJob(app: AppContext, kind: WooJobKind, input: ShopJobInput): { id: string } {
  const id = randomUUID();
  const run: (app: AppContext, input: ShopJobInput, progress: ProgressReporter) => Promise<unknown> = WOO_JOB_KINDS[kind];
  runSerially(`shop:${input.shopId}`, () => run(app, input, silentProgress)).catch((error) => {
    console.error(`[palompy] ${kind} ${id} for shop ${input.shopId} failed:`, error instanceof Error ? error.message : error);
  });
  return { id };
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
