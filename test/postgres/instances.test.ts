import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMigrations } from "~/db/migrate.server";
import { openDatabase, type Database } from "~/db/open.server";
import { fetchAdminGraphql } from "~/shopify/admin-client";
import { syncShopifyCatalog } from "~/shopify/sync.server";
import { startAppProcess, type AppProcess } from "../support/app-process";
import { createServerDatabase, testPostgresUrl } from "../support/db";
import { startFakeAdminApi, type FakeAdminApi } from "../support/fake-shopify-admin";
import { startOpenAIWireServer, type OpenAIWireServer } from "../support/openai-wire-server";
import { testAppContext } from "../support/shopify-app";
import { fakePages, fakeShopDetails, generateCatalog } from "../support/shopify-catalog";
import { deliveryHeaders, productUpdateBody, waitFor, WEBHOOK_SECRET } from "../support/shopify-webhooks";

/**
 * Several app instances behind a load balancer share one PostgreSQL database. Each instance here is
 * its own Node process running the production build (npm start), as in a deployment.
 */

const DOMAIN = "instances-test.myshopify.com";
const PER_SESSION = 4;

type Job = { id: string; state: string; progress: { done: number; total: number | null }; attempts: number; result: Record<string, number> | null };

const catalog = (count: number, words = 1) => ({
  products: Array.from({ length: count }, (_, i) => ({
    id: `sku-${i}`,
    name: `Trail jacket model ${i}`,
    description: `A waterproof trail jacket, model ${i}, with taped seams and a hood. ${"Breathable membrane and recycled lining. ".repeat(words + (i % 4))}`,
    price: 100 + (i % 300),
  })),
});

