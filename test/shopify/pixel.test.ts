import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkoutReport,
  subscribeToCheckouts,
  type PixelApi,
  type PixelCheckoutCompletedEvent,
  type PixelSettings,
  type SendReport,
} from "../../extensions/palompy-pixel/src/checkout-order";
import { startTestApp, type TestApp } from "../support/app-server";

/**
 * Issue 21, Shopify: the web pixel's handler (extensions/palompy-pixel/src/checkout-order.ts) run
 * against a fake of the Web Pixels API, posting to the real app's POST /api/pixel/orders.
 */

/**
 * The pixel API as Shopify's sandbox offers it, as strict as it is where this module touches it:
 * storage reads are asynchronous and answer strings (the widget's JSON text) or null; only standard
 * event names can be subscribed; `emit` delivers an event to the subscribers like Shopify's bus.
 */
function fakePixelApi(settings: PixelSettings, storage: { local?: Record<string, string>; session?: Record<string, string> } = {}) {
  const subscribers = new Map<string, ((event: PixelCheckoutCompletedEvent) => void | Promise<void>)[]>();
  const STANDARD_EVENTS = new Set(["checkout_completed", "checkout_started", "page_viewed", "product_viewed", "cart_viewed", "product_added_to_cart"]);
  const area = (values: Record<string, string>) => ({
    getItem: (key: string) => {
      if (typeof key !== "string") return Promise.reject(new TypeError("key must be a string"));
      return Promise.resolve(Object.hasOwn(values, key) ? values[key] : null);
    },
  });
  const api: PixelApi & { emit(event: PixelCheckoutCompletedEvent): Promise<void> } = {
    analytics: {
      subscribe(name, callback) {
        if (!STANDARD_EVENTS.has(name)) throw new Error(`unknown event ${name}`);
        subscribers.set(name, [...(subscribers.get(name) ?? []), callback]);
      },
    },
    browser: { localStorage: area(storage.local ?? {}), sessionStorage: area(storage.session ?? {}) },
    settings,
    async emit(event) {
      await Promise.all((subscribers.get(event.name) ?? []).map((callback) => callback(event)));
    },
  };
  return api;
}

/** A checkout_completed event shaped as Shopify documents it (ids as the pixel gives them). */
function checkoutCompleted(orderId: string | null, lines: { product: string; variant: string; quantity: number }[], amount: number, currencyCode = "EUR"): PixelCheckoutCompletedEvent {
  return {
    name: "checkout_completed",
    timestamp: new Date().toISOString(),
    data: {
      checkout: {
        currencyCode,
        totalPrice: { amount, currencyCode },
        order: orderId ? { id: orderId } : null,
        lineItems: lines.map((line) => ({ quantity: line.quantity, variant: { id: line.variant, product: { id: line.product } } })),
      },
    },
  };
}

const widgetStorage = (publicKey: string, sessionId: string, group?: "treatment" | "control") => ({
  [`palompy:${publicKey}:sid`]: JSON.stringify(sessionId),
  ...(group ? { [`palompy:${publicKey}:holdout`]: JSON.stringify({ group, at: Date.now() }) } : {}),
});

describe("the pixel's handler", () => {
  const settings = { shopPublicKey: "pk-1", endpoint: "https://palompy.example.com/api/pixel/orders" };

  it("reports the order id, total, currency, line items, the widget's session and holdout group", async () => {
    const sessionId = randomUUID();
    const api = fakePixelApi(settings, { local: widgetStorage("pk-1", sessionId, "treatment") });
    const report = await checkoutReport(checkoutCompleted("gid://shopify/OrderIdentity/55", [{ product: "42", variant: "4201", quantity: 2 }], 259.8), api.browser, settings);
    expect(report).toEqual({
      shopPublicKey: "pk-1",
      orderId: "gid://shopify/OrderIdentity/55",
      sessionId,
      holdoutGroup: "treatment",
      currency: "EUR",
      total: 259.8,
      lineItems: [{ productId: "42", variantId: "4201", quantity: 2 }],
    });
  });

  it("reads sessionStorage when the widget could not remember the visitor; sends nothing without a widget session or an order id", async () => {
    const sessionId = randomUUID();
    const inTab = fakePixelApi(settings, { session: widgetStorage("pk-1", sessionId) });
    expect((await checkoutReport(checkoutCompleted("1", [], 5), inTab.browser, settings))?.sessionId).toBe(sessionId);
    const none = fakePixelApi(settings);
    expect(await checkoutReport(checkoutCompleted("1", [], 5), none.browser, settings)).toBeNull();
    // Another shop's key, or a value that is not the widget's: nothing to attribute.
    const otherShop = fakePixelApi(settings, { local: widgetStorage("pk-2", sessionId) });
    expect(await checkoutReport(checkoutCompleted("1", [], 5), otherShop.browser, settings)).toBeNull();
    const garbage = fakePixelApi(settings, { local: { "palompy:pk-1:sid": "not json" } });
    expect(await checkoutReport(checkoutCompleted("1", [], 5), garbage.browser, settings)).toBeNull();
    const withSession = fakePixelApi(settings, { local: widgetStorage("pk-1", sessionId) });
    expect(await checkoutReport(checkoutCompleted(null, [], 5), withSession.browser, settings)).toBeNull();

    const sent: unknown[] = [];
    subscribeToCheckouts(none, async (url, init) => void sent.push({ url, init }));
    await none.emit(checkoutCompleted("1", [], 5));
    expect(sent).toEqual([]);
  });
});

