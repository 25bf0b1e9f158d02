import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchAdminGraphql } from "~/shopify/admin-client";
import { SHOPIFY_RECONCILE_CRON } from "~/jobs/builtin.server";
import { dispatchShopifyJob, reconcileAllShopifyShops } from "~/shopify/dispatch.server";
import { installShopifyShop } from "~/shopify/install.server";
import { startTestApp, type TestApp } from "../support/app-server";
import { startFakeAdminApi, type FakeAdminApi, type FakeProduct } from "../support/fake-shopify-admin";
import { fakePages, fakeShopDetails, generateCatalog } from "../support/shopify-catalog";
import { deliver, inventoryUpdateBody, productUpdateBody, sampleBodyFor, waitFor, WEBHOOK_SECRET } from "../support/shopify-webhooks";

/**
 * The whole promise of the Shopify app against the production build and the fake Admin API:
 * install → metafields → bulk sync → a price change by webhook reaches the chat → stock to zero
 * is reported → a shopper's redaction → the shop's redaction.
 */

const DOMAIN = "e2e-store.myshopify.com";
const PRODUCTS = 300;
let app: TestApp;
let fake: FakeAdminApi;
let shop: { shopId: string; publicKey: string };
let product: FakeProduct;

beforeAll(async () => {
  fake = await startFakeAdminApi({ shop: fakeShopDetails(DOMAIN), pages: fakePages(), products: generateCatalog(PRODUCTS, 2) });
  app = await startTestApp({
    SHOPIFY_API_KEY: "e2e-api-key",
    SHOPIFY_API_SECRET: WEBHOOK_SECRET,
    SHOPIFY_APP_URL: "https://palompy.example.com",
    PALOMPY_SHOPIFY_ADMIN_URL: fake.endpoint,
    PALOMPY_SHOPIFY_ADMIN_TOKEN: fake.accessToken,
    PALOMPY_SHOPIFY_BULK_THRESHOLD: "100",
    PALOMPY_SHOPIFY_BULK_POLL_MS: "20",
    PALOMPY_EMBEDDER: "local",
    PALOMPY_RATE_CHAT_PER_SESSION: "1000",
    PALOMPY_RATE_CHAT_PER_IP: "1000",
  });
  product = fake.products.get("gid://shopify/Product/10816239400041")!;
  // A name no other generated product shares, so the questions below are about this one product.
  product.title = "Purple Kohlrabi heirloom seeds";
  product.descriptionHtml = "<p>Purple Kohlrabi from heirloom seed, crisp and sweet.</p>";
  // Its first variant sold out: Add to cart must take the second, the first one on sale.
  product.variants[0].inventoryQuantity = 0;
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
});

const prisma = () => app.context.db.prisma;

async function ask(message: string, sessionId = randomUUID()): Promise<{ answer: string; sources: { id: string; price?: string; variantId?: string }[] }> {
  const response = await fetch(`${app.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId, message, lang: "en" }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

/** The same turn streamed: each SSE frame's event name and parsed data. */
async function askStreaming(message: string): Promise<{ event: string; data: any }[]> {
  const response = await fetch(`${app.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId: randomUUID(), message, lang: "en" }),
  });
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  return (await response.text())
    .split("\n\n")
    .filter((frame) => frame.includes("data: "))
    .map((frame) => ({ event: /^event: (.*)$/m.exec(frame)?.[1] ?? "message", data: JSON.parse(/^data: (.*)$/m.exec(frame)![1]) }));
}

