import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importKnowledge } from "~/knowledge/store.server";
import { fetchAdminGraphql } from "~/shopify/admin-client";
import { syncShopifyCatalog } from "~/shopify/sync.server";
import { startTestApp, type TestApp } from "../support/app-server";
import { startFakeAdminApi, type FakeAdminApi } from "../support/fake-shopify-admin";
import { fakePages, fakeShopDetails, generateCatalog } from "../support/shopify-catalog";
import { deliver, inventoryUpdateBody, productUpdateBody, sampleBody, sampleBodyFor, sign, waitFor, webhookVectors, WEBHOOK_SECRET } from "../support/shopify-webhooks";

const DOMAIN = "webhook-test.myshopify.com";
let app: TestApp;
let fake: FakeAdminApi;
let shop: { id: string; publicKey: string };

beforeAll(async () => {
  fake = await startFakeAdminApi({ shop: fakeShopDetails(DOMAIN), pages: fakePages(), products: generateCatalog(20, 2) });
  app = await startTestApp({
    SHOPIFY_API_KEY: "test-api-key",
    SHOPIFY_API_SECRET: WEBHOOK_SECRET,
    SHOPIFY_APP_URL: "https://palompy.example.com",
    PALOMPY_SHOPIFY_ADMIN_URL: fake.endpoint,
    PALOMPY_SHOPIFY_ADMIN_TOKEN: fake.accessToken,
    PALOMPY_EMBEDDER: "local",
  });
  shop = await app.context.db.prisma.shop.create({ data: { name: "Webhook test", platform: "shopify", domain: DOMAIN } });
  await syncShopifyCatalog(app.context, fetchAdminGraphql(fake.endpoint, fake.accessToken), { shopId: shop.id }, async () => {});
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
});

const prisma = () => app.context.db.prisma;
const chunkOf = (shopId: string, id: string) => prisma().knowledgeChunk.findFirst({ where: { shopId, sourceId: id }, orderBy: { chunkIndex: "asc" } });

describe("HMAC on the raw body", () => {
  it("our signature equals the verified vectors of headers.json", () => {
    const vectors = webhookVectors();
    for (const [topic, vector] of Object.entries(vectors.per_topic)) {
      expect(sign(sampleBody(topic), vectors.test_secret), topic).toBe(vector.headers["X-Shopify-Hmac-Sha256"]);
    }
  });

  it.each(["products/create", "products/update", "products/delete", "inventory_levels/update", "app/scopes_update", "customers/data_request", "customers/redact", "shop/redact", "app/uninstalled"])(
    "%s: a wrong HMAC is 401 and records nothing; the right one is 200",
    async (topic) => {
      const vector = webhookVectors().per_topic[topic];
      const body = sampleBody(topic);
      const eventId = randomUUID();
      // The vector's own shop, which the compliance bodies name too; no such shop is installed here.
      const unknownShop = vector.headers["X-Shopify-Shop-Domain"];
      const forged = await deliver(app.url, { topic, body: `${body} `, shopDomain: unknownShop, eventId, hmac: vector.headers["X-Shopify-Hmac-Sha256"] });
      expect(forged.status).toBe(401);
      expect(await prisma().shopifyWebhookEvent.count({ where: { eventId } })).toBe(0);
      const genuine = await deliver(app.url, { topic, body, shopDomain: unknownShop, eventId, hmac: vector.headers["X-Shopify-Hmac-Sha256"] });
      expect(genuine.status).toBe(200);
      expect(await prisma().shopifyWebhookEvent.count({ where: { eventId } })).toBe(1);
    },
  );

  it("a signed delivery without the shop domain header is a 400 naming it", async () => {
    const body = sampleBody("products/update");
    const headers: Record<string, string> = { ...webhookVectors().per_topic["products/update"].headers };
    delete headers["X-Shopify-Shop-Domain"];
    const response = await fetch(`${app.url}/webhooks/products/update`, { method: "POST", headers, body });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: "missing_header", field: "X-Shopify-Shop-Domain" });
  });

  it("a delivery to another topic's endpoint is refused", async () => {
    const body = sampleBody("products/update");
    const response = await fetch(`${app.url}/webhooks/products/delete`, {
      method: "POST",
      headers: { ...webhookVectors().per_topic["products/update"].headers, "X-Shopify-Shop-Domain": DOMAIN, "X-Shopify-Event-Id": randomUUID() },
      body,
    });
    expect(response.status).toBe(400);
  });
});

