import { createHash, createHmac } from "node:crypto";
import type { AppContext } from "~/app-context";
import { HttpError } from "~/http/errors";
import { PAGE_SIZE, removeProducts, toProductInputs, writeProducts } from "./catalog.server";
import { findConnection, isConnected, requireConnection, storeClient, webhookSecretOf } from "./connection.server";
import { equalSecrets } from "./secrets.server";
import { isOnStorefront, readWooProduct, readWooProducts, type WooProduct } from "./store-data";

/**
 * WooCommerce webhook deliveries. Accepting one is fast (signature, idempotency record with the
 * body); applying it to the knowledge base happens afterwards, because a variation or a variable
 * product needs a REST call back to the store and WooCommerce gives a delivery only a few seconds.
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
  /** A new delivery is waiting to be applied (drainWooDeliveries). */
  pending: boolean;
}

/**
 * Checks and records a delivery; applying it is left to drainWooDeliveries, which takes every
 * delivery waiting for the shop at once (a bulk edit in WooCommerce sends hundreds in a burst).
 */
export async function acceptWooWebhook(
  app: AppContext,
  shopId: string,
  headers: Headers,
  body: Buffer,
  /** Runs once the signature checks out, before anything is recorded (the shop's rate limit). */
  onVerified: () => Promise<void> = async () => {},
): Promise<AcceptedDelivery> {
  const connection = await findConnection(app, shopId);
  if (!connection) throw new HttpError(404, "shop_not_found", "No WooCommerce shop with this id.", "shopId");
  if (isPing(headers, body)) return { body: { ok: true, ping: true }, pending: false };

  const signature = headers.get("x-wc-webhook-signature") ?? "";
  if (!signature || !equalSecrets(signature, signWooBody(body, webhookSecretOf(app, connection)))) {
    throw new HttpError(401, "invalid_signature", "X-WC-Webhook-Signature does not match the body.", "x-wc-webhook-signature");
  }
  await onVerified();
  const topic = (headers.get("x-wc-webhook-topic") ?? "").slice(0, 100);
  // WooCommerce derives the delivery id from the webhook id and the current second, so distinct
  // deliveries can share it: the body's hash completes the key (a replay repeats both).
  const deliveryId = (headers.get("x-wc-webhook-delivery-id") ?? "").slice(0, 100);
  const deliveryKey = `${deliveryId}:${createHash("sha256").update(body).digest("hex")}`;
  const inserted = await app.db.prisma.$executeRaw`
    INSERT INTO woo_webhook_deliveries (shop_id, delivery_key, topic, body) VALUES (${shopId}::uuid, ${deliveryKey}, ${topic}, ${body.toString("utf8")})
    ON CONFLICT (shop_id, delivery_key) DO NOTHING`;
  if (Math.random() < 0.01) {
    await app.db.prisma.$executeRaw`DELETE FROM woo_webhook_deliveries WHERE received_at < now() - make_interval(days => ${DELIVERY_RETENTION_DAYS})`;
  }
  return inserted === 0 ? { body: { ok: true, duplicate: true }, pending: false } : { body: { ok: true }, pending: true };
}

// Bounded so that acknowledgements (same database) never wait behind one huge write.
const DRAIN_BATCH = 100;

/**
 * Applies the shop's waiting deliveries in arrival order, coalesced: only the last word on each
 * product counts, all upserts go through one import (one embedding call), all removals through one
 * delete. Each delivery row records its outcome: null when applied, otherwise why it changed nothing.
 */
export async function drainWooDeliveries(app: AppContext, shopId: string): Promise<number> {
  let drained = 0;
  for (;;) {
    const rows = await app.db.prisma.wooWebhookDelivery.findMany({
      where: { shopId, processedAt: null },
      orderBy: { receivedAt: "asc" },
      take: DRAIN_BATCH,
      select: { deliveryKey: true, topic: true, body: true },
    });
    if (!rows.length) return drained;
    const outcomes = await applyWooDeliveries(
      app,
      shopId,
      rows.map((row) => ({ topic: row.topic, payload: parseJson(row.body) })),
    );
    const byOutcome = new Map<string | null, string[]>();
    rows.forEach((row, i) => byOutcome.set(outcomes[i], [...(byOutcome.get(outcomes[i]) ?? []), row.deliveryKey]));
    for (const [outcome, keys] of byOutcome) {
      await app.db.prisma.wooWebhookDelivery.updateMany({
        where: { shopId, deliveryKey: { in: keys } },
        data: { processedAt: new Date(), error: outcome, body: null },
      });
    }
    drained += rows.length;
  }
}

