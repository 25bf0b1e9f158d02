import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerStore } from "~/woocommerce/connection.server";
import { parseSiteUrl } from "~/woocommerce/site-url";
import { startTestApp, type TestApp } from "../support/app-server";
import { PUBLIC_URL, TEST_SECRET_KEY } from "./support";

/**
 * Issue 21, WooCommerce: the plugin reports the store's orders with its plugin token
 * (POST /api/woocommerce/orders), against the production build. The token names the shop: an
 * order always lands in the store's own shop, whatever the body says.
 */
let app: TestApp;
type Store = { shopId: string; publicKey: string; pluginToken: string };
let store: Store;
let other: Store;

const reportOrder = (body: unknown, token = store.pluginToken) =>
  fetch(`${app.url}/api/woocommerce/orders`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function register(name: string, siteUrl: string): Promise<Store> {
  const { shop, pluginToken } = await registerStore(app.context, { site: parseSiteUrl(siteUrl)!, storeName: name, pluginVersion: "0.1.0" });
  return { shopId: shop.id, publicKey: shop.publicKey, pluginToken };
}

async function chat(publicKey: string, sessionId: string, message: string) {
  const response = await fetch(`${app.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ shopPublicKey: publicKey, sessionId, message, lang: "en" }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { sources: { type: string; id: string }[] };
}

beforeAll(async () => {
  app = await startTestApp({
    PALOMPY_EMBEDDER: "local",
    PALOMPY_SECRET_KEY: TEST_SECRET_KEY,
    PALOMPY_PUBLIC_URL: PUBLIC_URL,
    PALOMPY_RATE_PUBLIC_PER_IP: "100000",
    PALOMPY_RATE_CHAT_PER_IP: "100000",
  });
  store = await register("Snow Shop", "https://snow.example");
  other = await register("Other Shop", "https://other.example");
  const catalog = {
    products: [
      { id: "41", name: "Trail Snowshoes", description: "Aluminium snowshoes for deep powder.", price: "129.90", currency: "EUR" },
      { id: "42", name: "Enamel Camp Mug", description: "A light enamel mug for the campfire.", price: "12.00", currency: "EUR" },
    ],
  };
  for (const shopId of [store.shopId, other.shopId]) {
    expect((await app.admin(`/api/shops/${shopId}/data?wait=true`, { method: "POST", body: JSON.stringify(catalog) })).status).toBe(200);
  }
});
afterAll(() => app?.close());

describe("POST /api/woocommerce/orders", () => {
  it("records a chatting session's order as assisted and influenced; a retry is 200; a refund changes its status", async () => {
    const sessionId = randomUUID();
    const reply = await chat(store.publicKey, sessionId, "Do you sell snowshoes for deep powder?");
    expect(reply.sources.some((source) => source.type === "product" && source.id === "41")).toBe(true);
    const order = { orderId: 1501, sessionId, holdoutGroup: "treatment", currency: "EUR", total: "141.90", lineItems: [{ productId: "41", quantity: 1 }, { productId: "42", variantId: "0", quantity: 1 }] };
    const first = await reportOrder(order);
    expect(first.status).toBe(201);
    expect((await first.json()).order).toEqual({ orderId: "1501", assisted: true, influenced: true, holdoutGroup: "treatment", status: "placed" });
    expect((await reportOrder(order)).status).toBe(200);
    const refunded = await reportOrder({ ...order, status: "refunded" });
    expect(refunded.status).toBe(200);
    expect((await refunded.json()).order).toMatchObject({ status: "refunded", assisted: true, influenced: true });
    const stored = await app.context.db.prisma.attributedOrder.findMany({ where: { orderId: "1501" } });
    expect(stored.map((row) => [row.shopId, row.status])).toEqual([[store.shopId, "refunded"]]);
  });

  it("tenant isolation: the same order id from another store is that store's own order; one store's chat does not assist another's", async () => {
    const sessionId = randomUUID();
    await chat(store.publicKey, sessionId, "snowshoes");
    const response = await reportOrder({ orderId: "1501", sessionId, currency: "EUR", total: 129.9, lineItems: [{ productId: "41" }] }, other.pluginToken);
    expect(response.status).toBe(201);
    expect((await response.json()).order).toMatchObject({ assisted: false, influenced: false, status: "placed" });
    const rows = await app.context.db.prisma.attributedOrder.findMany({ where: { orderId: "1501" }, orderBy: { createdAt: "asc" } });
    expect(rows.map((row) => [row.shopId, row.status])).toEqual([
      [store.shopId, "refunded"],
      [other.shopId, "placed"],
    ]);
  });

  it("refuses bad input naming the field, personal data, and requests without the plugin token", async () => {
    const bad = async (body: unknown) => {
      const response = await reportOrder(body);
      expect(response.status).toBe(422);
      return (await response.json()).error;
    };
    expect((await bad({ orderId: "1", currency: "EUR", total: 10, sessionId: "palompy_sid=x" })).field).toBe("sessionId");
    expect((await bad({ orderId: "1", currency: "euro", total: 10 })).field).toBe("currency");
    expect((await bad({ orderId: "1", currency: "EUR", total: "-1" })).field).toBe("total");
    expect((await bad({ orderId: "1", currency: "EUR", total: 1, lineItems: [{ productId: "41", quantity: 0 }] })).field).toBe("lineItems[0].quantity");
    expect((await bad({ orderId: "1", currency: "EUR", total: 1, billingEmail: "buyer@example.com" })).message).toMatch(/billingEmail/);
    const anonymous = await fetch(`${app.url}/api/woocommerce/orders`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ orderId: "1", currency: "EUR", total: 1 }) });
    expect(anonymous.status).toBe(401);
    expect((await reportOrder({ orderId: "1", currency: "EUR", total: 1 }, "pt_not-a-token")).status).toBe(401);
    expect((await fetch(`${app.url}/api/woocommerce/orders`, { headers: { authorization: `Bearer ${store.pluginToken}` } })).status).toBe(405);
    expect(await app.context.db.prisma.attributedOrder.count({ where: { orderId: "1" } })).toBe(0);
  });
});