describe("catalog webhooks", () => {
  it("products/update: the job re-reads the product and the new price is stored; a replay is ignored", async () => {
    const product = fake.products.get("gid://shopify/Product/10816239400003")!;
    product.variants.forEach((variant) => Object.assign(variant, { price: "123.45", compareAtPrice: "150.00" }));
    product.updatedAt = "2030-05-01T10:00:00.000Z";
    const eventId = randomUUID();
    const response = await deliver(app.url, { topic: "products/update", body: productUpdateBody(product.id, product.updatedAt), shopDomain: DOMAIN, eventId });
    expect(await response.json()).toEqual({ status: "queued", kind: "shopify.product.refresh" });
    await waitFor(async () => (await chunkOf(shop.id, product.id))?.price === "123.45");
    // On sale: the variant lines keep the price before the sale, which the chat calls out (issue 19.1).
    const chunks = await prisma().knowledgeChunk.findMany({ where: { shopId: shop.id, sourceId: product.id } });
    expect(chunks.map((chunk) => chunk.text).join("\n")).toMatch(/123\.45[^\n(]*\(was [^)\n]*150\.00[^)\n]*\)/);
    const replay = await deliver(app.url, { topic: "products/update", body: productUpdateBody(product.id, product.updatedAt), shopDomain: DOMAIN, eventId });
    expect(await replay.json()).toEqual({ status: "duplicate" });
  });

  it("an older products/update never overwrites newer data, and costs no Admin API call", async () => {
    const product = fake.products.get("gid://shopify/Product/10816239400003")!;
    product.variants.forEach((variant) => (variant.price = "1.00"));
    fake.operations.length = 0;
    await deliver(app.url, { topic: "products/update", body: productUpdateBody(product.id, "2030-04-01T00:00:00.000Z"), shopDomain: DOMAIN });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.operations).toEqual([]);
    expect((await chunkOf(shop.id, product.id))?.price).toBe("123.45");
  });

  it("products/delete takes the exact id from the raw body (above 2^53)", async () => {
    // The sample's id 788032119674292922 becomes 788032119674292900 through JSON.parse.
    const id = "gid://shopify/Product/788032119674292922";
    await importKnowledge(prisma(), app.context.embedder, shop.id, { products: [{ id, name: "Example T-Shirt", description: "", tags: [], variants: [] }], faq: [], policies: [], pages: [] }, { mode: "merge" });
    await deliver(app.url, { topic: "products/delete", body: sampleBody("products/delete"), shopDomain: DOMAIN });
    await waitFor(async () => (await chunkOf(shop.id, id)) === null);
  });

  it("inventory_levels/update (Shopify's sample, exact 18-digit item id) resolves item → variant → product and marks it out of stock", async () => {
    const product = fake.products.get("gid://shopify/Product/10816239400004")!;
    product.variants = [{ ...product.variants[0], inventoryItemId: "gid://shopify/InventoryItem/271878346596884015", inventoryQuantity: 0 }];
    const response = await deliver(app.url, { topic: "inventory_levels/update", body: sampleBody("inventory_levels/update"), shopDomain: DOMAIN });
    expect(await response.json()).toEqual({ status: "queued", kind: "shopify.inventory.update" });
    const version = await waitFor(() =>
      prisma().platformItemVersion.findFirst({ where: { shopId: shop.id, sourceId: product.id, available: false } }),
    );
    expect(version.available).toBe(false);
    expect((await chunkOf(shop.id, product.id))?.text).toContain("Out of stock");
    product.variants[0].inventoryQuantity = 7;
    await deliver(app.url, { topic: "inventory_levels/update", body: inventoryUpdateBody(product.variants[0].inventoryItemId, 7), shopDomain: DOMAIN });
    await waitFor(() => prisma().platformItemVersion.findFirst({ where: { shopId: shop.id, sourceId: product.id, available: true } }));
  });

  it("app/scopes_update stores the granted scopes", async () => {
    await deliver(app.url, { topic: "app/scopes_update", body: sampleBody("app/scopes_update"), shopDomain: DOMAIN });
    expect((await prisma().shopifyInstallation.findUnique({ where: { shopId: shop.id } }))?.scopes).toBe("read_products,write_products");
  });
});

