// Order status in the chat (Shopify and WooCommerce): number AND email must match, the answer is
// status, fulfilment and tracking only, lookups are limited per session, and a shop's chat reaches
// only its own orders.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { answerTurn } from "~/chat/answer.server";
import type { ChatEvent, ChatReply } from "~/chat/events";
import type { ChatModelProvider } from "~/chat/providers/types";
import { chatDependencies } from "~/chat/service.server";
import { orderLookupAccess } from "~/orders/access.server";
import { findShopifyOrderStatus, grantsOrderAccess } from "~/orders/shopify.server";
import { fetchAdminGraphql } from "~/shopify/admin-client";
import { activateKeys } from "~/woocommerce/connection.server";
import { startFakeAdminApi, type FakeAdminApi, type FakeOrder } from "../support/fake-shopify-admin";
import { FakeWooCommerce } from "../support/fake-woocommerce";
import { fakeShopDetails } from "../support/shopify-catalog";
import { openTestApp, registerFakeStore } from "../woocommerce/support";

type Shop = { id: string; name: string; settings: unknown };

let app: Awaited<ReturnType<typeof openTestApp>>;
let admin: FakeAdminApi;
let storeA: FakeWooCommerce;
let storeB: FakeWooCommerce;
let storeC: FakeWooCommerce;
let shopify: Shop;
let shopifyNoScope: Shop;
let wooA: Shop;
let wooB: Shop;
let wooPending: Shop;
let standalone: Shop;

const SHOPIFY_ORDER: FakeOrder = {
  id: "gid://shopify/Order/1",
  name: "#1001",
  email: "Anna@Example.com",
  displayFulfillmentStatus: "FULFILLED",
  displayFinancialStatus: "PAID",
  fulfillments: [{ status: "SUCCESS", trackingInfo: [{ number: "JD014600", url: "https://track.example/JD014600", company: "DHL" }] }],
  shippingAddress: { name: "Anna Petrova", address1: "Tverskaya 1", city: "Moscow" },
  lineItemTitles: ["Arctic thermos"],
};
const CONTACT = "help@store.example";

async function shopifyShop(domain: string, scopes: string): Promise<Shop> {
  const shop = await app.db.prisma.shop.create({ data: { name: domain, platform: "shopify", domain, settings: { contact: { email: CONTACT } } } });
  await app.db.prisma.shopifyInstallation.create({ data: { shopId: shop.id, scopes, primaryDomain: `https://${domain.replace(".myshopify.com", "")}.example` } });
  return shop;
}

async function connectedWooShop(store: FakeWooCommerce, name: string): Promise<Shop> {
  const { shop } = await registerFakeStore(app, store, name);
  const key = store.createKey("read");
  await activateKeys(app, shop.id, { consumerKey: key.consumerKey, consumerSecret: key.consumerSecret, keyId: key.keyId });
  return app.db.prisma.shop.update({ where: { id: shop.id }, data: { settings: { contact: { email: CONTACT } } } });
}

beforeAll(async () => {
  admin = await startFakeAdminApi({ shop: fakeShopDetails() });
  [storeA, storeB, storeC] = await Promise.all([1, 2, 3].map(() => new FakeWooCommerce({ currency: "EUR" }).start()));
  app = await openTestApp({ PALOMPY_SHOPIFY_ADMIN_URL: admin.endpoint, PALOMPY_SHOPIFY_ADMIN_TOKEN: admin.accessToken });
  admin.orders.push(SHOPIFY_ORDER, {
    id: "gid://shopify/Order/2",
    name: "#1002",
    email: "bob@example.com",
    displayFulfillmentStatus: "UNFULFILLED",
    displayFinancialStatus: "PENDING",
    fulfillments: [],
  });
  storeA.orders.push({
    id: 501,
    number: "501",
    status: "completed",
    billing: { email: "anna@example.com", first_name: "Anna" },
    total: "120.00",
    meta_data: [{ id: 1, key: "_wc_shipment_tracking_items", value: [{ tracking_provider: "dhl", tracking_number: "JD014600", custom_tracking_link: "https://track.example/JD014600" }] }],
  });
  // A new store's first orders have two digits (issue 18.4: "#70" was never recognised).
  storeA.orders.push({ id: 70, number: "70", status: "processing", billing: { email: "kate@example.com", first_name: "Kate" }, total: "10.00", meta_data: [] });
  storeB.orders.push({ id: 601, number: "601", status: "processing", billing: { email: "bob@example.com", first_name: "Bob" }, total: "80.00", meta_data: [] });
  shopify = await shopifyShop("alpine.myshopify.com", "read_products,read_content,read_orders");
  shopifyNoScope = await shopifyShop("noscope.myshopify.com", "read_products,read_content");
  wooA = await connectedWooShop(storeA, "Store A");
  wooB = await connectedWooShop(storeB, "Store B");
  wooPending = (await registerFakeStore(app, storeC, "Not yet connected")).shop;
  standalone = await app.db.prisma.shop.create({ data: { name: "Standalone", settings: { contact: { email: CONTACT } } } });
});
afterAll(async () => {
  await Promise.all([admin?.close(), storeA?.close(), storeB?.close(), storeC?.close(), app?.db.close()]);
});
beforeEach(() => {
  admin.operations.length = 0;
});