describe("a pixel event for a chatting session becomes an assisted order (real app)", () => {
  let app: TestApp;
  let shop: { id: string; publicKey: string };
  const endpoint = () => `${app.url}/api/pixel/orders`;
  const send: SendReport = (url, init) => fetch(url, init);

  beforeAll(async () => {
    app = await startTestApp({ PALOMPY_RATE_PUBLIC_PER_IP: "100000", PALOMPY_RATE_PIXEL_ORDERS_PER_SHOP: "8", PALOMPY_EMBEDDER: "local" });
    shop = await app.createShop("Pixel Store");
    const catalog = { products: [{ id: "42", name: "Trail Snowshoes", description: "Aluminium snowshoes for deep powder.", price: "129.90", currency: "EUR" }] };
    expect((await app.admin(`/api/shops/${shop.id}/data?wait=true`, { method: "POST", body: JSON.stringify(catalog) })).status).toBe(200);
  });
  afterAll(() => app?.close());

  async function pageView(publicKey: string, sessionId: string) {
    const response = await fetch(`${app.url}/api/analytics/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ shopPublicKey: publicKey, sessionId, events: [{ type: "page_view", occurredAt: new Date().toISOString(), metadata: { holdoutGroup: "treatment" } }] }),
    });
    expect(response.status).toBe(202);
  }

  async function chat(sessionId: string, message: string) {
    const response = await fetch(`${app.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId, message }) });
    expect(response.status).toBe(200);
    return (await response.json()) as { sources: { type: string; id: string }[] };
  }

  it("the widget's session chats, the checkout completes, the pixel reports it: assisted and influenced, once", async () => {
    const sessionId = randomUUID();
    await pageView(shop.publicKey, sessionId);
    const reply = await chat(sessionId, "Do you sell snowshoes for deep powder?");
    expect(reply.sources).toContainEqual(expect.objectContaining({ type: "product", id: "42" }));

    const pixel = fakePixelApi({ shopPublicKey: shop.publicKey, endpoint: endpoint() }, { local: widgetStorage(shop.publicKey, sessionId, "treatment") });
    const answers: { status: number; cors: string | null; body: unknown }[] = [];
    subscribeToCheckouts(pixel, async (url, init) => {
      const response = await send(url, init);
      answers.push({ status: response instanceof Response ? response.status : 0, cors: response instanceof Response ? response.headers.get("access-control-allow-origin") : null, body: response instanceof Response ? await response.json() : null });
      return response;
    });
    // The pixel's product ids are plain numbers; the Admin API's are gids: the same product.
    const event = checkoutCompleted("gid://shopify/OrderIdentity/9001", [{ product: "42", variant: "4201", quantity: 1 }], 129.9);
    await pixel.emit(event);
    expect(answers).toEqual([{ status: 201, cors: "*", body: { order: { orderId: "gid://shopify/OrderIdentity/9001", assisted: true, influenced: true, holdoutGroup: "treatment", status: "placed" } } }]);
    // Shopify may fire the event again (a reload of the thank-you page): the same order, counted once.
    await pixel.emit(event);
    expect(answers[1]).toMatchObject({ status: 200 });
    const stored = await app.context.db.prisma.attributedOrder.findMany({ where: { shopId: shop.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ sessionId, currency: "EUR", assisted: true, influenced: true });
    expect(Number(stored[0].total)).toBeCloseTo(129.9, 2);
  });

  it("refuses a session the widget never opened on this shop, another shop's session, a status or an email, naming the field", async () => {
    const post = (body: unknown) => fetch(endpoint(), { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify(body) });
    const base = { shopPublicKey: shop.publicKey, orderId: "9100", currency: "EUR", total: 10, lineItems: [] };
    const madeUp = await post({ ...base, sessionId: randomUUID() });
    expect(madeUp.status).toBe(422);
    expect(await madeUp.json()).toMatchObject({ error: { code: "unknown_session", field: "sessionId" } });

    const other = await app.createShop("Other Pixel Store");
    const elsewhere = randomUUID();
    await pageView(other.publicKey, elsewhere);
    expect((await post({ ...base, sessionId: elsewhere })).status).toBe(422);

    const sessionId = randomUUID();
    await pageView(shop.publicKey, sessionId);
    const refund = await post({ ...base, sessionId, status: "refunded" });
    expect(refund.status).toBe(422);
    expect((await refund.json()).error.message).toMatch(/status/);
    const email = await post({ ...base, sessionId, email: "buyer@example.com" });
    expect(email.status).toBe(422);
    const unknownShop = await post({ ...base, sessionId, shopPublicKey: randomUUID() });
    expect(unknownShop.status).toBe(404);
    const huge = await post({ ...base, sessionId, lineItems: Array.from({ length: 251 }, (_, index) => ({ productId: String(index), quantity: 1 })) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.field).toBe("lineItems");
    expect(await app.context.db.prisma.attributedOrder.count({ where: { orderId: "9100" } })).toBe(0);
  });

  it("a pixel report never changes a known order: a refund reported through the signed API stays", async () => {
    const sessionId = randomUUID();
    await pageView(shop.publicKey, sessionId);
    const post = (body: unknown) => fetch(endpoint(), { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify(body) });
    const order = { shopPublicKey: shop.publicKey, orderId: "9200", sessionId, currency: "EUR", total: 50, lineItems: [{ productId: "42" }] };
    expect((await post(order)).status).toBe(201);
    await app.context.db.prisma.attributedOrder.update({ where: { shopId_orderId: { shopId: shop.id, orderId: "9200" } }, data: { status: "refunded" } });
    const replay = await post(order);
    expect(replay.status).toBe(200);
    expect((await replay.json()).order.status).toBe("refunded");
  });

  it("takes reports from Shopify's sandbox origin even when the shop limits the widget API to its storefront", async () => {
    const locked = await app.createShop("Locked Pixel Store");
    expect((await app.admin(`/api/shops/${locked.id}/settings`, { method: "PATCH", body: JSON.stringify({ allowedOrigins: ["https://locked.example"] }) })).status).toBe(200);
    const sessionId = randomUUID();
    const view = await fetch(`${app.url}/api/analytics/events`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://locked.example" },
      body: JSON.stringify({ shopPublicKey: locked.publicKey, sessionId, events: [{ type: "page_view", occurredAt: Date.now() }] }),
    });
    expect(view.status).toBe(202);
    const response = await fetch(endpoint(), {
      method: "POST",
      headers: { "content-type": "text/plain", origin: "https://extensions.shopifycdn.com" },
      body: JSON.stringify({ shopPublicKey: locked.publicKey, orderId: "9400", sessionId, currency: "EUR", total: 3 }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("limits reports per shop (PALOMPY_RATE_PIXEL_ORDERS_PER_SHOP) whatever the session", async () => {
    const flooded = await app.createShop("Flooded Pixel Store");
    const statuses: number[] = [];
    for (let index = 0; index < 10; index += 1) {
      const sessionId = randomUUID();
      await pageView(flooded.publicKey, sessionId);
      const response = await fetch(endpoint(), { method: "POST", body: JSON.stringify({ shopPublicKey: flooded.publicKey, orderId: `f-${index}`, sessionId, currency: "EUR", total: 1 }) });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(201));
    expect(statuses.slice(8)).toEqual([429, 429]);
    // Another shop is not affected.
    const sessionId = randomUUID();
    await pageView(shop.publicKey, sessionId);
    const response = await fetch(endpoint(), { method: "POST", body: JSON.stringify({ shopPublicKey: shop.publicKey, orderId: "9300", sessionId, currency: "EUR", total: 1 }) });
    expect(response.status).toBe(201);
  });
});
