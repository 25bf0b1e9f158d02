import { z } from "zod";
import type { AppContext } from "~/app-context";
import { HttpError } from "~/http/errors";
import { formatPath } from "~/knowledge/payload";
import { markShopUninstalled } from "./compliance.server";
import type { ShopifyJob } from "./job-types";

/**
 * A verified Shopify webhook delivery (the route has checked the HMAC on the raw body) becomes a
 * job, or for the two cheap topics a direct write. Deliveries are deduplicated by
 * X-Shopify-Event-Id, Shopify's documented duplicate key.
 */

export const SHOPIFY_WEBHOOK_TOPICS = [
  "products/create",
  "products/update",
  "products/delete",
  "inventory_levels/update",
  "app/uninstalled",
  "app/scopes_update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;
export type ShopifyWebhookTopic = (typeof SHOPIFY_WEBHOOK_TOPICS)[number];

export interface WebhookDelivery {
  topic: ShopifyWebhookTopic;
  shopDomain: string;
  eventId: string;
  /** The exact bytes Shopify signed: ids are read from them, not from a lossy JSON.parse. */
  rawBody: string;
}

export type Dispatch = (job: ShopifyJob) => Promise<void>;

export type WebhookOutcome = { status: "duplicate" | "ignored" | "done" } | { status: "queued"; kind: ShopifyJob["kind"] };

/** Records the event; false when it was already seen (a redelivery or a duplicate event). */
export async function recordWebhookEvent(app: AppContext, delivery: WebhookDelivery): Promise<boolean> {
  const inserted = await app.db.prisma.$executeRaw`
    INSERT INTO shopify_webhook_events (event_id, shop_domain, topic) VALUES (${delivery.eventId}, ${delivery.shopDomain.toLowerCase()}, ${delivery.topic})
    ON CONFLICT (event_id) DO NOTHING`;
  return inserted === 1;
}

/** Shopify retries a failed delivery 8 times over 4 hours; event ids older than a week can no longer recur. */
export const WEBHOOK_EVENT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export async function purgeWebhookEvents(app: AppContext, shopDomain: string, now = new Date()): Promise<number> {
  const removed = await app.db.prisma.shopifyWebhookEvent.deleteMany({
    where: { shopDomain: shopDomain.toLowerCase(), receivedAt: { lt: new Date(now.getTime() - WEBHOOK_EVENT_RETENTION_MS) } },
  });
  return removed.count;
}

export async function forgetWebhookEvent(app: AppContext, eventId: string): Promise<void> {
  await app.db.prisma.shopifyWebhookEvent.deleteMany({ where: { eventId } });
}

export async function receiveShopifyWebhook(app: AppContext, delivery: WebhookDelivery, dispatch: Dispatch): Promise<WebhookOutcome> {
  assertBodyBelongsToShop(delivery.topic, parseBody(delivery.rawBody), delivery.shopDomain);
  if (!(await recordWebhookEvent(app, delivery))) return { status: "duplicate" };
  try {
    return await handle(app, delivery, dispatch);
  } catch (error) {
    // Not handled, so not seen: Shopify's retry of this delivery must be processed.
    await forgetWebhookEvent(app, delivery.eventId);
    throw error;
  }
}

/**
 * The HMAC proves Shopify wrote the body, not that it was sent for this shop or topic: every shop's
 * deliveries are signed with the same app secret, and the X-Shopify-* headers are not signed. So a
 * topic whose body names its shop must name the header's (a products/update body, which names
 * none, cannot pass for a shop/redact), and the route has already checked the topic header.
 */
const COMPLIANCE_TOPICS = new Set<ShopifyWebhookTopic>(["customers/data_request", "customers/redact", "shop/redact"]);
const complianceShopSchema = z.object({ shop_domain: z.string().min(1) });
// app/uninstalled's body is the Shop resource: `myshopify_domain` is always there (null in
// Shopify's documented sample); `domain` is the primary domain, a custom one or the myshopify one.
const uninstalledShopSchema = z.object({ myshopify_domain: z.string().nullable(), domain: z.string().nullable().optional() });

export function assertBodyBelongsToShop(topic: ShopifyWebhookTopic, json: unknown, shopDomain: string): void {
  const named: { field: string; domain: string }[] = [];
  if (COMPLIANCE_TOPICS.has(topic)) {
    named.push({ field: "shop_domain", domain: parseWith(complianceShopSchema, json).shop_domain });
  } else if (topic === "app/uninstalled") {
    const body = parseWith(uninstalledShopSchema, json);
    if (body.myshopify_domain) named.push({ field: "myshopify_domain", domain: body.myshopify_domain });
    if (body.domain?.toLowerCase().endsWith(".myshopify.com")) named.push({ field: "domain", domain: body.domain });
  }
  for (const { field, domain } of named) {
    if (domain.trim().toLowerCase() !== shopDomain.trim().toLowerCase()) {
      throw new HttpError(400, "shop_mismatch", `The body's ${field} names another shop than X-Shopify-Shop-Domain.`, field);
    }
  }
}

async function handle(app: AppContext, delivery: WebhookDelivery, dispatch: Dispatch): Promise<WebhookOutcome> {
  const { prisma } = app.db;
  const shopDomain = delivery.shopDomain.toLowerCase();
  const json = parseBody(delivery.rawBody);
  if (delivery.topic === "app/uninstalled") {
    // Shopify's sessions for the domain go in any case; a shop record only when it is a Shopify one.
    return { status: (await markShopUninstalled(app, { shopDomain })) ? "done" : "ignored" };
  }
  // A Shopify delivery never touches a shop of another platform, even one registered under this domain.
  const shop = await prisma.shop.findUnique({ where: { platform_domain: { platform: "shopify", domain: shopDomain } }, select: { id: true, status: true } });
  if (!shop) return { status: "ignored" };
  const base = { shopId: shop.id, shopDomain };
  const queue = async (job: ShopifyJob): Promise<WebhookOutcome> => {
    await dispatch(job);
    return { status: "queued", kind: job.kind };
  };
  switch (delivery.topic) {
    case "app/scopes_update": {
      const body = parseWith(scopesSchema, json);
      await prisma.shopifyInstallation.updateMany({ where: { shopId: shop.id }, data: { scopes: body.current.join(",") } });
      return { status: "done" };
    }
    case "customers/redact": {
      const body = parseWith(customerSchema, json);
      return queue({ ...base, kind: "shopify.customers.redact", input: { ...base, ...customerOf(body, delivery.rawBody) } });
    }
    case "customers/data_request": {
      const body = parseWith(customerSchema.extend({ data_request: z.object({ id: z.union([z.number(), z.string()]) }) }), json);
      const requestId = rawInteger(delivery.rawBody, "data_request", "id") ?? String(body.data_request.id);
      return queue({ ...base, kind: "shopify.customers.data_request", input: { ...base, ...customerOf(body, delivery.rawBody), requestId } });
    }
    case "shop/redact":
      return queue({ ...base, kind: "shopify.shop.redact", input: base });
  }
  // Catalog topics: an uninstalled shop's catalog is frozen until it reinstalls (and resyncs).
  if (shop.status !== "active") return { status: "ignored" };
  switch (delivery.topic) {
    case "products/create":
    case "products/update": {
      const body = parseWith(productSchema, json);
      const productId = body.admin_graphql_api_id ?? productGid(delivery.rawBody);
      return queue({ ...base, kind: "shopify.product.refresh", input: { ...base, productId, updatedAt: body.updated_at ?? undefined } });
    }
    case "products/delete":
      return queue({ ...base, kind: "shopify.product.delete", input: { ...base, productId: productGid(delivery.rawBody) } });
    case "inventory_levels/update": {
      const body = parseWith(inventorySchema, json);
      const fromGid = body.admin_graphql_api_id ? new URL(body.admin_graphql_api_id).searchParams.get("inventory_item_id") : null;
      const itemNumber = fromGid ?? rawInteger(delivery.rawBody, null, "inventory_item_id");
      if (!itemNumber) throw new HttpError(422, "invalid_payload", "inventory_item_id is missing", "inventory_item_id");
      return queue({ ...base, kind: "shopify.inventory.update", input: { ...base, inventoryItemId: `gid://shopify/InventoryItem/${itemNumber}` } });
    }
  }
  return { status: "ignored" };
}

const productSchema = z.object({ admin_graphql_api_id: z.string().startsWith("gid://shopify/Product/").optional(), updated_at: z.string().datetime({ offset: true }).nullish() });
const inventorySchema = z.object({ admin_graphql_api_id: z.string().startsWith("gid://shopify/InventoryLevel/").optional() });
const scopesSchema = z.object({ current: z.array(z.string()) });
const customerSchema = z.object({
  customer: z.object({ id: z.union([z.number(), z.string()]).nullish(), email: z.string().nullish(), phone: z.string().nullish() }),
});

function customerOf(body: z.infer<typeof customerSchema>, rawBody: string) {
  const id = rawInteger(rawBody, "customer", "id") ?? (body.customer.id === null || body.customer.id === undefined ? undefined : String(body.customer.id));
  return { customerId: id, email: body.customer.email ?? null, phone: body.customer.phone ?? null };
}

function parseBody(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody);
  } catch {
    throw new HttpError(400, "invalid_json", "The body is not JSON.");
  }
}

function parseWith<T extends z.ZodTypeAny>(schema: T, json: unknown): z.output<T> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = formatPath(issue.path) || "(root)";
  throw new HttpError(422, "invalid_payload", `${field}: ${issue.message}`, field);
}

/**
 * An integer field read from the raw JSON text: ids above 2^53 lose digits in JSON.parse.
 * `within` names the object the key sits in (null: the top level, i.e. the first occurrence).
 */
export function rawInteger(rawBody: string, within: string | null, key: string): string | undefined {
  let text = rawBody;
  if (within) {
    const start = rawBody.indexOf(`"${within}"`);
    if (start < 0) return undefined;
    text = rawBody.slice(start, rawBody.indexOf("}", start) + 1);
  }
  return new RegExp(`"${key}"\\s*:\\s*(\\d+)`).exec(text)?.[1];
}

function productGid(rawBody: string): string {
  const id = rawInteger(rawBody, null, "id");
  if (!id) throw new HttpError(422, "invalid_payload", "id is missing", "id");
  return `gid://shopify/Product/${id}`;
}