async function ask(shop: Shop, message: string, sessionId: string = randomUUID(), provider?: ChatModelProvider): Promise<{ events: ChatEvent[]; reply: ChatReply }> {
  const events: ChatEvent[] = [];
  const deps = { ...chatDependencies(app, shop), ...(provider ? { provider } : {}) };
  for await (const event of answerTurn(deps, { shop, sessionId, message })) events.push(event);
  const done = events.find((event) => event.type === "done");
  if (!done || done.type !== "done") throw new Error("no done event");
  return { events, reply: done.reply };
}

const lookups = () => admin.operations.filter((name) => name === "PalompyOrderByName").length;
const NEVER_SHOWN = /Tverskaya|Moscow|Petrova|Anna|thermos|120\.00/i;

describe("Shopify lookup against the Admin API", () => {
  const client = () => fetchAdminGraphql(admin.endpoint, admin.accessToken);

  it("answers status, fulfilment and tracking only when number and email both match", async () => {
    expect(await findShopifyOrderStatus(client(), { orderNumber: "1001", email: "anna@example.com" })).toEqual({
      found: true,
      number: "#1001",
      status: "PAID",
      fulfilment: "FULFILLED",
      tracking: [{ number: "JD014600", carrier: "DHL", url: "https://track.example/JD014600" }],
    });
    expect(await findShopifyOrderStatus(client(), { orderNumber: "#1001", email: "bob@example.com" })).toEqual({ found: false });
    expect(await findShopifyOrderStatus(client(), { orderNumber: "9999", email: "anna@example.com" })).toEqual({ found: false });
    // Not an order number: no search is sent at all (nothing to inject into Shopify's query syntax).
    const before = lookups();
    expect(await findShopifyOrderStatus(client(), { orderNumber: "1001 OR email:*", email: "anna@example.com" })).toEqual({ found: false });
    expect(lookups()).toBe(before);
  });

  it("read_orders (or write_orders) is what makes the lookup available", async () => {
    expect(grantsOrderAccess("read_products, read_orders")).toBe(true);
    expect(grantsOrderAccess("write_orders")).toBe(true);
    expect(grantsOrderAccess("read_products,read_all_orders_x")).toBe(false);
    expect(grantsOrderAccess(null)).toBe(false);
    expect(await orderLookupAccess(app, shopifyNoScope.id)).toEqual({ available: false, statusPageUrl: "https://noscope.example/account" });
    expect((await orderLookupAccess(app, shopify.id)).available).toBe(true);
    expect((await orderLookupAccess(app, randomUUID())).available).toBe(false);
  });
});

