import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";
import { ConsoleClient } from "../console/console-client";

/** Issue 21: orders reported for attribution through the admin API, the summary, the holdout and the Revenue page. */
let app: TestApp;
type Shop = { id: string; publicKey: string; apiKey: string };
let shop: Shop;
let other: Shop;

const asShop = (key: string, path: string, init: RequestInit = {}) =>
  fetch(`${app.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...(init.headers ?? {}) } });
const report = (body: unknown, key = shop.apiKey, shopId = shop.id) => asShop(key, `/api/shops/${shopId}/orders`, { method: "POST", body: JSON.stringify(body) });

async function chat(sessionId: string, message: string) {
  const response = await fetch(`${app.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId, message }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { sources: { type: string; id: string }[] };
}

beforeAll(async () => {
  app = await startTestApp({ PALOMPY_RATE_ADMIN_PER_IP: "100000", PALOMPY_RATE_PUBLIC_PER_IP: "100000", PALOMPY_EMBEDDER: "local" });
  const create = async (name: string) => (await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) })).json()) as Shop;
  shop = await create("Attribution Store");
  other = await create("Other Attribution Store");
  const catalog = {
    products: [
      { id: "snow-1", name: "Trail Snowshoes", description: "Aluminium snowshoes for deep powder.", price: "129.90", currency: "EUR" },
      { id: "mug-1", name: "Enamel Camp Mug", description: "A light enamel mug for the campfire.", price: "12.00", currency: "EUR" },
    ],
  };
  expect((await app.admin(`/api/shops/${shop.id}/data?wait=true`, { method: "POST", body: JSON.stringify(catalog) })).status).toBe(200);
});
afterAll(() => app?.close());

describe("orders for attribution", () => {
  it("an order from a session that chatted is assisted, and influenced when it holds a product the assistant showed", async () => {
    const sessionId = randomUUID();
    const reply = await chat(sessionId, "Do you sell snowshoes for deep powder?");
    expect(reply.sources.some((source) => source.type === "product" && source.id === "snow-1")).toBe(true);
    const order = { orderId: "1001", sessionId, currency: "eur", total: "141.90", lineItems: [{ productId: "snow-1", quantity: 1, price: 129.9 }, { productId: "mug-1", quantity: 1 }] };
    const first = await report(order);
    expect(first.status).toBe(201);
    expect((await first.json()).order).toMatchObject({ orderId: "1001", assisted: true, influenced: true, status: "placed", holdoutGroup: null });
    // A retry is the same order: 200, nothing counted twice.
    const again = await report(order);
    expect(again.status).toBe(200);
    expect(await app.context.db.prisma.attributedOrder.count({ where: { shopId: shop.id } })).toBe(1);

    const mugOnly = await report({ orderId: "1002", sessionId, currency: "EUR", total: 12, lineItems: [{ productId: "mug-1" }] });
    expect((await mugOnly.json()).order).toMatchObject({ assisted: true, influenced: false });
    const noChat = await report({ orderId: "1003", sessionId: randomUUID(), currency: "EUR", total: 129.9, lineItems: [{ productId: "snow-1" }] });
    expect((await noChat.json()).order).toMatchObject({ assisted: false, influenced: false });
    // Outside the attribution window (7 days by default) the chat no longer counts.
    const later = await report({ orderId: "1004", sessionId, currency: "EUR", total: 129.9, placedAt: new Date(Date.now() + 8 * 86_400_000).toISOString(), lineItems: [{ productId: "snow-1" }] });
    expect((await later.json()).order).toMatchObject({ assisted: false });
  });

  it("a refund changes only the status; the order's revenue leaves the totals", async () => {
    const sessionId = randomUUID();
    await chat(sessionId, "snowshoes");
    expect((await report({ orderId: "2001", sessionId, currency: "EUR", total: 100, lineItems: [{ productId: "snow-1" }] })).status).toBe(201);
    const refunded = await report({ orderId: "2001", sessionId, currency: "EUR", total: 100, status: "refunded", lineItems: [{ productId: "snow-1" }] });
    expect(refunded.status).toBe(200);
    expect((await refunded.json()).order).toMatchObject({ status: "refunded", assisted: true });
    const summary = await (await asShop(shop.apiKey, `/api/shops/${shop.id}/revenue`)).json();
    const eur = summary.byCurrency.find((row: { currency: string }) => row.currency === "EUR");
    // 1001, 1002 and 1003; 1004 was placed after the range ends (now), and 2001 was refunded.
    expect(eur.revenue).toBeCloseTo(141.9 + 12 + 129.9, 2);
    expect(eur.orders).toBe(3);
  });

  it("refuses what attribution does not need, naming the field, and another shop's key", async () => {
    const withEmail = await report({ orderId: "3001", currency: "EUR", total: 10, email: "buyer@example.com" });
    expect(withEmail.status).toBe(422);
    expect((await withEmail.json()).error.message).toMatch(/email/);
    const badCurrency = await report({ orderId: "3002", currency: "euro", total: 10 });
    expect(badCurrency.status).toBe(422);
    expect((await badCurrency.json()).error.field).toBe("currency");
    const badTotal = await report({ orderId: "3003", currency: "EUR", total: "-5" });
    expect((await badTotal.json()).error.field).toBe("total");
    const badSession = await report({ orderId: "3004", currency: "EUR", total: 5, sessionId: "not-a-session" });
    expect((await badSession.json()).error.field).toBe("sessionId");
    // Another shop's key cannot report to (or read) this shop.
    expect((await report({ orderId: "3005", currency: "EUR", total: 5 }, other.apiKey)).status).toBe(404);
    expect((await asShop(other.apiKey, `/api/shops/${shop.id}/revenue`)).status).toBe(404);
    const otherSummary = await (await asShop(other.apiKey, `/api/shops/${other.id}/revenue`)).json();
    expect(otherSummary.byCurrency).toEqual([]);
  });
});

