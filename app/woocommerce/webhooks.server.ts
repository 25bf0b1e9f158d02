import { createHash, createHmac } from "node:crypto";
import type { AppContext } from "~/context.server";
import { HttpError } from "~/http/errors";
import { fetchVariations, removeProducts, toProductInputs, writeProducts } from "./catalog.server";
import { findConnection, isConnected, requireConnection, storeClient, webhookSecretOf, type WooConnection } from "./connection.server";
import { WooApiError } from "./rest-client.server";
import { equalSecrets } from "./secrets.server";
import { readWooProduct, toProductInput, type WooProduct } from "./store-data";

/**
 * WooCommerce webhook deliveries. Accepting one is fast (signature, idempotency record); applying
 * it to the knowledge base happens afterwards, because a variation or a variable product needs a
 * REST call back to the store and WooCommerce gives a delivery only a few seconds.
 */

export const MAX_WEBHOOK_BYTES = 2 * 1024 * 1024;
const DELIVERY_RETENTION_DAYS = 14;

export function signWooBody(body: Buffer | string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/** WooCommerce's ping when a webhook is saved: form-encoded `webhook_id=N`, unsigned. */
function isPing(headers: Headers, body: Buffer): boolean {
  return !headers.get("x-wc-webhook-topic") && /^webhook_id=\d+$/.test(body.toString("utf8").trim());
}

export interface AcceptedDelivery {
  body: { ok: true; ping?: true; duplicate?: true };
  /** The work left to do, to be run in the background; absent for pings and replays. */
  apply?: () => Promise<void>;
}

export async function acceptWooWebhook(app: AppContext, shopId: string, headers: Headers, body: Buffer): Promise<AcceptedDelivery> {
  const connection = await findConnection(app, shopId);
  if (!connection) throw new HttpError(404, "shop_not_found", "No WooCommerce shop with this id.", "shopId");
  if (isPing(headers, body)) return { body: { ok: true, ping: true } };

  const signature = headers.get("x-wc-webhook-signature") ?? "";
  if (!signature || !equalSecrets(signature, signWooBody(body, webhookSecretOf(app, connection)))) {
    throw new HttpError(401, "invalid_signature", "X-WC-Webhook-Signature does not match the body.", "x-wc-webhook-signature");
  }
  const topic = (headers.get("x-wc-webhook-topic") ?? "").slice(0, 100);
  // WooCommerce derives the delivery id from the webhook id and the current second, so distinct
  // deliveries can share it: the body's hash completes the key (a replay repeats both).
  const deliveryId = (headers.get("x-wc-webhook-delivery-id") ?? "").slice(0, 100);
  const deliveryKey = `${deliveryId}:${createHash("sha256").update(body).digest("hex")}`;
  const inserted = await app.db.prisma.$executeRaw`
    INSERT INTO woo_webhook_deliveries (shop_id, delivery_key, topic) VALUES (${shopId}::uuid, ${deliveryKey}, ${topic})
    ON CONFLICT (shop_id, delivery_key) DO NOTHING`;
  if (Math.random() < 0.01) {
    await app.db.prisma.$executeRaw`DELETE FROM woo_webhook_deliveries WHERE received_at < now() - make_interval(days => ${DELIVERY_RETENTION_DAYS})`;
  }
  if (inserted === 0) return { body: { ok: true, duplicate: true } };

  let payload: unknown;
  try {
    payload = JSON.parse(body.toString("utf8"));
  } catch {
    payload = null;
  }
  return {
    body: { ok: true },
    apply: async () => {
      let outcome: string;
      let error: string | null = null;
      try {
        outcome = await applyWooDelivery(app, shopId, topic, payload);
      } catch (failure) {
        outcome = "failed";
        error = (failure instanceof Error ? failure.message : String(failure)).slice(0, 1000);
      }
      await app.db.prisma.wooWebhookDelivery.update({
        where: { shopId_deliveryKey: { shopId, deliveryKey } },
        data: { processedAt: new Date(), error: error ?? (outcome === "applied" ? null : outcome) },
      });
    },
  };
}

/**
 * What a delivery means for the knowledge base. Returns "applied", or why nothing was changed.
 * The payload is built when WooCommerce delivers, not when the change happened, so its `status`
 * is the product's current state.
 */
export async function applyWooDelivery(app: AppContext, shopId: string, topic: string, payload: unknown): Promise<string> {
  if (topic === "product.deleted") {
    const id = (payload as { id?: unknown } | null)?.id;
    if (typeof id !== "number") return "ignored: no id";
    await removeProducts(app, shopId, [String(id)]);
    return "applied";
  }
  const product = readWooProduct(payload);
  // A product deleted for good before delivery arrives as WooCommerce's signed error object.
  if (!product) return "ignored: not a product";
  const connection = await requireConnection(app, shopId);
  if (product.type === "variation") return refreshParent(app, connection, product);
  if (product.status !== "publish") {
    await removeProducts(app, shopId, [String(product.id)]);
    return "applied";
  }
  if (await isOlderThanStored(app, shopId, product)) return "ignored: older than what we hold";
  const client = isConnected(connection) ? storeClient(app, connection) : null;
  await writeProducts(app, shopId, await toProductInputs(client, [product], connection.currency ?? undefined));
  return "applied";
}

async function isOlderThanStored(app: AppContext, shopId: string, product: WooProduct): Promise<boolean> {
  if (!product.date_modified_gmt) return false;
  const stored = await app.db.prisma.wooProduct.findUnique({ where: { shopId_productId: { shopId, productId: String(product.id) } } });
  return Boolean(stored && stored.dateModified > product.date_modified_gmt);
}

/** A variation changed: its parent product (which carries the variants) is read again. */
async function refreshParent(app: AppContext, connection: WooConnection, variation: WooProduct): Promise<string> {
  const parentId = variation.parent_id;
  if (!parentId) return "ignored: variation without parent";
  if (!isConnected(connection)) return "ignored: no API keys yet";
  const client = storeClient(app, connection);
  let parent: WooProduct | null;
  try {
    parent = readWooProduct((await client.get<unknown>(`products/${parentId}`)).data);
  } catch (error) {
    if (error instanceof WooApiError && error.status === 404) parent = null;
    else throw error;
  }
  if (!parent || parent.status !== "publish") {
    await removeProducts(app, connection.shopId, [String(parentId)]);
    return "applied";
  }
  const input = toProductInput(parent, await fetchVariations(client, parent.id), connection.currency ?? undefined);
  if (!input) return "ignored: parent could not be mapped";
  await writeProducts(app, connection.shopId, [{ product: parent, input }]);
  return "applied";
}