describe("order status in the chat, Shopify", () => {
  it("ru: number and email in one message -> status and tracking, nothing else about the order", async () => {
    const sessionId = randomUUID();
    const { reply } = await ask(shopify, "Где мой заказ #1001? Почта anna@example.com", sessionId);
    expect(reply.answer).toBe("Заказ #1001: оплачен, отправлен. Отслеживание: DHL JD014600 — https://track.example/JD014600.");
    expect(reply.answer).not.toMatch(NEVER_SHOWN);
    expect(lookups()).toBe(1);
    // Details typed for the lookup are for the lookup: no lead (issue 18.4), and the order's data is not stored.
    expect(await app.db.prisma.lead.findMany({ where: { shopId: shopify.id, sessionId } })).toEqual([]);
    expect(reply.collectedData).toEqual({});
    const log = await app.db.prisma.chatLog.findUniqueOrThrow({ where: { id: reply.messageId } });
    expect(log).toMatchObject({ provider: "order_status", unanswered: false });
  });

  it("en: asks for what is missing, across turns, then answers", async () => {
    const sessionId = randomUUID();
    const first = await ask(shopify, "Where is my order?", sessionId);
    expect(first.reply.answer).toMatch(/order number and the email/);
    expect(first.reply.collectedData).toEqual({});
    const second = await ask(shopify, "It's order 1002", sessionId);
    expect(second.reply.answer).toMatch(/also send the email/);
    const third = await ask(shopify, "bob@example.com", sessionId);
    expect(third.reply.answer).toBe("Order #1002: awaiting payment, not shipped yet.");
    expect(lookups()).toBe(1);
  });

  // Issue 18.4: after the bot asks, the reply needs no word "order"; the conversation remembers it asked.
  it.each([
    ["1001, anna@example.com"],
    ["#1001 anna@example.com"],
    ["anna@example.com 1001"],
    ["Это 1001, почта anna@example.com"],
  ])("after the question, %s is understood", async (answer) => {
    const sessionId = randomUUID();
    expect((await ask(shopify, "Где мой заказ?", sessionId)).reply.answer).toMatch(/номер заказа и email/);
    const { reply } = await ask(shopify, answer, sessionId);
    expect(reply.answer).toMatch(/^(?:Заказ|Order) #1001: (?:оплачен, отправлен|paid, shipped)/);
    expect(await app.db.prisma.lead.findMany({ where: { shopId: shopify.id, sessionId } })).toEqual([]);
  });

  it("a bare number after the question asks for the email, and the email then finds the order (not a lead)", async () => {
    const sessionId = randomUUID();
    await ask(shopify, "Where is my order?", sessionId);
    const number = await ask(shopify, "#1002", sessionId);
    expect(number.reply.answer).toMatch(/also send the email/);
    expect(number.reply.answer).not.toMatch(/couldn't find/);
    expect(number.reply.handoff).toBe(false);
    const email = await ask(shopify, "bob@example.com", sessionId);
    expect(email.reply.answer).toBe("Order #1002: awaiting payment, not shipped yet.");
    expect(email.reply.collectedData).toEqual({});
    expect(email.events.some((event) => event.type === "lead")).toBe(false);
    expect(await app.db.prisma.lead.findMany({ where: { shopId: shopify.id, sessionId } })).toEqual([]);
    const stored = await app.db.prisma.chatLog.findMany({ where: { shopId: shopify.id, sessionId }, orderBy: { createdAt: "asc" }, select: { state: true } });
    expect(stored.map((row) => row.state)).toEqual([{ awaiting: "order_details" }, { awaiting: "order_details", orderNumber: "1002" }, null]);
  });

  it("«1000» alone after the question is the number; the email comes next", async () => {
    const sessionId = randomUUID();
    await ask(shopify, "Где мой заказ?", sessionId);
    expect((await ask(shopify, "1001", sessionId)).reply.answer).toMatch(/ещё email/);
    expect((await ask(shopify, "anna@example.com", sessionId)).reply.answer).toMatch(/^Заказ #1001: оплачен/);
  });

  it("without our question, a bare number is no order, and a new question after it is not read as one", async () => {
    const bare = await ask(shopify, "1001, anna@example.com");
    expect(bare.reply.answer).not.toMatch(/Order #1001|Заказ #1001/);
    const sessionId = randomUUID();
    await ask(shopify, "Where is my order?", sessionId);
    const other = await ask(shopify, "Actually, do you have a 2 person tent in green for camping trips?", sessionId);
    expect(other.reply.answer).not.toMatch(/order/i);
  });

  it("a wrong email and a wrong number get the very same answer", async () => {
    const wrongEmail = await ask(shopify, "Where is my order #1001? My email is eve@example.com");
    const wrongNumber = await ask(shopify, "Where is my order #1003? My email is anna@example.com");
    expect(wrongEmail.reply.answer).toBe(wrongNumber.reply.answer);
    expect(wrongEmail.reply.answer).toMatch(/couldn't find an order with that number and email/);
    expect(wrongEmail.reply.answer).not.toMatch(/#1001|PAID|paid|shipped/);
    const ru = await ask(shopify, "Где мой заказ 1001? anna@example.org");
    expect(ru.reply.answer).toMatch(/^Не нашёл заказ с таким номером и email/);
  });

  it("without read_orders: points to the order status page and the contacts, and calls no API", async () => {
    const { reply } = await ask(shopifyNoScope, "Где мой заказ #1001? anna@example.com");
    expect(reply.answer).toMatch(/https:\/\/noscope\.example\/account/);
    expect(reply.answer).toContain(CONTACT);
    expect(reply.answer).not.toMatch(/оплачен|отправлен/);
    const en = await ask(shopifyNoScope, "Where is my order?");
    expect(en.reply.answer).toMatch(/can't look up orders.*https:\/\/noscope\.example\/account/);
    expect(admin.operations).toEqual([]);
  });

  it("with a model configured the answer is still the lookup's, and the model is never asked", async () => {
    const calls: string[] = [];
    const provider: ChatModelProvider = {
      name: "spy",
      model: "spy-1",
      // eslint-disable-next-line require-yield
      async *generate() {
        calls.push("generate");
        throw new Error("the model must not answer an order-status turn");
      },
      understand: async () => {
        calls.push("understand");
        throw new Error("the model must not read an order-status turn");
      },
    };
    const { reply } = await ask(shopify, "Where is my order #1001? anna@example.com", randomUUID(), provider);
    expect(reply.answer).toBe("Order #1001: paid, shipped. Tracking: DHL JD014600 — https://track.example/JD014600.");
    expect(calls).toEqual([]);
  });

  it("at most 5 lookups per session per window; the next is refused without an API call", async () => {
    const sessionId = randomUUID();
    for (let attempt = 0; attempt < 5; attempt++) {
      const { reply } = await ask(shopify, `order #${1100 + attempt}, email anna@example.com`, sessionId);
      expect(reply.answer).toMatch(/couldn't find/);
    }
    expect(lookups()).toBe(5);
    const refused = await ask(shopify, "order #1001, email anna@example.com", sessionId);
    expect(refused.reply.answer).toMatch(/can't check more orders/);
    expect(refused.reply.answer).not.toMatch(/paid|shipped/);
    expect(lookups()).toBe(5);
    // Another session is not affected.
    expect((await ask(shopify, "order #1001, email anna@example.com")).reply.answer).toMatch(/^Order #1001: paid, shipped/);
  });
});

describe("order status in the chat, WooCommerce", () => {
  it("ru and en answers from the connected store", async () => {
    const ru = await ask(wooA, "Где мой заказ №501? anna@example.com");
    expect(ru.reply.answer).toBe("Заказ #501: выполнен. Отслеживание: dhl JD014600 — https://track.example/JD014600.");
    expect(ru.reply.answer).not.toMatch(NEVER_SHOWN);
    const en = await ask(wooA, "What's my order status? Order 501, ANNA@example.com");
    expect(en.reply.answer).toMatch(/^Order #501: completed\. Tracking: dhl JD014600/);
    const wrong = await ask(wooA, "What's my order status? Order 501, bob@example.com");
    expect(wrong.reply.answer).toMatch(/couldn't find an order with that number and email/);
  });

  it("«#70» after the question: a two-digit order number", async () => {
    const sessionId = randomUUID();
    await ask(wooA, "Where is my order?", sessionId);
    expect((await ask(wooA, "#70", sessionId)).reply.answer).toMatch(/also send the email/);
    expect((await ask(wooA, "kate@example.com", sessionId)).reply.answer).toBe("Order #70: being processed.");
    const both = randomUUID();
    await ask(wooA, "Где мой заказ?", both);
    expect((await ask(wooA, "№70 kate@example.com", both)).reply.answer).toBe("Заказ #70: в обработке.");
  });

  it("a store not connected yet points to its My account page", async () => {
    const { reply } = await ask(wooPending, "Where is my order #501? anna@example.com");
    expect(reply.answer).toContain(`${storeC.siteUrl.replace(/\/+$/, "")}/my-account/orders/`);
    expect(reply.answer).not.toMatch(/completed/);
  });

  it("a shop's chat never reaches another shop's orders", async () => {
    const seenByB = storeB.requests.length;
    const { reply } = await ask(wooA, "Where is my order #601? bob@example.com");
    expect(reply.answer).toMatch(/couldn't find an order/);
    expect(storeB.requests.length).toBe(seenByB);
    // The other way round, B's own order is found by B's chat.
    expect((await ask(wooB, "Where is my order #601? bob@example.com")).reply.answer).toMatch(/^Order #601: being processed/);
  });
});

describe("a shop on no platform", () => {
  it("has no lookup: the usual answer (FAQ, contacts or a lead), never an order status, and no lookup call", async () => {
    const sessionId = randomUUID();
    const { reply } = await ask(standalone, "Where is my order #1001? anna@example.com", sessionId);
    expect(reply.answer).not.toMatch(/Order #1001:|paid|shipped/);
    expect(admin.operations).toEqual([]);
    // The typed details reach the merchant as a lead, who can answer by email.
    expect(await app.db.prisma.lead.findMany({ where: { shopId: standalone.id, sessionId } })).toMatchObject([{ email: "anna@example.com", orderNumber: "1001" }]);
    const log = await app.db.prisma.chatLog.findUniqueOrThrow({ where: { id: reply.messageId } });
    expect(log.provider).not.toBe("order_status");
    const plain = await ask(standalone, "Где мой заказ?");
    expect(plain.reply.collectedData).toEqual({});
  });
});