describe("the holdout", () => {
  it("compares visitors with and without the assistant by the group their page views reported", async () => {
    const prisma = app.context.db.prisma;
    const visit = async (group: "treatment" | "control") => {
      const sessionId = randomUUID();
      await prisma.widgetEvent.create({ data: { shopId: shop.id, sessionId, type: "page_view", metadata: { holdoutGroup: group }, occurredAt: new Date() } });
      return sessionId;
    };
    const treatment = await Promise.all(Array.from({ length: 30 }, () => visit("treatment")));
    const control = await Promise.all(Array.from({ length: 10 }, () => visit("control")));
    for (const [index, sessionId] of treatment.slice(0, 6).entries()) {
      const response = await report({ orderId: `T-${index}`, sessionId, currency: "EUR", total: 50, lineItems: [{ productId: "mug-1" }] });
      // The group is read from the session's own page views.
      expect((await response.json()).order.holdoutGroup).toBe("treatment");
    }
    await report({ orderId: "C-0", sessionId: control[0], currency: "EUR", total: 50 });
    const summary = await (await asShop(shop.apiKey, `/api/shops/${shop.id}/revenue`)).json();
    expect(summary.holdout.treatment).toEqual({ visitors: 30, conversions: 6, revenue: 300 });
    expect(summary.holdout.control).toEqual({ visitors: 10, conversions: 1, revenue: 50 });
    expect(summary.holdout.conversion.difference).toBeCloseTo(0.2 - 0.1, 10);

    const client = new ConsoleClient(app.url);
    await client.logIn(shop.apiKey);
    const page = await client.page("/admin/revenue");
    for (const text of ["Revenue", "Assisted orders", "Influenced orders", "30 visitors, 6 ordered", "10 visitors, 1 ordered", "Too early to tell"]) expect(page).toContain(text);
    const refused = await client.post("/admin/revenue", { holdoutPercent: "80", attributionWindowDays: "7" });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("holdoutPercent");
    expect((await client.post("/admin/revenue", { holdoutPercent: "10", attributionWindowDays: "14" })).status).toBe(200);
    const config = await (await fetch(`${app.url}/api/widget/config?shopPublicKey=${shop.publicKey}`)).json();
    expect(config.holdoutPercent).toBe(10);
  });
});
