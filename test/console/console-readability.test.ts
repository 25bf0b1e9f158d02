import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";
import { ConsoleClient } from "./console-client";

/** Issue 22: what a merchant reads in the console — answers as the shopper saw them, prices, items, leads, secrets. */
let app: TestApp;
let client: ConsoleClient;
type Shop = { id: string; publicKey: string; apiKey: string };
let shop: Shop;
let other: Shop;

const decode = (html: string) => html.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

beforeAll(async () => {
  app = await startTestApp({ PALOMPY_RATE_ADMIN_PER_IP: "100000", PALOMPY_RATE_PUBLIC_PER_IP: "100000", PALOMPY_EMBEDDER: "local" });
  const create = async (name: string) => (await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) })).json()) as Shop;
  shop = await create("Readable Store");
  other = await create("Other Readable Store");
  const catalog = {
    products: [
      {
        id: "tent-3",
        name: "Elbrus 3 Tent",
        description: "A three-person four-season tent.",
        price: "32990.00",
        currency: "RUB",
        url: "/products/elbrus-3",
        variants: [
          { id: "v1", title: "Green", sku: "TNT-3-G", price: "32990.00", available: true },
          { id: "v2", title: "Orange", sku: "TNT-3-O", price: "33990.00", available: false },
        ],
      },
    ],
  };
  const imported = await app.admin(`/api/shops/${shop.id}/data?wait=true`, { method: "POST", body: JSON.stringify(catalog) });
  expect(imported.status).toBe(200);
  client = new ConsoleClient(app.url);
  await client.logIn(shop.apiKey);
});
afterAll(() => app?.close());

describe("the console reads like the storefront", () => {
  it("formats prices in the item's currency and opens an item to show its stored text and variants", async () => {
    const list = decode(await client.page("/admin/knowledge"));
    expect(list).toContain("32,990 ₽");
    expect(list).not.toContain("32990.00 RUB");
    expect(list).toContain('href="/admin/knowledge/product/tent-3"');
    const item = decode(await client.page("/admin/knowledge/product/tent-3"));
    expect(item).toContain("Elbrus 3 Tent");
    expect(item).toContain("TNT-3-O");
    expect(item).toContain("A three-person four-season tent.");
    expect((await client.get("/admin/knowledge/product/no-such-item")).status).toBe(404);
    expect((await client.get("/admin/knowledge/colour/tent-3")).status).toBe(422);
  });

  it("another shop's item is not found", async () => {
    const otherClient = new ConsoleClient(app.url);
    await otherClient.logIn(other.apiKey);
    expect((await otherClient.get("/admin/knowledge/product/tent-3")).status).toBe(404);
  });

  it("renders a transcript's Markdown as the widget does: safe links resolved on the shopper's page, line breaks kept", async () => {
    const conversationId = randomUUID();
    await app.context.db.prisma.chatLog.create({
      data: {
        shopId: shop.id,
        sessionId: randomUUID(),
        conversationId,
        message: "Show me tents",
        answer: "We have one:\n- [Elbrus 3 Tent](/products/elbrus-3) — **32 990 ₽**\n- [Pay here](javascript:alert(1))",
        language: "en",
        provider: "offline",
        retrievalMs: 1,
        generationMs: 1,
        pageUrl: "https://alpine.example/collections/tents?lang=en",
      },
    });
    // The rendered page, without the loader data Remix serialises after it.
    const html = (await client.page(`/admin/conversations/${conversationId}`)).split("window.__remixContext")[0];
    expect(html).toContain('href="https://alpine.example/products/elbrus-3"');
    expect(html).toContain("<strong>32 990 ₽</strong>");
    expect(html).not.toContain("[Elbrus 3 Tent]");
    expect(html).not.toContain('href="javascript');
    expect(html).toMatch(/white-space:\s*pre-wrap/);
  });

  it("a lead without a stated topic shows what the shopper wrote", async () => {
    const sessionId = randomUUID();
    const message = "My name is Anna, +44 7700 900123, please call me back about the tent";
    const reply = await fetch(`${app.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId, message }),
    });
    expect(reply.status).toBe(200);
    const lead = await app.context.db.prisma.lead.findFirst({ where: { shopId: shop.id, sessionId } });
    if (!lead) await app.context.db.prisma.lead.create({ data: { shopId: shop.id, sessionId, name: "Anna", phone: "+447700900123" } });
    await app.context.db.prisma.lead.updateMany({ where: { shopId: shop.id, sessionId }, data: { intent: null, notes: null } });
    const html = decode(await client.page("/admin/leads"));
    expect(html).toContain(`About: ${message}`);
  });

  it("puts the snippet one attribute a line with a copy button, and hides the handoff signing secret until asked", async () => {
    const install = decode(await client.page("/admin/install"));
    expect(install).toMatch(/<script src="[^"\s]+\/widget\.js" defer\n {2}data-shop-id="[0-9a-f-]{36}"\n {2}data-api-base="[^"\s]+"><\/script>/);
    expect(install).toContain("Copy snippet");
    const settings = await client.page("/admin/settings");
    const stored = await app.context.db.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(settings).toContain("Signing secret");
    expect(settings).toContain("Show signing secret");
    // The secret is derived per shop; it must not be printed in the page before the merchant asks.
    const secret = /<code[^>]*>([^<•]{16,})<\/code>/.exec(settings)?.[1];
    expect(secret, `a secret of ${stored.name} printed in plain text`).toBeUndefined();
  });
});

describe("the demo storefront keeps the shopper's language", () => {
  it("a product card clicked on the English demo page opens the English product page", async () => {
    const open = (referer?: string) => fetch(`${app.url}/products/storm-pro-3l-jacket`, { redirect: "manual", headers: referer ? { referer } : {} });
    expect((await open(`${app.url}/demo/?lang=en`)).headers.get("location")).toBe("/demo/products/storm-pro-3l-jacket?lang=en");
    expect((await open(`${app.url}/demo/products/summit-down-jacket?lang=en&css=off`)).headers.get("location")).toBe("/demo/products/storm-pro-3l-jacket?lang=en");
    expect((await open(`${app.url}/demo/`)).headers.get("location")).toBe("/demo/products/storm-pro-3l-jacket");
    // Another site's page says nothing about this store's language.
    expect((await open("https://elsewhere.example/demo/?lang=en")).headers.get("location")).toBe("/demo/products/storm-pro-3l-jacket");
  });
});
