import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { shopifyDataDir } from "./shared-data";

/** Shopify webhook deliveries built from ../shared/data/shopify/webhooks/ (bodies + headers.json). */

interface HeadersFile {
  test_secret: string;
  per_topic: Record<string, { body_file: string; headers: Record<string, string> }>;
}

const dir = path.join(shopifyDataDir, "webhooks");

export function webhookVectors(): HeadersFile {
  return JSON.parse(fs.readFileSync(path.join(dir, "headers.json"), "utf8")) as HeadersFile;
}

export const WEBHOOK_SECRET = "palompy-test-secret";

export function sampleBody(topic: string): string {
  return fs.readFileSync(path.join(dir, webhookVectors().per_topic[topic].body_file), "utf8");
}

/**
 * A documented sample as the named shop would receive it: the docs write its domain as the
 * placeholder `{shop}.myshopify.com` (compliance bodies' shop_domain); app/uninstalled's Shop body
 * gets the domain in `myshopify_domain`, where the docs' sample has null.
 */
export function sampleBodyFor(topic: string, shopDomain: string): string {
  const body = sampleBody(topic).replaceAll("{shop}.myshopify.com", shopDomain);
  return topic === "app/uninstalled" ? body.replace('"myshopify_domain":null', `"myshopify_domain":${JSON.stringify(shopDomain)}`) : body;
}

export function sign(body: string, secret = WEBHOOK_SECRET): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export interface Delivery {
  topic: string;
  body: string;
  shopDomain: string;
  eventId?: string;
  hmac?: string;
}

/** Headers as Shopify sends them; the HMAC is computed over the exact body unless given. */
export function deliveryHeaders(delivery: Delivery): Record<string, string> {
  const base = webhookVectors().per_topic[delivery.topic]?.headers ?? webhookVectors().per_topic["products/update"].headers;
  return {
    ...base,
    "X-Shopify-Topic": delivery.topic,
    "X-Shopify-Shop-Domain": delivery.shopDomain,
    "X-Shopify-Hmac-Sha256": delivery.hmac ?? sign(delivery.body),
    "X-Shopify-Webhook-Id": randomUUID(),
    "X-Shopify-Event-Id": delivery.eventId ?? randomUUID(),
  };
}

export function deliver(appUrl: string, delivery: Delivery): Promise<Response> {
  return fetch(`${appUrl}/webhooks/${delivery.topic}`, { method: "POST", headers: deliveryHeaders(delivery), body: delivery.body });
}

/** A products/update body for one product, from Shopify's sample, with exact ids kept as text. */
export function productUpdateBody(productGid: string, updatedAt: string): string {
  const sample = JSON.parse(sampleBody("products/update")) as Record<string, unknown>;
  const number = productGid.slice(productGid.lastIndexOf("/") + 1);
  const body = JSON.stringify({ ...sample, admin_graphql_api_id: productGid, id: 0, updated_at: updatedAt });
  return body.replace('"id":0', `"id":${number}`);
}

export function inventoryUpdateBody(inventoryItemGid: string, available: number): string {
  const number = inventoryItemGid.slice(inventoryItemGid.lastIndexOf("/") + 1);
  return `{"inventory_item_id":${number},"location_id":24826418,"available":${available},"updated_at":"${new Date().toISOString()}","admin_graphql_api_id":"gid://shopify/InventoryLevel/24826418?inventory_item_id=${number}"}`;
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("waitFor: timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
