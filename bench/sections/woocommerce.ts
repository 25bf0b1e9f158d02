/**
 * WooCommerce connector: the initial sync of 2,000 products (a fifth of them variable, 4 variations
 * each) from the fake store (test/support/fake-woocommerce.ts, real HTTP with OAuth 1.0a checks),
 * with the requests it makes and the embedding calls it costs; then the acknowledgement latency of
 * the webhook endpoint (production build in a child process): 200 signed deliveries back to back,
 * then 200 at once.
 */
import { loadConfig } from "~/config.server";
import type { AppContext } from "~/context.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { registerStore, storePendingKeys } from "~/woocommerce/connection.server";
import { encryptSecret, secretKeyFrom } from "~/woocommerce/secrets.server";
import { parseSiteUrl } from "~/woocommerce/site-url";
import { runWooActivation, runWooInitialSync, runWooReconciliation } from "~/woocommerce/sync.server";
import { signWooBody } from "~/woocommerce/webhooks.server";
import { FakeWooCommerce } from "../../test/support/fake-woocommerce";
import { startApp } from "../lib/app";
import type { BenchContext, HeadlineRow, SectionOutput } from "../lib/context";
import { openBenchDatabase } from "../lib/db";
import { percentile } from "../lib/metrics";
import { int, ms, num, table } from "../lib/report";

const PRODUCTS = 2_000;
const VARIABLE_EVERY = 5;
const VARIATIONS = 4;
const BURST = 200;
const SECRET_KEY = "bench-secret-key-0123456789abcdefghijklmnop";
const WEBHOOK_SECRET = "bench-webhook-secret";

async function measureSync(ctx: BenchContext) {
  const store = await new FakeWooCommerce({ currency: "EUR" }).start();
  const db = await openBenchDatabase();
  try {
    store.seedCatalog(PRODUCTS, { variableEvery: VARIABLE_EVERY, variationsEach: VARIATIONS });
    const inner = new LocalHashEmbedder();
    const counts = { calls: 0, texts: 0 };
    const embedder = {
      modelId: inner.modelId,
      dimensions: inner.dimensions,
      embed: (texts: string[]) => {
        counts.calls++;
        counts.texts += texts.length;
        return inner.embed(texts);
      },
    };
    const config = loadConfig({ NODE_ENV: "production", PALOMPY_DATA_DIR: "memory://", PALOMPY_SECRET_KEY: SECRET_KEY, PALOMPY_PUBLIC_URL: "https://palompy.bench" });
    // No job queue: the bench runs the connector's job functions directly.
    const app = { config, db, embedder } as AppContext;
    const { shop } = await registerStore(app, { site: parseSiteUrl(store.siteUrl)!, storeName: "bench store", pluginVersion: "bench" });
    const key = store.createKey("read_write");
    await storePendingKeys(app, shop.id, { ...key, permissions: "read_write" });

    store.requests.length = 0;
    const started = performance.now();
    const activation = await runWooActivation(app, { shopId: shop.id });
    const firstMs = performance.now() - started;
    const first = { ms: firstMs, requests: store.requests.length, calls: counts.calls, texts: counts.texts, products: activation.sync?.products ?? 0 };
    ctx.log(`  initial sync: ${first.products} products in ${num(firstMs / 1000, 1)} s, ${first.requests} requests, ${first.calls} embedding calls`);

    const before = { ...counts };
    store.requests.length = 0;
    const againStarted = performance.now();
    await runWooInitialSync(app, { shopId: shop.id });
    const again = { ms: performance.now() - againStarted, requests: store.requests.length, calls: counts.calls - before.calls };

    store.requests.length = 0;
    const reconcileStarted = performance.now();
    await runWooReconciliation(app, { shopId: shop.id });
    const reconcile = { ms: performance.now() - reconcileStarted, requests: store.requests.length };
    return { first, again, reconcile };
  } finally {
    await db.close();
    await store.close();
  }
}