function parseJson(text: string | null): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

type Plan =
  | { kind: "remove"; id: string }
  | { kind: "upsert"; product: WooProduct }
  | { kind: "refresh"; parentId: number }
  | { kind: "ignore"; reason: string };

/**
 * What one delivery means. The payload is built when WooCommerce delivers, not when the change
 * happened, so its `status` is the product's current state.
 */
function planDelivery(topic: string, payload: unknown): Plan {
  if (topic === "product.deleted") {
    const id = (payload as { id?: unknown } | null)?.id;
    return typeof id === "number" ? { kind: "remove", id: String(id) } : { kind: "ignore", reason: "ignored: no id" };
  }
  const product = readWooProduct(payload);
  // A product deleted for good before delivery arrives as WooCommerce's signed error object.
  if (!product) return { kind: "ignore", reason: "ignored: not a product" };
  if (product.type === "variation") {
    return product.parent_id ? { kind: "refresh", parentId: product.parent_id } : { kind: "ignore", reason: "ignored: variation without parent" };
  }
  // Unpublished, hidden from the catalog or put behind a password: out of the answers; shown again: back in.
  if (!isOnStorefront(product)) return { kind: "remove", id: String(product.id) };
  return { kind: "upsert", product };
}

/** Applies deliveries (in arrival order) and returns each one's outcome (null: applied). */
export async function applyWooDeliveries(app: AppContext, shopId: string, deliveries: Array<{ topic: string; payload: unknown }>): Promise<Array<string | null>> {
  const connection = await requireConnection(app, shopId);
  const plans = deliveries.map((delivery) => planDelivery(delivery.topic, delivery.payload));
  const outcomes: Array<string | null> = plans.map((plan) => (plan.kind === "ignore" ? plan.reason : null));

  // The last word on each product wins; a variation's parent is read again from the store.
  const last = new Map<string, { plan: Exclude<Plan, { kind: "ignore" }>; index: number }>();
  plans.forEach((plan, index) => {
    if (plan.kind === "ignore") return;
    const id = plan.kind === "remove" ? plan.id : plan.kind === "upsert" ? String(plan.product.id) : String(plan.parentId);
    last.set(id, { plan, index });
  });
  const stored = new Map(
    (await app.db.prisma.wooProduct.findMany({ where: { shopId, productId: { in: [...last.keys()] } }, select: { productId: true, dateModified: true } })).map(
      (row) => [row.productId, row.dateModified],
    ),
  );
  const removals: string[] = [];
  const upserts: WooProduct[] = [];
  const refreshes: number[] = [];
  for (const [id, { plan, index }] of last) {
    if (plan.kind === "remove") removals.push(id);
    else if (plan.kind === "refresh") refreshes.push(plan.parentId);
    else if (plan.product.date_modified_gmt && (stored.get(id) ?? "") > plan.product.date_modified_gmt) outcomes[index] = "ignored: older than what we hold";
    else upserts.push(plan.product);
  }

  await removeProducts(app, shopId, removals);
  const client = isConnected(connection) ? storeClient(app, connection) : null;
  const currency = connection.currency ?? undefined;
  const entries = await toProductInputs(client, upserts, currency);
  if (refreshes.length) {
    if (!client) {
      plans.forEach((plan, index) => plan.kind === "refresh" && (outcomes[index] = "ignored: no API keys yet"));
    } else {
      const parents = readWooProducts((await client.get<unknown>("products", { include: refreshes.join(","), per_page: PAGE_SIZE })).data);
      const published = parents.filter(isOnStorefront);
      await removeProducts(
        app,
        shopId,
        refreshes.map(String).filter((id) => !published.some((parent) => String(parent.id) === id)),
      );
      entries.push(...(await toProductInputs(client, published, currency)));
    }
  }
  await writeProducts(app, shopId, entries);
  return outcomes;
}

/** One delivery on its own (tests, tools). */
export async function applyWooDelivery(app: AppContext, shopId: string, topic: string, payload: unknown): Promise<string> {
  const [outcome] = await applyWooDeliveries(app, shopId, [{ topic, payload }]);
  return outcome ?? "applied";
}
