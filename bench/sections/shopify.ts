/**
 * Shopify: initial sync of 5,000 products x 3 variants from the fake Admin API (bulk operation,
 * JSONL streamed) and of a store whose products have 250 variants each (paged), both against the
 * fake's cost limit and leaky bucket (1,000 points, 100/s) — wall time, queries, points spent,
 * throttled answers and time waited; webhook acknowledgement under a burst of 200 deliveries to
 * the production build, and staleness — from a products/update delivery until the chat answers
 * with the new price.
 *
 *   npm run bench -- --only=shopify            # this section
 *   SHOPIFY_BENCH_SYNC_ONLY=1 npm run bench -- --only=shopify --no-build   # the syncs alone
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import { fetchAdminGraphql } from "~/shopify/admin-client";
import { syncShopifyCatalog } from "~/shopify/sync.server";
import { startFakeAdminApi, type FakeAdminApi, type FakeProduct } from "../../test/support/fake-shopify-admin";
import { testAppContext } from "../../test/support/shopify-app";
import { fakePages, fakeShopDetails, generateCatalog } from "../../test/support/shopify-catalog";
import { deliver, productUpdateBody, WEBHOOK_SECRET } from "../../test/support/shopify-webhooks";
import { startApp } from "../lib/app";
import type { BenchContext, HeadlineRow, SectionOutput } from "../lib/context";
import { openBenchDatabase } from "../lib/db";
import { percentile } from "../lib/metrics";
import { int, ms, num, table } from "../lib/report";

const SYNC_PRODUCTS = 5_000;
const VARIANTS = 3;
const BURST = 200;
const UNIQUE_NAMES = ["Purple Kohlrabi", "Golden Beetroot", "Black Salsify", "White Eggplant", "Red Okra"];
const STALENESS_RUNS = UNIQUE_NAMES.length;
const SEQUENTIAL = 20;
const DOMAIN = "bench-store.myshopify.com";
/** A store of products with 250 variants each, below the bulk threshold: paged, variants followed up. */
const WIDE_PRODUCTS = 25;
const WIDE_VARIANTS = 250;

export interface SyncCost {
  outcome: string;
  mode?: string;
  written: number;
  wallMs: number;
  queries: number;
  pointsSpent: number;
  throttled: number;
  waitedMs: number;
}

/** One initial sync against a fresh strict fake: what it cost in Shopify's currency. */
export async function measureSync(products: FakeProduct[]): Promise<SyncCost> {
  const fake = await startFakeAdminApi({ shop: fakeShopDetails(DOMAIN), pages: fakePages(), products });
  const db = await openBenchDatabase();
  let waitedMs = 0;
  try {
    const app = testAppContext(db);
    const shop = await db.prisma.shop.create({ data: { name: "bench", platform: "shopify", domain: DOMAIN } });
    const admin = fetchAdminGraphql(fake.endpoint, fake.accessToken, { onCost: (event) => void (waitedMs += event.waitedMs) });
    const started = performance.now();
    let outcome = "ok";
    let summary: Awaited<ReturnType<typeof syncShopifyCatalog>> | undefined;
    try {
      summary = await syncShopifyCatalog(app, admin, { shopId: shop.id }, async () => {}, { bulk: { pollIntervalMs: 200 } });
    } catch (error) {
      outcome = `failed: ${(error as Error).message.split("\n")[0].slice(0, 120)}`;
    }
    const wallMs = performance.now() - started;
    const counted = fake.requests.filter((request) => request.outcome === "ok");
    return {
      outcome,
      mode: summary?.mode,
      written: summary?.products.written ?? 0,
      wallMs,
      queries: fake.requests.length,
      pointsSpent: counted.reduce((sum, request) => sum + (request.actualQueryCost ?? 0), 0),
      throttled: fake.requests.filter((request) => request.outcome === "THROTTLED").length,
      waitedMs,
    };
  } finally {
    await db.close();
    await fake.close();
  }
}

function syncCostRow(name: string, cost: SyncCost): (string | number)[] {
  return [name, cost.outcome, cost.mode ?? "—", int(cost.written), ms(cost.wallMs, 0), int(cost.queries), int(cost.pointsSpent), int(cost.throttled), ms(cost.waitedMs, 0)];
}

async function initialSync(ctx: BenchContext) {
  const fake = await startFakeAdminApi({ shop: fakeShopDetails(DOMAIN), pages: fakePages(), products: generateCatalog(SYNC_PRODUCTS, VARIANTS) });
  const db = await openBenchDatabase();
  try {
    const app = testAppContext(db);
    const shop = await db.prisma.shop.create({ data: { name: "bench", platform: "shopify", domain: DOMAIN } });
    const started = performance.now();
    const summary = await syncShopifyCatalog(app, fetchAdminGraphql(fake.endpoint, fake.accessToken), { shopId: shop.id }, async () => {}, { bulk: { pollIntervalMs: 200 } });
    const wallMs = performance.now() - started;
    const embedCalls = app.embedCalls();
    const resyncStarted = performance.now();
    const again = await syncShopifyCatalog(app, fetchAdminGraphql(fake.endpoint, fake.accessToken), { shopId: shop.id }, async () => {}, { bulk: { pollIntervalMs: 200 } });
    const resyncMs = performance.now() - resyncStarted;
    const result = { wallMs, itemsPerSecond: (SYNC_PRODUCTS / wallMs) * 1000, embedCalls, embedded: summary.embedded, mode: summary.mode, resyncMs, resyncEmbedded: again.embedded, resyncEmbedCalls: app.embedCalls() - embedCalls };
    ctx.log(`  sync: ${SYNC_PRODUCTS} products in ${num(wallMs / 1000, 1)} s (${summary.mode}), ${embedCalls} embedding calls`);
    return result;
  } finally {
    await db.close();
    await fake.close();
  }
}