describe("several app instances on one PostgreSQL database", () => {
  let databaseUrl: string;
  let db: Database;
  let fake: FakeAdminApi;
  let wire: OpenAIWireServer | undefined;
  let env: Record<string, string>;
  const instances: AppProcess[] = [];
  let a: AppProcess;
  let b: AppProcess;

  beforeAll(async () => {
    if (!testPostgresUrl) throw new Error("needs a PostgreSQL server: bash scripts/postgres-test-server.sh run npx vitest run --config vitest.postgres.config.ts");
    // Empty: both instances start at once and race to migrate it.
    databaseUrl = await createServerDatabase({ empty: true });
    fake = await startFakeAdminApi({ shop: fakeShopDetails(DOMAIN), pages: fakePages(), products: generateCatalog(10, 2) });
    env = {
      DATABASE_URL: databaseUrl,
      SHOPIFY_API_KEY: "test-api-key",
      SHOPIFY_API_SECRET: WEBHOOK_SECRET,
      SHOPIFY_APP_URL: "https://palompy.example.com",
      PALOMPY_SHOPIFY_ADMIN_URL: fake.endpoint,
      PALOMPY_SHOPIFY_ADMIN_TOKEN: fake.accessToken,
      // A window no test outlasts: what counts is where the requests went, not timing.
      PALOMPY_RATE_WINDOW_MS: "600000",
      PALOMPY_RATE_CHAT_PER_SESSION: String(PER_SESSION),
      PALOMPY_RATE_ADMIN_PER_IP: "100000",
      PALOMPY_RATE_PUBLIC_PER_IP: "100000",
      PALOMPY_RATE_CHAT_PER_IP: "100000",
      PALOMPY_SHUTDOWN_GRACE_MS: "5000",
    };
    [a, b] = await Promise.all([startAppProcess("a", env), startAppProcess("b", env)]);
    instances.push(a, b);
    db = await openDatabase({ kind: "postgres", url: databaseUrl }, { migrate: false });
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop("SIGKILL")));
    await db?.close();
    await fake?.close();
    await wire?.close();
  });

  const job = async (via: AppProcess, shopId: string, jobId: string): Promise<Job> => (await via.admin(`/api/shops/${shopId}/jobs/${jobId}`)).json();
  const createShop = async (via: AppProcess, name: string) => {
    const response = await via.admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; publicKey: string };
  };
  const importCatalog = async (via: AppProcess, shopId: string, body: unknown) => {
    const response = await via.admin(`/api/shops/${shopId}/data?wait=false`, { method: "POST", body: JSON.stringify(body) });
    expect(response.status).toBe(202);
    return ((await response.json()) as { jobId: string }).jobId;
  };
  const finished = (via: AppProcess, shopId: string, jobId: string, timeoutMs = 120_000) =>
    waitFor(async () => {
      const current = await job(via, shopId, jobId);
      return current.state === "succeeded" || current.state === "failed" ? current : undefined;
    }, timeoutMs);
  const productCount = async (via: AppProcess, shopId: string) => (await (await via.admin(`/api/shops/${shopId}/knowledge?pageSize=1`)).json()).counts.product as number;

  it("start together on an empty database: the migrations are applied once and both are ready", async () => {
    const applied = await db.runner.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(applied.map((row) => row.migration_name)).toEqual(readMigrations().map((migration) => migration.name));
    for (const instance of [a, b]) {
      const ready = await fetch(`${instance.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "ready", database: "postgres" });
    }
    // The daily schedules are stored once, whoever registered them.
    const schedules = await db.runner.query<{ name: string }>(`SELECT name FROM pgboss.schedule ORDER BY name`);
    expect(schedules.map((row) => row.name)).toEqual(["palompy-retention", "palompy-shopify-reconcile-all", "palompy-woocommerce-reconcile-all"]);
  });

  it("runs each job once, whichever instance enqueued it and whichever runs it", { timeout: 180_000 }, async () => {
    const shops = await Promise.all(Array.from({ length: 6 }, (_, i) => createShop(i % 2 ? b : a, `Import shop ${i}`)));
    const jobs = await Promise.all(shops.map(async (shop, i) => ({ shop, jobId: await importCatalog(i % 2 ? b : a, shop.id, catalog(40 + i)) })));
    for (const [i, { shop, jobId }] of jobs.entries()) {
      // Read through the other instance than the one that enqueued it.
      const done = await finished(i % 2 ? a : b, shop.id, jobId);
      expect(done).toMatchObject({ state: "succeeded", attempts: 1, progress: { done: 40 + i, total: 40 + i } });
      expect(await productCount(i % 2 ? a : b, shop.id)).toBe(40 + i);
    }
    const [{ count }] = await db.runner.query<{ count: string }>(`SELECT count(*) FROM pgboss.job WHERE name = 'palompy-knowledge-import' AND state = 'completed'`);
    expect(Number(count)).toBe(jobs.length);
  });

  it("counts a rate limit across instances", async () => {
    const shop = await createShop(a, "Rate shop");
    const sessionId = randomUUID();
    const statuses: number[] = [];
    for (let i = 0; i < PER_SESSION + 2; i++) {
      const via = i % 2 ? b : a;
      const response = await fetch(`${via.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId, message: "Do you have a warm jacket?", lang: "en" }),
      });
      statuses.push(response.status);
      await response.text();
    }
    expect(statuses).toEqual([...Array(PER_SESSION).fill(200), 429, 429]);
  });

  it("applies a webhook once when it reaches one instance and its retry (or a duplicate at the same time) another", async () => {
    const shop = await db.prisma.shop.create({ data: { name: "Webhook shop", platform: "shopify", domain: DOMAIN } });
    await syncShopifyCatalog(testAppContext(db), fetchAdminGraphql(fake.endpoint, fake.accessToken), { shopId: shop.id }, async () => {});
    const product = [...fake.products.values()][0];
    product.variants.forEach((variant) => (variant.price = "321.00"));
    product.updatedAt = "2031-01-01T00:00:00.000Z";
    const delivery = { topic: "products/update", body: productUpdateBody(product.id, product.updatedAt), shopDomain: DOMAIN, eventId: randomUUID() };
    // Shopify's retry repeats the event id (and the webhook id) of the first delivery.
    const headers = deliveryHeaders(delivery);
    const send = (via: AppProcess) => fetch(`${via.url}/webhooks/${delivery.topic}`, { method: "POST", headers, body: delivery.body });

    const first = await send(a);
    expect(await first.json()).toEqual({ status: "queued", kind: "shopify.product.refresh" });
    const retry = await send(b);
    expect(await retry.json()).toEqual({ status: "duplicate" });
    await waitFor(async () => {
      const chunk = await db.prisma.knowledgeChunk.findFirst({ where: { shopId: shop.id, sourceId: product.id }, orderBy: { chunkIndex: "asc" } });
      return chunk?.price === "321.00";
    }, 60_000);
    expect(await db.prisma.shopifyWebhookEvent.count({ where: { eventId: delivery.eventId } })).toBe(1);
    expect(await db.prisma.backgroundJob.count({ where: { shopId: shop.id, kind: "shopify-product-refresh" } })).toBe(1);

    // The same event at both instances at once: one of them queues it.
    const racing = { ...delivery, eventId: randomUUID() };
    const racingHeaders = deliveryHeaders(racing);
    const answers = await Promise.all(
      [a, b].map(async (via) => (await fetch(`${via.url}/webhooks/${racing.topic}`, { method: "POST", headers: racingHeaders, body: racing.body })).json()),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual(["duplicate", "queued"]);
    expect(await db.prisma.shopifyWebhookEvent.count({ where: { eventId: racing.eventId } })).toBe(1);
  });

  it("SIGTERM on one instance hands its running job to another, which finishes it; a stream on the other goes on", { timeout: 300_000 }, async () => {
    // Only `a` runs jobs while the import starts, so the job is surely running there.
    expect(await b.stop("SIGTERM")).toBe(0);
    const shop = await createShop(a, "Handover shop");
    // Long enough to outlast starting another instance on a fast machine.
    const products = 4_000;
    const jobId = await importCatalog(a, shop.id, catalog(products));
    await waitFor(async () => {
      const current = await job(a, shop.id, jobId);
      return current.state === "running" && current.progress.done > 0;
    }, 120_000);
    // `c` answers with a (simulated) model that streams for about two seconds.
    wire = await startOpenAIWireServer();
    wire.setDefaultChatReply(() => ({ kind: "reply", content: "Our trail jackets are waterproof and breathable. ".repeat(6).trim(), tokenDelayMs: 40 }));
    const c = await startAppProcess("c", { ...env, OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: wire.baseURL });
    instances.push(c);
    const response = await fetch(`${c.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId: randomUUID(), message: "Do you have a waterproof jacket?", lang: "en" }),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let stream = "";
    while (!stream.includes("event: token")) {
      const { value, done } = await reader.read();
      if (done) break;
      stream += decoder.decode(value, { stream: true });
    }

    expect(await a.stop("SIGTERM")).toBe(0);
    expect(a.output()).not.toMatch(/shutdown took too long/);
    // The stream on the instance that owns it goes on to its end.
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      stream += decoder.decode(value, { stream: true });
    }
    expect(stream).toContain("event: done");
    expect(stream).not.toContain("event: error");

    const done = await finished(c, shop.id, jobId, 240_000);
    expect(done).toMatchObject({ state: "succeeded", progress: { done: products, total: products } });
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    // What `a` wrote before it stopped is kept, not embedded again.
    expect(done.result!.unchanged).toBeGreaterThan(0);
    expect(await productCount(c, shop.id)).toBe(products);
  });
});