describe("Shopify app end to end", () => {
  it("install writes the embed's metafields and bulk-syncs the catalog", async () => {
    const admin = fetchAdminGraphql(fake.endpoint, fake.accessToken);
    shop = await installShopifyShop(app.context, admin, { shopDomain: DOMAIN, apiBase: app.url }, (job) => dispatchShopifyJob(app.context, job));
    expect(fake.metafields.get("gid://shopify/AppInstallation/1")?.get("palompy.public_key")?.value).toBe(shop.publicKey);
    const installation = await waitFor(async () => {
      const row = await prisma().shopifyInstallation.findUnique({ where: { shopId: shop.shopId } });
      return row?.syncStatus === "done" || row?.syncStatus === "failed" ? row : undefined;
    }, 120_000);
    expect(installation).toMatchObject({ syncStatus: "done", syncError: null });
    expect(installation.syncDone).toBe(installation.syncTotal);
    expect(fake.operations).toContain("PalompyBulkRun");
    expect(await prisma().platformItemVersion.count({ where: { shopId: shop.shopId, sourceType: "product" } })).toBe(PRODUCTS);
    // It ran as a queued job whose progress matches the installation row.
    const jobs = await (await app.admin(`/api/shops/${shop.shopId}/jobs?kind=shopify-sync`)).json();
    expect(jobs.jobs).toHaveLength(1);
    expect(jobs.jobs[0]).toMatchObject({ state: "succeeded", progress: { done: installation.syncDone, total: installation.syncTotal } });
  });

  it("the daily reconciliation is scheduled and queues one shopify-reconcile per installed shop", async () => {
    expect(await app.context.jobs.schedules()).toContainEqual({ name: "palompy-shopify-reconcile-all", cron: SHOPIFY_RECONCILE_CRON });
    const uninstalled = await prisma().shop.create({ data: { name: "Gone", platform: "shopify", domain: "gone-shop.myshopify.com" } });
    await prisma().shopifyInstallation.create({ data: { shopId: uninstalled.id, uninstalledAt: new Date() } });
    expect(await reconcileAllShopifyShops(app.context)).toEqual({ shops: 1 });
    const [job] = (await (await app.admin(`/api/shops/${shop.shopId}/jobs?kind=shopify-reconcile`)).json()).jobs;
    const done = await app.context.jobs.waitFor(shop.shopId, job.id, 60_000);
    expect(done).toMatchObject({ state: "succeeded", result: expect.objectContaining({ webhookEventsPurged: expect.any(Number) }) });
    expect((await (await app.admin(`/api/shops/${uninstalled.id}/jobs`)).json()).jobs).toEqual([]);
    expect(await prisma().shopifyInstallation.findUnique({ where: { shopId: shop.shopId } })).toMatchObject({ syncStatus: "done" });
  });

  it("a products/update webhook changes a price and the chat answers the new one", async () => {
    const before = await ask(`How much is the ${product.title}?`);
    expect(before.sources[0]).toMatchObject({ id: product.id, price: product.variants[0].price });
    // The source id stays the product GID; the cart gets the number of the first variant on sale.
    expect(product.variants[1].id).toMatch(/^gid:\/\/shopify\/ProductVariant\/\d+$/);
    expect(before.sources[0].variantId).toBe(product.variants[1].id.split("/").pop());
    const streamed = await askStreaming(`How much is the ${product.title}?`);
    const variantIds = (name: string) => streamed.find((frame) => frame.event === name)?.data.sources.map((source: { variantId?: string }) => source.variantId);
    expect(variantIds("sources")?.[0]).toBe(before.sources[0].variantId);
    expect(variantIds("done")?.[0]).toBe(before.sources[0].variantId);
    product.variants.forEach((variant) => (variant.price = "77.70"));
    product.updatedAt = new Date().toISOString();
    const delivered = await deliver(app.url, { topic: "products/update", body: productUpdateBody(product.id, product.updatedAt), shopDomain: DOMAIN });
    expect(delivered.status).toBe(200);
    const after = await waitFor(async () => {
      const answer = await ask(`How much is the ${product.title}?`);
      return answer.sources[0]?.price === "77.70" ? answer : undefined;
    });
    expect(after.answer).toContain("77.70");
  });

  it("inventory_levels/update to zero: the product is stored and reported as out of stock", async () => {
    product.variants.forEach((variant) => (variant.inventoryQuantity = 0));
    await deliver(app.url, { topic: "inventory_levels/update", body: inventoryUpdateBody(product.variants[0].inventoryItemId, 0), shopDomain: DOMAIN });
    await waitFor(() => prisma().platformItemVersion.findFirst({ where: { shopId: shop.shopId, sourceId: product.id, available: false } }));
    const chunk = await prisma().knowledgeChunk.findFirst({ where: { shopId: shop.shopId, sourceId: product.id }, orderBy: { chunkIndex: "asc" } });
    expect(chunk?.text).toContain("Out of stock");
    const answer = await ask(`Is the ${product.title} in stock?`);
    // Listed among the matches, but not offered as if it were on sale.
    expect(answer.sources.map((source) => source.id)).toContain(product.id);
    // Nothing on sale: no variant for an Add to cart button.
    expect(answer.sources.find((source) => source.id === product.id)?.variantId).toBeUndefined();
    const line = answer.answer.split("\n").find((text) => text.includes(product.title));
    expect(line).toMatch(/out of stock/i);
  });

  it("customers/redact removes that shopper's lead", async () => {
    const sessionId = randomUUID();
    await ask("Hi, I'm John, my email is john@example.com — please tell me about radish seeds", sessionId);
    expect(await prisma().lead.count({ where: { shopId: shop.shopId, email: "john@example.com" } })).toBe(1);
    await deliver(app.url, { topic: "customers/redact", body: sampleBodyFor("customers/redact", DOMAIN), shopDomain: DOMAIN });
    await waitFor(async () => (await prisma().lead.count({ where: { shopId: shop.shopId } })) === 0);
    const logs = await prisma().chatLog.findMany({ where: { shopId: shop.shopId, sessionId } });
    expect(logs.every((log) => !log.message.includes("john@example.com"))).toBe(true);
  });

  it("shop/redact removes the shop and its widget stops answering", async () => {
    await deliver(app.url, { topic: "shop/redact", body: sampleBodyFor("shop/redact", DOMAIN), shopDomain: DOMAIN });
    await waitFor(async () => (await prisma().shop.count({ where: { domain: DOMAIN } })) === 0);
    expect(await prisma().knowledgeChunk.count({ where: { shopId: shop.shopId } })).toBe(0);
    const response = await fetch(`${app.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId: randomUUID(), message: "hello" }),
    });
    expect(response.status).toBe(404);
  });
});