export async function benchShopifyWebhooks(ctx: BenchContext, fake: FakeAdminApi) {
  const app = await startApp(ctx.root, {
    PALOMPY_DEMO: undefined,
    SHOPIFY_API_KEY: "bench-api-key",
    SHOPIFY_API_SECRET: WEBHOOK_SECRET,
    SHOPIFY_APP_URL: "https://palompy.example.com",
    PALOMPY_SHOPIFY_ADMIN_URL: fake.endpoint,
    PALOMPY_SHOPIFY_ADMIN_TOKEN: fake.accessToken,
  });
  try {
    const [shop] = await app.query<{ id: string; public_key: string }>(
      `INSERT INTO shops (id, public_key, name, platform, domain, updated_at) VALUES (gen_random_uuid(), gen_random_uuid(), 'bench', 'shopify', $1, now()) RETURNING id, public_key`,
      [DOMAIN],
    );
    await app.query(`INSERT INTO shopify_installations (shop_id, currency, primary_domain, updated_at) VALUES ($1, 'EUR', 'https://agrosel.example', now())`, [shop.id]);
    const products = [...fake.products.values()];
    // The staleness probes ask about products with names no other generated product shares, so
    // the measurement is of freshness, not of retrieval telling "no. 1" from "no. 97".
    const probes = UNIQUE_NAMES.map((name, run) => {
      const product = products[run * 7];
      product.title = `${name} heirloom seeds`;
      product.descriptionHtml = `<p>${name} grown from heirloom seed.</p>`;
      return product;
    });
    // One at a time first: the cost of an acknowledgement itself, without a queue of others.
    const sequential: number[] = [];
    for (const product of products.slice(BURST - SEQUENTIAL, BURST)) {
      const started = performance.now();
      const response = await deliver(app.url, { topic: "products/create", body: productUpdateBody(product.id, product.updatedAt), shopDomain: DOMAIN });
      await response.arrayBuffer();
      sequential.push(performance.now() - started);
    }
    const loadBefore = os.loadavg()[0];
    // The burst: one products/create per product, all at once; the app acknowledges each and
    // pulls the product in the background.
    const acks = await Promise.all(
      products.slice(0, BURST - SEQUENTIAL).map(async (product) => {
        const started = performance.now();
        const response = await deliver(app.url, { topic: "products/create", body: productUpdateBody(product.id, product.updatedAt), shopDomain: DOMAIN });
        await response.arrayBuffer();
        return { ms: performance.now() - started, status: response.status };
      }),
    );
    const drainStarted = performance.now();
    for (;;) {
      const [{ count }] = await app.query<{ count: number }>(`SELECT count(*)::int AS count FROM platform_item_versions WHERE shop_id = $1`, [shop.id]);
      if (count >= BURST || performance.now() - drainStarted > 120_000) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const drainMs = performance.now() - drainStarted;

    const staleness: number[] = [];
    for (const [run, product] of probes.entries()) {
      const price = (500 + run).toFixed(2);
      product.variants.forEach((variant) => (variant.price = price));
      product.updatedAt = new Date().toISOString();
      const started = performance.now();
      await deliver(app.url, { topic: "products/update", body: productUpdateBody(product.id, product.updatedAt), shopDomain: DOMAIN });
      for (;;) {
        const response = await fetch(`${app.url}/api/chat`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ shopPublicKey: shop.public_key, sessionId: randomUUID(), message: `How much is the ${product.title}?`, lang: "en" }),
        });
        const body = (await response.json()) as { sources?: { id: string; price?: string }[] };
        if (body.sources?.some((source) => source.id === product.id && source.price === price)) break;
        if (performance.now() - started > 30_000) throw new Error(`the new price never reached the chat: ${JSON.stringify(body).slice(0, 400)} ${app.output().slice(-800)}`);
      }
      staleness.push(performance.now() - started);
    }
    const latencies = acks.map((ack) => ack.ms);
    return {
      sequentialP50: percentile(sequential, 50),
      loadAverage: loadBefore,
      burst: BURST - SEQUENTIAL,
      ok: acks.filter((ack) => ack.status === 200).length,
      ackP50: percentile(latencies, 50),
      ackP95: percentile(latencies, 95),
      ackMax: Math.max(...latencies),
      drainMs,
      staleness,
      stalenessMedian: percentile(staleness, 50),
    };
  } finally {
    await app.close();
  }
}

