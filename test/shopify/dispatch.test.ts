import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { createAppContext, type AppContext } from "~/context.server";
import { dispatchShopifyJob } from "~/shopify/dispatch.server";
import { startFakeAdminApi, type FakeAdminApi } from "../support/fake-shopify-admin";
import { fakeShopDetails, generateCatalog } from "../support/shopify-catalog";
import { waitFor } from "../support/shopify-webhooks";

/** The duplicate-job key of product refreshes, on the real job queue against the fake Admin API. */

const DOMAIN = "dispatch-test.myshopify.com";
let app: AppContext;
let fake: FakeAdminApi;
let shopId: string;

beforeAll(async () => {
  fake = await startFakeAdminApi({ shop: fakeShopDetails(DOMAIN), products: generateCatalog(1, 1) });
  app = await createAppContext(loadConfig({ NODE_ENV: "test", PALOMPY_DATA_DIR: "memory://", PALOMPY_EMBEDDER: "local", PALOMPY_SHOPIFY_ADMIN_URL: fake.endpoint, PALOMPY_SHOPIFY_ADMIN_TOKEN: fake.accessToken }));
  shopId = (await app.db.prisma.shop.create({ data: { name: "dispatch", platform: "shopify", domain: DOMAIN } })).id;
  await app.db.prisma.shopifyInstallation.create({ data: { shopId, currency: "EUR", primaryDomain: "https://agrosel.example" } });
});
afterAll(async () => {
  await app?.jobs.stop(1_000);
  await app?.db.close();
  await fake?.close();
});

describe("product refresh jobs", () => {
  it("a products/update arriving while the same product's refresh runs gets a refresh of its own, after the first", async () => {
    const [product] = fake.products.values();
    const refresh = () => dispatchShopifyJob(app, { shopId, kind: "shopify.product.refresh", input: { shopId, shopDomain: DOMAIN, productId: product.id } });
    const storedPrice = async () =>
      (await app.db.prisma.knowledgeChunk.findFirst({ where: { shopId, sourceId: product.id }, select: { price: true } }))?.price?.toString();

    // The first refresh reads the product (old price) and its answer is held: the job is running.
    let release!: () => void;
    fake.holdAnswers = new Promise<void>((resolve) => (release = resolve));
    product.variants[0].price = "10.00";
    await refresh();
    await waitFor(async () => fake.operations.includes("PalompyProduct") && (await app.db.prisma.backgroundJob.count({ where: { shopId, state: "running" } })) === 1);

    // The price changes and Shopify delivers products/update (twice: a retry folds into the same follow-up).
    product.variants[0].price = "12.50";
    product.updatedAt = new Date().toISOString();
    await refresh();
    await refresh();
    fake.holdAnswers = undefined;
    release();

    await waitFor(async () => (await app.db.prisma.backgroundJob.count({ where: { shopId, state: { in: ["queued", "running"] } } })) === 0 && (await storedPrice()) === "12.50", 30_000);
    expect(fake.operations.filter((operation) => operation === "PalompyProduct")).toHaveLength(2);
    expect(await app.db.prisma.backgroundJob.count({ where: { shopId, kind: "shopify-product-refresh" } })).toBe(2);
  });

  it("a delivery whose own new refresh has started already gets no second run (that run reads the product after it)", async () => {
    const [product] = fake.products.values();
    const before = await app.db.prisma.backgroundJob.count({ where: { shopId, kind: "shopify-product-refresh" } });
    let release!: () => void;
    fake.holdAnswers = new Promise<void>((resolve) => (release = resolve));
    // The race made certain: the queue returns only once the job it created is running.
    const enqueue = app.jobs.enqueue.bind(app.jobs);
    app.jobs.enqueue = async (request) => {
      const queued = await enqueue(request);
      await waitFor(async () => (await app.db.prisma.backgroundJob.findUnique({ where: { id: queued.id }, select: { state: true } }))?.state === "running");
      return queued;
    };
    try {
      product.updatedAt = new Date().toISOString();
      await dispatchShopifyJob(app, { shopId, kind: "shopify.product.refresh", input: { shopId, shopDomain: DOMAIN, productId: product.id } });
    } finally {
      app.jobs.enqueue = enqueue;
      fake.holdAnswers = undefined;
      release();
    }
    await waitFor(async () => (await app.db.prisma.backgroundJob.count({ where: { shopId, state: { in: ["queued", "running"] } } })) === 0, 30_000);
    expect(await app.db.prisma.backgroundJob.count({ where: { shopId, kind: "shopify-product-refresh" } })).toBe(before + 1);
  });
});
