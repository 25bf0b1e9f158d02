import type { AppContext } from "~/app-context";
import { fetchAdminGraphql, type AdminGraphql } from "./admin-client";
import { assembleCustomerData, redactCustomer, redactShop } from "./compliance.server";
import { forgetPrivacyJobInputs, redactCustomerTraces } from "./customer-privacy.server";
import { INVENTORY_ITEM_PRODUCT } from "./documents";
import type { CustomerInput, ShopifyJob, ShopifyJobKind } from "./job-types";
import type { ProgressReporter } from "./progress";
import { purgeWebhookEvents } from "./webhooks.server";
import { reconcileShopifyCatalog, refreshShopifyProduct, removeShopifyProduct, syncShopifyCatalog, type SyncOptions } from "./sync.server";

export type { ShopifyJob, ShopifyJobKind } from "./job-types";

/**
 * Shopify's background work, one handler per job kind, each `(app, input, progress)` as the job
 * queue (app/jobs) expects. Handlers that talk to Shopify get an Admin client for the shop here.
 */

type InputOf<K extends ShopifyJobKind> = Extract<ShopifyJob, { kind: K }>["input"];
type Handler<K extends ShopifyJobKind> = (app: AppContext, input: InputOf<K>, progress: ProgressReporter) => Promise<unknown>;

/**
 * The Admin client for a shop. PALOMPY_SHOPIFY_ADMIN_URL (tests, benchmarks) points every shop at
 * one endpoint; otherwise the shop's offline session through shopify-app-remix.
 */
export async function adminForShop(app: AppContext, shopDomain: string): Promise<AdminGraphql> {
  const override = app.config.shopifyAdminOverride;
  if (override) return fetchAdminGraphql(override.url, override.token);
  return app.shopifyAdmin(shopDomain);
}

function syncOptions(app: AppContext): SyncOptions {
  return { bulkThreshold: app.config.shopifySync.bulkThreshold, bulk: { pollIntervalMs: app.config.shopifySync.bulkPollMs } };
}

export const shopifyJobHandlers: { [K in ShopifyJobKind]: Handler<K> } = {
  "shopify.sync": async (app, input, progress) => syncShopifyCatalog(app, await adminForShop(app, input.shopDomain), input, progress, syncOptions(app)),
  "shopify.reconcile": async (app, input, progress) => {
    const result = await reconcileShopifyCatalog(app, await adminForShop(app, input.shopDomain), input, progress, syncOptions(app));
    // The daily run also forgets webhook event ids too old to be redelivered.
    return { ...result, webhookEventsPurged: await purgeWebhookEvents(app, input.shopDomain) };
  },
  "shopify.product.refresh": async (app, input) => refreshShopifyProduct(app, await adminForShop(app, input.shopDomain), input),
  "shopify.product.delete": (app, input) => removeShopifyProduct(app, input),
  "shopify.inventory.update": async (app, input) => {
    const admin = await adminForShop(app, input.shopDomain);
    // Stock changes do not fire products/update: the inventory item leads to the product.
    const { inventoryItem } = await admin<{ inventoryItem: { variants: { nodes: { product: { id: string } }[] } } | null }>(INVENTORY_ITEM_PRODUCT, {
      id: input.inventoryItemId,
    });
    const productIds = [...new Set(inventoryItem?.variants.nodes.map((variant) => variant.product.id) ?? [])];
    const results = [];
    for (const productId of productIds) results.push(await refreshShopifyProduct(app, admin, { shopId: input.shopId, productId }));
    return { productIds, results };
  },
  "shopify.customers.redact": async (app, input) => {
    // The customer's chat sessions are known by their leads, which redactCustomer deletes: read first.
    const sessions = await customerSessions(app, input);
    const redacted = await redactCustomer(app, input);
    return { ...redacted, ...(await redactCustomerTraces(app, input, sessions)) };
  },
  "shopify.customers.data_request": async (app, input) => {
    const stored = await assembleCustomerData(app, input);
    // The report is kept for the merchant (the Home's download); the job itself keeps no personal data.
    await forgetPrivacyJobInputs(app, input);
    return { dataRequestId: stored.id };
  },
  "shopify.shop.redact": (app, input) => redactShop(app, input),
};

async function customerSessions(app: AppContext, customer: CustomerInput): Promise<string[]> {
  const email = customer.email?.trim();
  const digits = (customer.phone ?? "").replace(/\D/g, "");
  if (!email && digits.length < 7) return [];
  const leads = await app.db.prisma.lead.findMany({
    where: { shopId: customer.shopId, OR: [...(email ? [{ email: { equals: email, mode: "insensitive" as const } }] : []), ...(digits.length >= 7 ? [{ phone: { not: null } }] : [])] },
    select: { sessionId: true, email: true, phone: true },
  });
  const samePhone = (phone: string | null) => {
    const other = (phone ?? "").replace(/\D/g, "");
    return digits.length >= 7 && other.length >= 7 && (other.endsWith(digits) || digits.endsWith(other));
  };
  return [...new Set(leads.filter((lead) => (email && lead.email?.toLowerCase() === email.toLowerCase()) || samePhone(lead.phone)).map((lead) => lead.sessionId))];
}

export function runShopifyJob(app: AppContext, job: ShopifyJob, progress: ProgressReporter): Promise<unknown> {
  const handler = shopifyJobHandlers[job.kind] as Handler<ShopifyJobKind>;
  return handler(app, job.input, progress);
}