async function measureBurst(ctx: BenchContext) {
  await ctx.ensureBuild();
  const store = await new FakeWooCommerce({ currency: "EUR" }).start();
  const app = await startApp(ctx.root, { PALOMPY_SECRET_KEY: SECRET_KEY, PALOMPY_WOO_ALLOW_PRIVATE_HOSTS: "1", PALOMPY_DEMO: undefined });
  try {
    const connect = await fetch(`${app.url}/api/woocommerce/connect`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ siteUrl: store.siteUrl, storeName: "burst", pluginVersion: "bench", returnUrl: `${store.siteUrl}/wp-admin/` }),
    });
    if (connect.status !== 201) throw new Error(`connect answered ${connect.status}: ${await connect.text()}`);
    const { shopId } = (await connect.json()) as { shopId: string };
    const sealed = encryptSecret(secretKeyFrom(SECRET_KEY), WEBHOOK_SECRET, `shop:${shopId}:webhook_secret`);
    await app.query("UPDATE woo_connections SET webhook_secret_enc = $1 WHERE shop_id = $2", [sealed, shopId]);

    const makeDelivery = (i: number) => {
      const product = store.addProduct({ name: `Burst item ${i}`, price: `${10 + i}.00`, description: `<p>Delivered in a burst, number ${i}.</p>` });
      const body = JSON.stringify(store.productJson(product)).replace(/\//g, "\\/");
      return {
        body,
        headers: {
          "content-type": "application/json",
          "x-wc-webhook-topic": "product.updated",
          "x-wc-webhook-delivery-id": `burst-${i}`,
          "x-wc-webhook-signature": signWooBody(body, WEBHOOK_SECRET),
        },
      };
    };
    const send = async (delivery: ReturnType<typeof makeDelivery>) => {
      const sent = performance.now();
      const response = await fetch(`${app.url}/webhooks/woocommerce/${shopId}`, { method: "POST", headers: delivery.headers, body: delivery.body });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`delivery answered ${response.status}`);
      return performance.now() - sent;
    };
    const waitApplied = async () => {
      for (;;) {
        const [row] = await app.query<{ pending: number }>("SELECT count(*)::int AS pending FROM woo_webhook_deliveries WHERE shop_id = $1 AND processed_at IS NULL", [shopId]);
        if (Number(row.pending) === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    // As WooCommerce's Action Scheduler sends them: one after another.
    const sequential: number[] = [];
    for (let i = 0; i < BURST; i++) sequential.push(await send(makeDelivery(BURST + i)));
    await waitApplied();

    // A stress burst: all at once.
    const deliveries = Array.from({ length: BURST }, (_, i) => makeDelivery(i));
    const started = performance.now();
    const latencies = await Promise.all(deliveries.map(send));
    const ackedMs = performance.now() - started;
    await waitApplied();
    const appliedMs = performance.now() - started;
    ctx.log(`  ${BURST} back to back: p95 ack ${num(percentile(sequential, 95), 0)} ms; burst of ${BURST} at once: p95 ack ${num(percentile(latencies, 95), 0)} ms, all applied after ${num(appliedMs / 1000, 1)} s`);
    return { latencies, sequential, ackedMs, appliedMs };
  } finally {
    await app.close();
    await store.close();
  }
}

export async function runWooCommerce(ctx: BenchContext): Promise<SectionOutput> {
  const sync = await measureSync(ctx);
  const burst = await measureBurst(ctx);
  const variable = PRODUCTS / VARIABLE_EVERY;
  const p50 = percentile(burst.latencies, 50);
  const p95 = percentile(burst.latencies, 95);
  const md = [
    `Store: the fake WooCommerce server on 127.0.0.1 (same process as the sync; OAuth 1.0a signatures checked on every request), ${int(PRODUCTS)} published products of which ${int(variable)} are variable with ${VARIATIONS} variations each, currency from \`settings/general\`. Sync through the connector's domain functions with the local embedder into a fresh in-memory database.`,
    "",
    table(
      ["WooCommerce sync", "Wall time", "REST/HTTP requests", "Embedding calls"],
      [
        [`Activation + initial sync (verify keys, 4 webhooks, ${int(sync.first.products)} products, policy pages)`, ms(sync.first.ms, 0), int(sync.first.requests), `${int(sync.first.calls)} (${int(sync.first.texts)} chunk texts)`],
        ["Second full sync, nothing changed", ms(sync.again.ms, 0), int(sync.again.requests), int(sync.again.calls)],
        ["Reconciliation, nothing changed (ids + dates, webhooks check)", ms(sync.reconcile.ms, 0), int(sync.reconcile.requests), "0"],
      ],
    ),
    "",
    `Requests: ${PRODUCTS / 100} product pages of 100, one variations request per variable product (per_page=100), settings, pages and webhook calls. Webhook acknowledgement: signed \`product.updated\` deliveries to the production build (child process, in-memory database), first ${BURST} back to back (how WooCommerce's Action Scheduler sends them), then a stress burst of ${BURST} at once. The endpoint answers after the rate limit, the signature check and the idempotency record (3 queries); the changes are applied afterwards, a burst at a time (one import).`,
    "",
    table(
      ["Webhook burst", "Value"],
      [
        [`${BURST} back to back: acknowledgement p50`, ms(percentile(burst.sequential, 50), 0)],
        [`${BURST} back to back: acknowledgement p95`, ms(percentile(burst.sequential, 95), 0)],
        [`Burst of ${BURST} at once: acknowledgement p50`, ms(p50, 0)],
        [`Burst of ${BURST} at once: acknowledgement p95`, ms(p95, 0)],
        [`Burst of ${BURST} at once: acknowledgement max`, ms(Math.max(...burst.latencies), 0)],
        ["Burst: all acknowledged after", ms(burst.ackedMs, 0)],
        ["Burst: all applied to the knowledge base after", ms(burst.appliedMs, 0)],
      ],
    ),
  ];
  const headline: HeadlineRow[] = [
    { metric: `WooCommerce initial sync, ${int(PRODUCTS)} products (${int(variable)} variable)`, ours: ms(sync.first.ms, 0), baseline: "—", ratio: `${int(sync.first.requests)} requests, ${int(sync.first.calls)} embedding calls` },
    { metric: `WooCommerce webhook acknowledgement p95: ${BURST} back to back / ${BURST} at once`, ours: `${ms(percentile(burst.sequential, 95), 0)} / ${ms(p95, 0)}`, baseline: "—", ratio: "—" },
  ];
  return { markdown: md.join("\n"), headline, data: { sync, burst: { p50, p95, sequentialP95: percentile(burst.sequential, 95), ackedMs: burst.ackedMs, appliedMs: burst.appliedMs } } };
}