describe("issue 16 item 8: a signature binds the shop and the topic", () => {
  const VICTIM = "victim-shop.myshopify.com";
  const victim = async () => (await prisma().shop.findFirst({ where: { domain: VICTIM } })) ?? prisma().shop.create({ data: { name: "Victim", platform: "shopify", domain: VICTIM } });
  const refusal = async (response: Response) => ({ status: response.status, error: ((await response.json()) as { error?: { code: string; field?: string } }).error });

  it("a products/update body replayed as shop/redact for another shop deletes nothing", async () => {
    const target = await victim();
    const eventId = randomUUID();
    const response = await deliver(app.url, { topic: "shop/redact", body: sampleBody("products/update"), shopDomain: VICTIM, eventId });
    expect(await refusal(response)).toMatchObject({ status: 422, error: { code: "invalid_payload", field: "shop_domain" } });
    expect(await prisma().shopifyWebhookEvent.count({ where: { eventId } })).toBe(0);
    expect(await prisma().shop.count({ where: { id: target.id } })).toBe(1);
  });

  it("the route's topic must be X-Shopify-Topic's", async () => {
    const body = sampleBodyFor("shop/redact", VICTIM);
    const response = await fetch(`${app.url}/webhooks/shop/redact`, {
      method: "POST",
      headers: { ...webhookVectors().per_topic["shop/redact"].headers, "X-Shopify-Topic": "customers/redact", "X-Shopify-Shop-Domain": VICTIM, "X-Shopify-Hmac-Sha256": sign(body), "X-Shopify-Event-Id": randomUUID() },
      body,
    });
    expect(await refusal(response)).toMatchObject({ status: 400, error: { code: "wrong_topic", field: "X-Shopify-Topic" } });
  });

  it.each(["shop/redact", "customers/redact", "customers/data_request", "app/uninstalled"])("%s whose body names one shop and header another is refused and touches neither", async (topic) => {
    const target = await victim();
    const sessionId = randomUUID();
    await prisma().lead.create({ data: { shopId: target.id, sessionId, email: "john@example.com", phone: "5556251199" } });
    const response = await deliver(app.url, { topic, body: sampleBodyFor(topic, DOMAIN), shopDomain: VICTIM });
    expect(await refusal(response)).toMatchObject({ status: 400, error: { code: "shop_mismatch", field: topic === "app/uninstalled" ? "myshopify_domain" : "shop_domain" } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await prisma().shop.findUnique({ where: { id: target.id }, select: { status: true } })).toEqual({ status: "active" });
    expect(await prisma().lead.count({ where: { shopId: target.id, sessionId } })).toBe(1);
    expect(await prisma().customerDataRequest.count({ where: { shopId: target.id } })).toBe(0);
    expect((await prisma().shop.findUnique({ where: { id: shop.id }, select: { status: true } }))?.status).toBe("active");
  });

  it("app/uninstalled whose primary domain is another shop's myshopify domain is refused", async () => {
    const body = sampleBodyFor("app/uninstalled", VICTIM).replace('"domain":null', `"domain":"${DOMAIN}"`);
    const response = await deliver(app.url, { topic: "app/uninstalled", body, shopDomain: VICTIM });
    expect(await refusal(response)).toMatchObject({ status: 400, error: { code: "shop_mismatch", field: "domain" } });
  });

  it.each(["app/uninstalled", "customers/redact", "shop/redact"])("%s never touches a WooCommerce shop registered under the domain", async (topic) => {
    const domain = `woo-${randomUUID().slice(0, 8)}.example.org`;
    const woo = await prisma().shop.create({ data: { name: "Woo", platform: "woocommerce", domain } });
    const sessionId = randomUUID();
    await prisma().lead.create({ data: { shopId: woo.id, sessionId, email: "john@example.com", phone: "5556251199" } });
    const response = await deliver(app.url, { topic, body: sampleBodyFor(topic, domain), shopDomain: domain });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ignored" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await prisma().shop.findUnique({ where: { id: woo.id }, select: { status: true, platform: true } })).toEqual({ status: "active", platform: "woocommerce" });
    expect(await prisma().lead.count({ where: { shopId: woo.id } })).toBe(1);
  });
});

describe("compliance and uninstall", () => {
  const customer = { email: "john@example.com", phone: "555-625-1199" };

  async function seedCustomer(shopId: string) {
    const sessionId = randomUUID();
    await prisma().lead.create({ data: { shopId, sessionId, email: customer.email, name: "John", phone: "5556251199" } });
    await prisma().chatLog.create({
      data: { shopId, sessionId, conversationId: randomUUID(), message: "I'm John, john@example.com, call 555 625 1199", answer: "Thanks John!", language: "en", provider: "offline", retrievalMs: 1, generationMs: 1 },
    });
    return sessionId;
  }

  it("customers/data_request stores what we hold about the customer for the merchant", async () => {
    const sessionId = await seedCustomer(shop.id);
    await deliver(app.url, { topic: "customers/data_request", body: sampleBodyFor("customers/data_request", DOMAIN), shopDomain: DOMAIN });
    const request = await waitFor(() => prisma().customerDataRequest.findFirst({ where: { shopId: shop.id, platformRequestId: "9999" } }));
    const report = request.report as { leads: { sessionId: string; email: string }[]; chat: { message: string }[] };
    expect(report.leads).toEqual([expect.objectContaining({ sessionId, email: customer.email })]);
    expect(report.chat[0].message).toContain("john@example.com");
    expect(request.customerId).toBe("191167");
  });

  it("customers/redact deletes the customer's leads and masks contact data in chat logs, in this shop only", async () => {
    const other = await prisma().shop.create({ data: { name: "Other", platform: "shopify", domain: "other-shop.myshopify.com" } });
    await seedCustomer(other.id);
    await seedCustomer(shop.id);
    await deliver(app.url, { topic: "customers/redact", body: sampleBodyFor("customers/redact", DOMAIN), shopDomain: DOMAIN });
    await waitFor(async () => (await prisma().lead.count({ where: { shopId: shop.id } })) === 0);
    const logs = await prisma().chatLog.findMany({ where: { shopId: shop.id } });
    expect(logs.length).toBeGreaterThan(0);
    for (const log of logs) {
      expect(log.message).toBe("I'm [redacted], [redacted], call [redacted]");
      expect(log.answer).toBe("Thanks [redacted]!");
    }
    expect(await prisma().lead.count({ where: { shopId: other.id } })).toBe(1);
    expect((await prisma().chatLog.findFirst({ where: { shopId: other.id } }))?.message).toContain("john@example.com");
  });

  it("app/uninstalled marks the shop, deletes sessions, and its widget answers 410", async () => {
    await prisma().session.create({ data: { id: `offline_${DOMAIN}`, shop: DOMAIN, state: "x", accessToken: "t" } });
    const before = await fetch(`${app.url}/api/surveys/active?shopPublicKey=${shop.publicKey}`);
    expect(before.status).toBe(200);
    await deliver(app.url, { topic: "app/uninstalled", body: sampleBody("app/uninstalled"), shopDomain: DOMAIN });
    expect(await prisma().session.count({ where: { shop: DOMAIN } })).toBe(0);
    expect((await prisma().shop.findUnique({ where: { id: shop.id } }))?.status).toBe("uninstalled");
    const after = await fetch(`${app.url}/api/surveys/active?shopPublicKey=${shop.publicKey}`);
    expect(after.status).toBe(410);
    const chat = await fetch(`${app.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId: randomUUID(), message: "hi" }) });
    expect(chat.status).toBe(410);
  });

  it("shop/redact deletes everything of the shop and nothing of another", async () => {
    await deliver(app.url, { topic: "shop/redact", body: sampleBodyFor("shop/redact", DOMAIN), shopDomain: DOMAIN });
    await waitFor(async () => (await prisma().shop.count({ where: { id: shop.id } })) === 0);
    expect(await prisma().knowledgeChunk.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await prisma().platformItemVersion.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await prisma().shop.count({ where: { domain: "other-shop.myshopify.com" } })).toBe(1);
  });
});