export async function runShopify(ctx: BenchContext): Promise<SectionOutput> {
  const costs = {
    bulk: await measureSync(generateCatalog(SYNC_PRODUCTS, VARIANTS)),
    wide: await measureSync(generateCatalog(WIDE_PRODUCTS, WIDE_VARIANTS)),
  };
  ctx.log(`  strict fake: ${SYNC_PRODUCTS} x ${VARIANTS} ${costs.bulk.outcome} in ${num(costs.bulk.wallMs / 1000, 1)} s; ${WIDE_PRODUCTS} x ${WIDE_VARIANTS} ${costs.wide.outcome} in ${num(costs.wide.wallMs / 1000, 1)} s, ${costs.wide.pointsSpent} points`);
  const costTable = [
    `Initial sync against the strict fake Admin API (cost computed from the 2026-10 schema at the variables sent, refused above 1,000 points; leaky bucket of 1,000 points restoring 100/s, THROTTLED when a request does not fit): queries sent (throttled answers included), points spent (actual cost), throttled answers, and time the client waited for the bucket.`,
    "",
    table(
      ["Store", "Outcome", "Mode", "Products written", "Wall time", "Queries", "Points spent", "Throttled", "Waited"],
      [syncCostRow(`${int(SYNC_PRODUCTS)} products x ${VARIANTS} variants`, costs.bulk), syncCostRow(`${WIDE_PRODUCTS} products x ${WIDE_VARIANTS} variants`, costs.wide)],
      ["l", "l", "l", "r", "r", "r", "r", "r", "r"],
    ),
  ].join("\n");
  if (process.env.SHOPIFY_BENCH_SYNC_ONLY) return { markdown: costTable, data: { costs }, headline: [] };
  await ctx.ensureBuild();
  const sync = await initialSync(ctx);
  const fake = await startFakeAdminApi({ shop: fakeShopDetails(DOMAIN), pages: fakePages(), products: generateCatalog(BURST, VARIANTS) });
  let hooks;
  try {
    hooks = await benchShopifyWebhooks(ctx, fake);
  } finally {
    await fake.close();
  }
  ctx.log(`  webhooks: ack p95 ${num(hooks.ackP95, 1)} ms, staleness median ${num(hooks.stalenessMedian, 0)} ms`);
  const headline: HeadlineRow[] = [
    { metric: `Shopify initial sync, ${int(SYNC_PRODUCTS)} products x ${VARIANTS} variants`, ours: `${num(sync.wallMs / 1000, 1)} s (${num(sync.itemsPerSecond, 0)} items/s)`, baseline: "—", ratio: "—" },
    { metric: `Shopify webhook ack p95, burst of ${BURST - SEQUENTIAL}`, ours: ms(hooks.ackP95), baseline: "5 s (Shopify's timeout)", ratio: `${num(5000 / hooks.ackP95, 0)}x under` },
    { metric: "Staleness: products/update → chat answers the new price (median)", ours: ms(hooks.stalenessMedian, 0), baseline: "—", ratio: "—" },
  ];
  const markdown = [
    costTable,
    "",
    `Initial sync of ${int(SYNC_PRODUCTS)} products x ${VARIANTS} variants from the fake Admin API (test/support/fake-shopify-admin.ts: documents executed against the real 2026-10 schema, bulk JSONL served over HTTP), local embedder, embedded PGlite, in this process:`,
    "",
    table(
      ["Mode", "Wall time", "Items/s", "Embedding calls", "Chunks embedded", "Resync (unchanged)", "Resync embedding calls"],
      [[sync.mode, ms(sync.wallMs, 0), num(sync.itemsPerSecond, 0), int(sync.embedCalls), int(sync.embedded), ms(sync.resyncMs, 0), int(sync.resyncEmbedCalls)]],
      ["l", "r", "r", "r", "r", "r", "r"],
    ),
    "",
    `Webhooks against the production build in a child process: ${SEQUENTIAL} signed products/create deliveries one at a time, then ${BURST - SEQUENTIAL} sent at once (each acknowledged after its job is queued; the jobs then pull the product from the fake Admin API, ${"4"} at a time), then ${STALENESS_RUNS} products/update deliveries, each followed by chat questions until the answer carries the new price.`,
    "",
    table(
      ["One delivery alone (p50)", "Burst", "200 OK", "Ack p50", "Ack p95", "Ack max", "Burst fully applied after", "Staleness median", "Staleness runs", "Load average"],
      [[ms(hooks.sequentialP50), hooks.burst, hooks.ok, ms(hooks.ackP50), ms(hooks.ackP95), ms(hooks.ackMax), ms(hooks.drainMs, 0), ms(hooks.stalenessMedian, 0), hooks.staleness.map((value) => num(value, 0)).join(", "), num(hooks.loadAverage, 1)]],
      ["r", "r", "r", "r", "r", "r", "r", "r", "l", "r"],
    ),
  ].join("\n");
  return { markdown, data: { costs, sync, webhooks: hooks }, headline };
}
