import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { findShopifyOrderStatus } from "~/orders/shopify.server";
import { fetchAdminGraphql, ShopifyQueryCostError } from "~/shopify/admin-client";
import { ALL_DOCUMENTS, MAX_QUERY_COST, PRODUCTS_PAGE, PRODUCTS_PAGE_SIZE } from "~/shopify/documents";
import { installShopifyShop } from "~/shopify/install.server";
import { runShopifyJob } from "~/shopify/jobs.server";
import { reconcileShopifyCatalog, refreshShopifyProduct, syncShopifyCatalog } from "~/shopify/sync.server";
import { openTestDatabase } from "../support/db";
import { startFakeAdminApi, type FakeAdminApi } from "../support/fake-shopify-admin";
import { requestedQueryCost } from "../support/query-cost";
import { loadAdminSchema } from "../support/shared-data";
import { fakePages, fakeShopDetails, generateCatalog, SHOP_DOMAIN } from "../support/shopify-catalog";
import { testAppContext } from "../support/shopify-app";

/**
 * The fake Admin API refuses what Shopify refuses: queries above 1,000 points, documents the
 * schema does not validate, connections without a page size, and requests the cost bucket cannot
 * hold. And the app's documents pass: each one's cost at the variables it is sent with.
 */

/** PRODUCTS_PAGE as it was before this fix: 100 products × variants(first: 100). */
const PREVIOUS_PRODUCTS_PAGE = PRODUCTS_PAGE.replace("variants(first: 10) { pageInfo { hasNextPage endCursor } nodes", "variants(first: 100) { nodes");

let db: Database;
let fake: FakeAdminApi;

