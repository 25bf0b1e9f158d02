import type { AppContext } from "~/app-context";
import { deliverHandoff, HANDOFF_JOB_KIND, handoffRetryPolicy } from "~/handoff/delivery.server";
import { HANDOFF_CONFIRM_JOB_KIND, sendConfirmationEmail } from "~/handoff/email-confirmation.server";
import { IMPORT_JOB_KIND, runImportJob } from "~/knowledge/import-job.server";
import { purgeExpiredData } from "~/retention/purge.server";
import { reconcileAllShopifyShops, shopifyQueueHandlers } from "~/shopify/dispatch.server";
import { applyWooDeliveriesJob, WOO_DELIVERIES_JOB_KIND, WOO_JOB_HANDLERS } from "~/woocommerce/background.server";
import { runWooReconciliationForAll } from "~/woocommerce/sync.server";
import { registerJobHandler } from "./registry";

/**
 * Every kind of background job the app runs (add a line per kind). Wiring: only the composition
 * root (context.server.ts) calls this, so the queue and the domains never import each other's handlers.
 */
export function registerBuiltInJobs(): void {
  registerJobHandler(IMPORT_JOB_KIND, runImportJob);
  registerJobHandler(HANDOFF_JOB_KIND, deliverHandoff, handoffRetryPolicy);
  registerJobHandler(HANDOFF_CONFIRM_JOB_KIND, sendConfirmationEmail, handoffRetryPolicy);
  registerJobHandler(WOO_DELIVERIES_JOB_KIND, applyWooDeliveriesJob);
  for (const [kind, handler] of Object.entries(WOO_JOB_HANDLERS)) registerJobHandler<unknown, unknown>(kind, handler);
  for (const [kind, handler] of shopifyQueueHandlers()) registerJobHandler(kind, handler);
}

/** Daily at 03:17 UTC. */
export const RETENTION_CRON = "17 3 * * *";
/** Daily at 04:23 UTC: catches what webhooks missed (permanent deletes, disabled webhooks). */
export const WOO_RECONCILE_CRON = "23 4 * * *";
/** Daily at 04:41 UTC: what Shopify's webhooks missed, and webhook event ids too old to matter. */
export const SHOPIFY_RECONCILE_CRON = "41 4 * * *";

export async function scheduleBuiltInJobs(app: AppContext): Promise<void> {
  await app.jobs.schedule("retention", RETENTION_CRON, () => purgeExpiredData(app.db.prisma, { defaultDays: app.config.retention.defaultDays }));
  await app.jobs.schedule("woocommerce-reconcile-all", WOO_RECONCILE_CRON, () => runWooReconciliationForAll(app, {}));
  await app.jobs.schedule("shopify-reconcile-all", SHOPIFY_RECONCILE_CRON, () => reconcileAllShopifyShops(app));
}
