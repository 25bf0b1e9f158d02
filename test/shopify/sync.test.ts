import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { importKnowledge, listKnowledge } from "~/knowledge/store.server";
import { fetchAdminGraphql } from "~/shopify/admin-client";
import { collectBulkProducts, jsonLines } from "~/shopify/bulk.server";
import { reconcileShopifyCatalog, refreshShopifyProduct, syncShopifyCatalog } from "~/shopify/sync.server";
import { openTestDatabase } from "../support/db";
import { startFakeAdminApi, type FakeAdminApi } from "../support/fake-shopify-admin";
import { shopifyDataDir } from "../support/shared-data";
import { fakePages, fakeShopDetails, generateCatalog, SHOP_DOMAIN } from "../support/shopify-catalog";
import { testAppContext } from "../support/shopify-app";

let db: Database;
let fake: FakeAdminApi;
let app: ReturnType<typeof testAppContext>;

beforeAll(async () => {
  [db, fake] = await Promise.all([openTestDatabase(), startFakeAdminApi({ shop: fakeShopDetails(), pages: fakePages() })]);
  app = testAppContext(db);
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

const admin = () => fetchAdminGraphql(fake.endpoint, fake.accessToken, { baseDelayMs: 1 });
const progressLog = () => {
  const updates: { done?: number; total?: number; error?: { item?: string; message: string } }[] = [];
  return { updates, report: async (update: (typeof updates)[number]) => void updates.push(update) };
};

async function freshShop(domain = SHOP_DOMAIN) {
  await db.prisma.shop.deleteMany({ where: { domain } });
  return db.prisma.shop.create({ data: { name: domain, platform: "shopify", domain } });
}

async function productText(shopId: string, id: string) {
  const rows = await db.prisma.$queryRaw<{ text: string; price: string | null; url: string | null; image: string | null }[]>`
    SELECT text, price, url, image FROM knowledge_chunks WHERE shop_id = ${shopId}::uuid AND source_id = ${id} ORDER BY chunk_index`;
  return rows;
}

describe("bulk JSONL", () => {
  it("rebuilds Shopify's docs example, where the last variant belongs to the first product", async () => {
    const file = path.join(shopifyDataDir, "bulk/products-variants.shopify-docs.jsonl");
    const { products, orphans } = await collectBulkProducts(jsonLines(fs.createReadStream(file)));
    expect(orphans).toBe(0);
    expect(products).toHaveLength(5);
    expect(products[0].variants.map((variant) => variant.title)).toEqual(["70", "52"]);
    expect(products[0].variants[0]).not.toHaveProperty("__parentId");
  });

  it("reads the real capture (escaped slashes, __typename, nested inventoryItem)", async () => {
    const file = path.join(shopifyDataDir, "bulk/products-variants.real-capture-2025-11.jsonl");
    const { products } = await collectBulkProducts(jsonLines(fs.createReadStream(file)));
    expect(products.map((product) => [product.id, product.variants.map((variant) => variant.price)])).toEqual([
      ["gid://shopify/Product/10816239436043", ["7.90"]],
      ["gid://shopify/Product/10816239468811", ["2.49"]],
    ]);
  });

  it("attaches a child that arrives before its parent, and counts true orphans", async () => {
    const text = ['{"id":"gid://shopify/ProductVariant/2","__parentId":"gid://shopify/Product/1"}', '{"id":"gid://shopify/Product/1"}', '{"id":"v3","__parentId":"nope"}'].join("\n");
    const { products, orphans } = await collectBulkProducts(jsonLines(Readable.from([text])));
    expect(products[0].variants).toHaveLength(1);
    expect(orphans).toBe(1);
  });
});

describe("initial sync from the fake Admin API", () => {
  beforeEach(() => {
    const catalog = generateCatalog(30, 2);
    catalog[3].status = "DRAFT";
    catalog[4].published = false;
    catalog[5].variants.forEach((variant) => (variant.inventoryQuantity = 0));
    fake.setProducts(catalog);
    fake.operations.length = 0;
    fake.bucket.fill();
  });

  it("pages a small catalog: only products on sale, with URL, image, price, variants and availability", async () => {
    const shop = await freshShop();
    const progress = progressLog();
    const summary = await syncShopifyCatalog(app, admin(), { shopId: shop.id }, progress.report);
    expect(summary.mode).toBe("paged");
    expect(summary.products).toMatchObject({ written: 28, removed: 0 });
    const list = await listKnowledge(db.prisma, shop.id, { pageSize: 100 });
    expect(list.counts).toMatchObject({ product: 28, policy: 2, page: 2 });
    expect(list.items.some((item) => item.title === "Unpublished draft")).toBe(false);

    const first = fake.products.get("gid://shopify/Product/10816239400000")!;
    const [chunk] = await productText(shop.id, first.id);
    expect(chunk).toMatchObject({ price: "7.90", url: `https://agrosel.example/products/${first.handle}`, image: first.imageUrl });
    expect(chunk.text).toContain("In stock");
    const soldOut = await db.prisma.platformItemVersion.findUnique({
      where: { shopId_sourceType_sourceId: { shopId: shop.id, sourceType: "product", sourceId: "gid://shopify/Product/10816239400005" } },
    });
    expect(soldOut?.available).toBe(false);
    expect((await productText(shop.id, "gid://shopify/Product/10816239400005"))[0].text).toContain("Out of stock");
    expect(progress.updates[0]).toEqual({ done: 0, total: 29 + 2 + 1 });
    expect(progress.updates.at(-1)?.done).toBe(progress.updates.at(-1)?.total);
    const installation = await db.prisma.shopifyInstallation.findUnique({ where: { shopId: shop.id } });
    expect(installation).toMatchObject({ currency: "EUR", primaryDomain: "https://agrosel.example", contactEmail: "hello@agrosel.example" });
    const contact = await db.prisma.knowledgeChunk.findFirst({ where: { shopId: shop.id, sourceId: "shopify-contact" } });
    expect(contact?.text).toContain("hello@agrosel.example");
  });

  it("runs a bulk operation for a large catalog, polled by id, with the same result", async () => {
    const shop = await freshShop();
    const summary = await syncShopifyCatalog(app, admin(), { shopId: shop.id }, progressLog().report, { bulkThreshold: 10, bulk: { pollIntervalMs: 5 } });
    expect(summary.mode).toBe("bulk");
    expect(summary.products.written).toBe(28);
    expect(fake.operations).toEqual(expect.arrayContaining(["PalompyBulkRun", "PalompyBulkOperation"]));
    expect(fake.operations).not.toContain("PalompyProductsPage");
    const [chunk] = await productText(shop.id, "gid://shopify/Product/10816239400001");
    expect(chunk.text).toMatch(/10 g — .*5\.49/);
  });

  it("retries when Shopify answers THROTTLED", async () => {
    const shop = await freshShop();
    fake.throttleNext = 2;
    const summary = await syncShopifyCatalog(app, admin(), { shopId: shop.id }, progressLog().report);
    expect(summary.products.written).toBe(28);
    expect(fake.operations.filter((name) => name === "THROTTLED")).toHaveLength(2);
  });

  it("a resync embeds nothing when nothing changed, and removes products gone from Shopify", async () => {
    const shop = await freshShop();
    await syncShopifyCatalog(app, admin(), { shopId: shop.id }, progressLog().report);
    fake.products.delete("gid://shopify/Product/10816239400007");
    const again = await syncShopifyCatalog(app, admin(), { shopId: shop.id }, progressLog().report);
    expect(again.embedded).toBe(0);
    expect(again.products.removed).toBe(1);
    expect(await productText(shop.id, "gid://shopify/Product/10816239400007")).toEqual([]);
  });

  it("never lets an older updatedAt overwrite a newer stored version", async () => {
    const shop = await freshShop();
    await syncShopifyCatalog(app, admin(), { shopId: shop.id }, progressLog().report);
    const product = fake.products.get("gid://shopify/Product/10816239400002")!;
    product.variants.forEach((variant) => (variant.price = "99.00"));
    product.updatedAt = "2030-01-01T00:00:00.000Z";
    expect(await refreshShopifyProduct(app, admin(), { shopId: shop.id, productId: product.id, updatedAt: product.updatedAt })).toMatchObject({ status: "written" });
    // A late delivery of an older state, and a sync that saw the older state.
    product.variants.forEach((variant) => (variant.price = "1.00"));
    product.updatedAt = "2029-01-01T00:00:00.000Z";
    fake.operations.length = 0;
    expect(await refreshShopifyProduct(app, admin(), { shopId: shop.id, productId: product.id, updatedAt: product.updatedAt })).toEqual({ status: "stale" });
    expect(fake.operations).toEqual([]);
    const summary = await syncShopifyCatalog(app, admin(), { shopId: shop.id }, progressLog().report);
    expect(summary.products.stale).toBe(1);
    expect((await productText(shop.id, product.id))[0].price).toBe("99.00");
  });

  it("reconciliation re-pulls what changed, removes what is gone and adds what was missed", async () => {
    const shop = await freshShop();
    await syncShopifyCatalog(app, admin(), { shopId: shop.id }, progressLog().report);
    const changed = fake.products.get("gid://shopify/Product/10816239400010")!;
    changed.title = "Basil renamed seed mix";
    changed.updatedAt = "2031-01-01T00:00:00.000Z";
    fake.products.delete("gid://shopify/Product/10816239400011");
    const drafted = fake.products.get("gid://shopify/Product/10816239400012")!;
    drafted.status = "DRAFT";
    drafted.updatedAt = "2031-01-02T00:00:00.000Z";
    // Missed by every webhook and older than anything stored: only the id listing finds it.
    const missed = { ...generateCatalog(40, 1)[35], updatedAt: "2025-06-01T00:00:00.000Z" };
    fake.products.set(missed.id, missed);
    const result = await reconcileShopifyCatalog(app, admin(), { shopId: shop.id }, progressLog().report);
    expect(result).toEqual({ changed: 1, removed: 1, added: 1 });
    expect((await productText(shop.id, changed.id))[0].text).toContain("Basil renamed seed mix");
    expect(await productText(shop.id, drafted.id)).toEqual([]);
    expect(await productText(shop.id, "gid://shopify/Product/10816239400011")).toEqual([]);
    expect(await productText(shop.id, missed.id)).toHaveLength(1);
  });

  it("touches no other shop and keeps the merchant's own FAQ", async () => {
    const shop = await freshShop();
    const other = await db.prisma.shop.create({ data: { name: "Other" } });
    const faq = { products: [], faq: [{ id: "faq-1", question: "Do you ship to Norway?", answer: "Yes, in a week." }], policies: [], pages: [] };
    await importKnowledge(db.prisma, app.embedder, other.id, { ...faq, products: [{ id: "gid://shopify/Product/10816239400007", name: "Not theirs", description: "", tags: [], variants: [] }] }, { mode: "full" });
    await importKnowledge(db.prisma, app.embedder, shop.id, faq, { mode: "merge" });
    fake.products.delete("gid://shopify/Product/10816239400007");
    await syncShopifyCatalog(app, admin(), { shopId: shop.id }, progressLog().report);
    expect((await listKnowledge(db.prisma, other.id)).counts).toMatchObject({ product: 1, faq: 1 });
    expect((await listKnowledge(db.prisma, shop.id)).counts.faq).toBe(1);
  });
});