beforeAll(async () => {
  [db, fake] = await Promise.all([openTestDatabase(), startFakeAdminApi({ shop: fakeShopDetails(), pages: fakePages(), products: generateCatalog(3, 2) })]);
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

const post = (api: FakeAdminApi, query: string, variables: Record<string, unknown> = {}) =>
  fetch(api.endpoint, { method: "POST", headers: { "content-type": "application/json", "x-shopify-access-token": api.accessToken }, body: JSON.stringify({ query, variables }) }).then(
    (response) => response.json() as Promise<{ data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: { cost?: Record<string, unknown> } }>,
  );

describe("requested query cost (Shopify's published rules)", () => {
  const cost = (source: string, variables: Record<string, unknown> = {}) => requestedQueryCost(loadAdminSchema(), parse(source), variables);

  it("matches Shopify's worked example: 2 + 10 × (1 + 2 + 5 × 1) = 82", () => {
    expect(cost("{ products(first: 10) { edges { node { title variants(first: 5) { edges { node { price } } } } } } }")).toBe(82);
  });

  it("scalars and enums are free, objects 1, a mutation 10", () => {
    expect(cost("{ shop { name currencyCode } }")).toBe(1);
    expect(cost("{ shop { name primaryDomain { url } } }")).toBe(2);
    expect(cost('mutation { metafieldsSet(metafields: []) { userErrors { message } } }')).toBe(11);
  });

  it("the previous PRODUCTS_PAGE cost 10,902 at first: 100; today's costs 952 at the page size sent", () => {
    expect(PREVIOUS_PRODUCTS_PAGE).not.toBe(PRODUCTS_PAGE);
    expect(cost(PREVIOUS_PRODUCTS_PAGE, { first: 100 })).toBe(10_902);
    expect(cost(PRODUCTS_PAGE, { first: PRODUCTS_PAGE_SIZE })).toBe(952);
  });
});

describe("the strict fake Admin API", () => {
  it("answers the previous PRODUCTS_PAGE with MAX_COST_EXCEEDED in Shopify's shape; the client reports it once, unretried", async () => {
    const body = await post(fake, PREVIOUS_PRODUCTS_PAGE, { first: 100, query: "status:active" });
    expect(body.data).toBeUndefined();
    expect(body.extensions).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: expect.stringMatching(/^Query cost is 10902, which exceeds the single query max cost limit \(1000\)\./),
        extensions: { code: "MAX_COST_EXCEEDED", cost: 10_902, maxCost: 1_000, documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ]);

    const before = fake.requests.length;
    const client = fetchAdminGraphql(fake.endpoint, fake.accessToken, { sleep: async () => {} });
    const error = await client(PREVIOUS_PRODUCTS_PAGE, { first: 100, query: "status:active" }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ShopifyQueryCostError);
    expect(error).toMatchObject({ cost: 10_902, maxCost: 1_000, message: expect.stringContaining("MAX_COST_EXCEEDED") });
    expect(fake.requests.length - before).toBe(1);
  });

  it("refuses what the schema does not validate, a connection without first or last, and a page above 250", async () => {
    const unknownField = await post(fake, "{ shop { name inventory } }");
    expect(unknownField.errors?.[0].message).toContain('Cannot query field "inventory" on type "Shop"');
    const noFirst = await post(fake, "{ products { nodes { id } } }");
    expect(noFirst.errors?.[0].message).toContain("you must provide one of first or last");
    const tooLarge = await post(fake, "query P($first: Int!) { products(first: $first) { nodes { id } } }", { first: 251 });
    expect(tooLarge.errors?.[0].message).toContain("at most 250");
    expect(noFirst.data ?? tooLarge.data ?? unknownField.data).toBeUndefined();
  });

  it("spends the actual cost and reports it with the bucket's state", async () => {
    const body = await post(fake, PRODUCTS_PAGE, { first: PRODUCTS_PAGE_SIZE, query: "status:active" });
    // 3 products of 2 variants: 2 + 3 × (1 + 3 + 3 + 2 + 2) = 35 points used of the 952 asked.
    expect(body.extensions?.cost).toEqual({
      requestedQueryCost: 952,
      actualQueryCost: 35,
      throttleStatus: { maximumAvailable: 1_000, currentlyAvailable: expect.any(Number), restoreRate: 100 },
    });
    expect((body.extensions!.cost!.throttleStatus as { currentlyAvailable: number }).currentlyAvailable).toBeGreaterThanOrEqual(1_000 - 35);
  });

  it("never charges more than requested: a list without a page size counts one item either way", async () => {
    const body = await post(fake, ALL_DOCUMENTS.SHOP_DETAILS);
    // shop 1 + primaryDomain 1 + shopPolicies 1, whatever the number of policies (two here).
    expect(body.extensions?.cost).toMatchObject({ requestedQueryCost: 3, actualQueryCost: 3 });
  });

  it("answers THROTTLED when the bucket cannot hold the requested cost; the client waits what Shopify reports, once", async () => {
    const quick = await startFakeAdminApi({ shop: fakeShopDetails(), products: generateCatalog(3, 2), bucket: { size: 1_000, restoreRate: 1_000 } });
    try {
      quick.bucket.drain(quick.bucket.currentlyAvailable() - 100);
      const throttled = await post(quick, PRODUCTS_PAGE, { first: PRODUCTS_PAGE_SIZE, query: "status:active" });
      expect(throttled).toEqual({
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: { requestedQueryCost: 952, actualQueryCost: null, throttleStatus: { maximumAvailable: 1_000, currentlyAvailable: expect.any(Number), restoreRate: 1_000 } } },
      });

      quick.bucket.drain(quick.bucket.currentlyAvailable() - 100);
      const waits: number[] = [];
      const client = fetchAdminGraphql(quick.endpoint, quick.accessToken, {
        sleep: (ms) => {
          waits.push(ms);
          return new Promise((resolve) => setTimeout(resolve, ms));
        },
      });
      const data = await client<{ products: { nodes: unknown[] } }>(PRODUCTS_PAGE, { first: PRODUCTS_PAGE_SIZE, query: "status:active" });
      expect(data.products.nodes).toHaveLength(3);
      // ~850 points missing at 1,000 points/s: one wait of about 0.85 s, no blind retries.
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThan(700);
      expect(waits[0]).toBeLessThanOrEqual(860);
      expect(quick.requests.slice(-2).map((request) => request.outcome)).toEqual(["THROTTLED", "ok"]);

      // The next send of the same document waits for room first instead of being refused.
      quick.requests.length = 0;
      await client(PRODUCTS_PAGE, { first: PRODUCTS_PAGE_SIZE, query: "status:active" });
      await client(PRODUCTS_PAGE, { first: PRODUCTS_PAGE_SIZE, query: "status:active" });
      expect(quick.requests.map((request) => request.outcome)).toEqual(["ok", "ok"]);
    } finally {
      await quick.close();
    }
  });
});

describe("products with more variants than a page holds", () => {
  it("the sync and a refresh page through all 250 variants of a product; availability counts every one", async () => {
    const catalog = generateCatalog(3, 250);
    // Only the last variant of the first product can be bought.
    catalog[0].variants.forEach((variant, index) => (variant.inventoryQuantity = index === 249 ? 1 : 0));
    fake.setProducts(catalog);
    fake.requests.length = 0;
    fake.bucket.fill();
    const app = testAppContext(db);
    const shop = await db.prisma.shop.create({ data: { name: "variants", platform: "shopify", domain: "variants.myshopify.com" } });
    const summary = await syncShopifyCatalog(app, fetchAdminGraphql(fake.endpoint, fake.accessToken), { shopId: shop.id }, async () => {});
    expect(summary.products.written).toBe(3);
    const variantPages = fake.requests.filter((request) => request.operation === "PalompyProductVariants");
    // 10 variants come with the page, the other 240 in one follow-up per product.
    expect(variantPages).toHaveLength(3);
    expect(variantPages[0].variables).toMatchObject({ id: catalog[0].id, first: 250 });
    const version = await db.prisma.platformItemVersion.findUniqueOrThrow({ where: { shopId_sourceType_sourceId: { shopId: shop.id, sourceType: "product", sourceId: catalog[0].id } } });
    expect(version.available).toBe(true);
    const [chunk] = await db.prisma.$queryRaw<{ text: string }[]>`SELECT text FROM knowledge_chunks WHERE shop_id = ${shop.id}::uuid AND source_id = ${catalog[0].id} ORDER BY chunk_index LIMIT 1`;
    expect(chunk.text).toContain("In stock");

    fake.requests.length = 0;
    fake.bucket.fill();
    catalog[0].updatedAt = new Date().toISOString();
    expect(await refreshShopifyProduct(app, fetchAdminGraphql(fake.endpoint, fake.accessToken), { shopId: shop.id, productId: catalog[0].id })).toEqual({ status: "written", available: true });
    // 100 with the product, 150 after.
    expect(fake.requests.map((request) => request.operation)).toEqual(["PalompyProduct", "PalompyProductVariants"]);
  });
});

describe("every document the app sends, at the variables it sends", () => {
  it("costs at most 1,000 points", async () => {
    const catalog = generateCatalog(60, 3);
    catalog[7].variants = generateCatalog(8, 120)[7].variants;
    fake.setProducts(catalog);
    fake.orders = [{ id: "gid://shopify/Order/1", name: "#1001", email: "a@example.com", displayFulfillmentStatus: "FULFILLED", displayFinancialStatus: "PAID", fulfillments: [] }];
    fake.requests.length = 0;
    const domain = SHOP_DOMAIN;
    const app = testAppContext(db, { PALOMPY_SHOPIFY_ADMIN_URL: fake.endpoint, PALOMPY_SHOPIFY_ADMIN_TOKEN: fake.accessToken });
    const admin = () => fetchAdminGraphql(fake.endpoint, fake.accessToken);
    const { shopId } = await installShopifyShop(app, admin(), { shopDomain: domain, apiBase: "https://palompy.example.com" }, async () => {});
    // A reinstall: the web pixel exists, so it is read and updated (PalompyWebPixel, PalompyWebPixelUpdate).
    await installShopifyShop(app, admin(), { shopDomain: domain, apiBase: "https://palompy.example.com" }, async () => {});
    await syncShopifyCatalog(app, admin(), { shopId }, async () => {});
    await syncShopifyCatalog(app, admin(), { shopId }, async () => {}, { bulkThreshold: 10, bulk: { pollIntervalMs: 5 } });
    catalog[2].updatedAt = new Date().toISOString();
    await db.prisma.platformItemVersion.deleteMany({ where: { shopId, sourceId: catalog[3].id } });
    await db.prisma.knowledgeChunk.deleteMany({ where: { shopId, sourceId: catalog[3].id } });
    await reconcileShopifyCatalog(app, admin(), { shopId }, async () => {});
    await runShopifyJob(app, { shopId, kind: "shopify.inventory.update", input: { shopId, shopDomain: domain, inventoryItemId: catalog[7].variants[0].inventoryItemId } }, async () => {});
    await findShopifyOrderStatus(admin(), { orderNumber: "1001", email: "a@example.com" });

    const costs = new Map<string, { cost: number; variables: Record<string, unknown> }>();
    for (const request of fake.requests) {
      const known = costs.get(request.operation);
      if (!known || (request.requestedQueryCost ?? 0) > known.cost) costs.set(request.operation, { cost: request.requestedQueryCost ?? NaN, variables: request.variables });
    }
    const table = [...costs].map(([operation, { cost, variables }]) => ({ operation, cost, variables: JSON.stringify(variables).slice(0, 80) }));
    console.table(table);
    expect(fake.requests.filter((request) => request.outcome !== "ok" && request.outcome !== "THROTTLED")).toEqual([]);
    for (const row of table) expect(row.cost, row.operation).toBeLessThanOrEqual(MAX_QUERY_COST);
    // Every named document of the app was sent (the bulk query travels inside PalompyBulkRun).
    const named = Object.entries(ALL_DOCUMENTS)
      .filter(([name]) => name !== "PRODUCTS_BULK_QUERY")
      .map(([, source]) => /(?:query|mutation)\s+(\w+)/.exec(source)![1]);
    expect([...costs.keys()].sort()).toEqual(expect.arrayContaining(named));
  });
});
