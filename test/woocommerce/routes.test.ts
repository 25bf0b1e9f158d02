import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WOO_RECONCILE_CRON } from "~/jobs/builtin.server";
import { startTestApp, type TestApp } from "../support/app-server";
import { FakeWooCommerce } from "../support/fake-woocommerce";
import { postJson } from "../chat/http";
import { PUBLIC_URL, productRows, readCaptured, TEST_SECRET_KEY, useCapturedSecret, waitFor } from "./support";

/**
 * The connector over HTTP, against the production build: the plugin's API, WooCommerce's key
 * approval flow, captured deliveries replayed byte for byte, and the end-to-end story from connect
 * to a force delete caught by reconciliation. The app's public URL is https (WooCommerce refuses an
 * http callback_url); the fake store reaches it through `resolve`, as through a reverse proxy.
 */

const REGISTRATIONS_PER_HOUR = 8;

let app: TestApp;
let store: FakeWooCommerce;

beforeAll(async () => {
  store = await new FakeWooCommerce({ currency: "EUR", resolve: (url) => url.replace(PUBLIC_URL, app.url) }).start();
  app = await startTestApp({
    PALOMPY_EMBEDDER: "local",
    PALOMPY_SECRET_KEY: TEST_SECRET_KEY,
    PALOMPY_PUBLIC_URL: PUBLIC_URL,
    PALOMPY_WOO_ALLOW_PRIVATE_HOSTS: "1",
    PALOMPY_RATE_WOO_REGISTER_PER_IP_HOUR: String(REGISTRATIONS_PER_HOUR),
    PALOMPY_RATE_PUBLIC_PER_IP: "100000",
    PALOMPY_RATE_CHAT_PER_IP: "100000",
  });
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const connectBody = (siteUrl: string) => ({ siteUrl, storeName: "Trail Shop", adminEmail: "owner@example.com", locale: "ru_RU", pluginVersion: "1.0.0", returnUrl: `${siteUrl}/wp-admin/admin.php?page=palompy` });
const status = async (token: string) => (await fetch(`${app.url}/api/woocommerce/status`, { headers: bearer(token) })).json();
const askPrice = async (publicKey: string, message: string) => {
  const response = await postJson(`${app.url}/api/chat`, { shopPublicKey: publicKey, sessionId: randomUUID(), message, lang: "en" });
  expect(response.status).toBe(200);
  return (await response.json()) as { answer: string; sources: Array<{ id: string; price?: string }> };
};
/** The job as GET /api/shops/:id/jobs/:jobId shows it once it has finished. */
const finishedJob = (shopId: string, jobId: string) =>
  waitFor(async () => {
    const response = await app.admin(`/api/shops/${shopId}/jobs/${jobId}`);
    expect(response.status).toBe(200);
    const job = await response.json();
    return (job.state === "succeeded" || job.state === "failed") && job;
  }, `job ${jobId}`);
const allDeliveriesProcessed = (shopId: string) =>
  waitFor(async () => (await app.context.db.prisma.wooWebhookDelivery.count({ where: { shopId, processedAt: null } })) === 0, "deliveries to be applied");

describe("connect → key approval → initial sync → webhooks → reconciliation → uninstall", () => {
  let shopId: string;
  let publicKey: string;
  let pluginToken: string;

  beforeAll(() => {
    store.addProduct({ id: 10, name: "Trail Runner 2", price: "93.00", sku: "SIMPLE-1", description: "<p>Light trail running shoe with a grippy sole.</p>" });
    store.addProduct({ id: 11, name: "City Sneaker", price: "59.00", sku: "SIMPLE-2", description: "<p>Everyday canvas sneaker.</p>" });
    store.addProduct({ id: 12, name: "Hidden Draft", price: "1.00", status: "draft" });
    store.addVariable({ id: 20, name: "Rain Jacket", sku: "VAR-1", description: "<p>Waterproof jacket.</p>" }, [
      { option: "M", price: "119.00" },
      { option: "L", price: "125.00" },
    ]);
  });

  it("registers the store: 201 with a one-time plugin token and WooCommerce's authorize URL", async () => {
    const response = await postJson(`${app.url}/api/woocommerce/connect`, connectBody(store.siteUrl));
    expect(response.status).toBe(201);
    const body = await response.json();
    ({ shopId, publicKey, pluginToken } = body);
    expect(body.apiBase).toBe(PUBLIC_URL);
    const authorize = new URL(body.authorizeUrl);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${store.siteUrl}/wc-auth/v1/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      app_name: "Palompy",
      scope: "read_write",
      user_id: shopId,
      return_url: `${store.siteUrl}/wp-admin/admin.php?page=palompy`,
      callback_url: `${PUBLIC_URL}/api/woocommerce/auth-callback`,
    });
    expect(await status(pluginToken)).toEqual({
      connected: false,
      proven: false,
      takeover: false,
      shopId,
      publicKey,
      sync: { state: "idle", done: 0, total: 0, lastSyncAt: null, lastReconciledAt: null, products: 0, error: null },
    });
  });

  it("the merchant approves: WooCommerce posts the keys, redirects back, and the initial sync runs", async () => {
    const { authorizeUrl } = await (await postJson(`${app.url}/api/woocommerce/connect`, connectBody(store.siteUrl), bearer(pluginToken))).json();
    const approval = await fetch(authorizeUrl, { redirect: "manual" });
    expect(approval.status).toBe(302);
    expect(approval.headers.get("location")).toBe(`${store.siteUrl}/wp-admin/admin.php?page=palompy&success=1&user_id=${shopId}`);
    const done = await waitFor(async () => {
      const current = await status(pluginToken);
      return current.sync.state === "done" && current;
    }, "the initial sync");
    expect(done).toMatchObject({ connected: true, sync: { done: 3, total: 3, error: null, lastSyncAt: expect.any(String) } });
    // It ran as a queued job, with its progress on the job too.
    const jobs = await (await app.admin(`/api/shops/${shopId}/jobs?kind=woocommerce-activate`)).json();
    expect(jobs.jobs).toHaveLength(1);
    expect(await finishedJob(shopId, jobs.jobs[0].id)).toMatchObject({ state: "succeeded", progress: { done: 3, total: 3 }, result: { activated: true } });
    // Four webhooks, each pinged on creation and answered 200.
    expect(store.webhooks.size).toBe(4);
    expect(store.pings).toHaveLength(4);
    expect(store.pings.every((ping) => ping.status === 200 && ping.url === `${PUBLIC_URL}/webhooks/woocommerce/${shopId}`)).toBe(true);
    expect((await productRows(app.context, shopId)).map((row) => row.id)).toEqual(["10", "11", "20"]);
    expect((await askPrice(publicKey, "How much is the Trail Runner 2 shoe?")).answer).toContain("€93");
  });

  it("a signed product.updated changes the price the chat answers; its replay is ignored; a wrong signature is 401", async () => {
    store.update(10, { price: "79.00", regular_price: "79.00" });
    const [delivery] = await store.deliver("product.updated", 10);
    expect(delivery.status).toBe(200);
    await allDeliveriesProcessed(shopId);
    const answer = await askPrice(publicKey, "How much is the Trail Runner 2 shoe?");
    expect(answer.answer).toContain("€79");
    expect(answer.answer).not.toContain("€93");

    const hook = [...store.webhooks.values()].find((entry) => entry.topic === "product.updated")!;
    const body = JSON.stringify(store.productJson(store.products.get(10)!)).replace(/\//g, "\\/");
    const replay = await fetch(`${app.url}/webhooks/woocommerce/${shopId}`, { method: "POST", headers: delivery.headers, body });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ ok: true, duplicate: true });
    const forged = await fetch(`${app.url}/webhooks/woocommerce/${shopId}`, {
      method: "POST",
      headers: { ...delivery.headers, "x-wc-webhook-signature": "AAAA" },
      body: body.replace("79.00", "1.00"),
    });
    expect(forged.status).toBe(401);
    expect((await forged.json()).error).toMatchObject({ code: "invalid_signature", field: "x-wc-webhook-signature" });
    expect(hook.status).toBe("active");
  });

  it("trashing removes the product from what the chat knows", async () => {
    store.update(10, { status: "trash" });
    await store.deliver("product.updated", 10);
    await store.deliver("product.deleted", 10);
    await allDeliveriesProcessed(shopId);
    expect((await productRows(app.context, shopId)).map((row) => row.id)).toEqual(["11", "20"]);
    const answer = await askPrice(publicKey, "How much is the Trail Runner 2 shoe?");
    expect(answer.sources.map((source) => source.id)).not.toContain("10");
  });

  it("a permanent delete sends nothing; POST /resync (202) reconciles it away and re-enables a disabled webhook", async () => {
    store.forceDelete(11);
    const disabled = [...store.webhooks.values()][0];
    disabled.status = "disabled";
    const response = await fetch(`${app.url}/api/woocommerce/resync`, { method: "POST", headers: bearer(pluginToken) });
    expect(response.status).toBe(202);
    const { jobId } = await response.json();
    const job = await finishedJob(shopId, jobId);
    expect(job).toMatchObject({ kind: "woocommerce-reconcile", state: "succeeded", errorCount: 0, result: { removed: 1 } });
    expect((await productRows(app.context, shopId)).map((row) => row.id)).toEqual(["20"]);
    expect(disabled.status).toBe("active");
    // What the plugin's status shows after "Resync now": when, and how many products the assistant knows.
    expect((await status(pluginToken)).sync).toMatchObject({ state: "done", products: 1, lastReconciledAt: expect.any(String), error: null });
  });

  it("every connected store is also reconciled daily, scheduled on the job queue", async () => {
    expect(await app.context.jobs.schedules()).toContainEqual({ name: "palompy-woocommerce-reconcile-all", cron: WOO_RECONCILE_CRON });
  });

  it("stores the plugin's appearance under the console's settings keys, served by the widget config; refuses a bad colour naming the field", async () => {
    const put = (body: unknown) => fetch(`${app.url}/api/woocommerce/appearance`, { method: "PUT", headers: { ...bearer(pluginToken), "content-type": "application/json" }, body: JSON.stringify(body) });
    // The WordPress plugin's own payload: "left"/"right" and a plain prompt list (the store's locale is ru_RU).
    const saved = await put({ greeting: "Здравствуйте!", color: "#1a73e8", position: "left", quickPrompts: ["Где мой заказ?"] });
    expect(saved.status).toBe(200);
    expect((await saved.json()).appearance).toEqual({ greeting: { ru: "Здравствуйте!" }, color: "#1a73e8", position: "bottom-left", quickPrompts: { ru: ["Где мой заказ?"] } });
    const config = async () => (await fetch(`${app.url}/api/widget/config?shopPublicKey=${publicKey}`)).json();
    expect(await config()).toMatchObject({ greeting: { ru: "Здравствуйте!" }, color: "#1a73e8", position: "bottom-left", quickPrompts: { ru: ["Где мой заказ?"] } });
    // The console's names are accepted too; fields left out keep their values.
    expect((await put({ position: "bottom-right", quickPrompts: { en: ["Where is my order?"] } })).status).toBe(200);
    expect(await config()).toMatchObject({ greeting: { ru: "Здравствуйте!" }, position: "bottom-right", quickPrompts: { en: ["Where is my order?"] } });
    expect((await put({ position: "right" })).status).toBe(200);
    expect((await config()).position).toBe("bottom-right");
    // The site switched to English after connecting in Russian: the plugin names the language it saves in now.
    expect((await put({ quickPrompts: ["Track my parcel"], language: "en" })).status).toBe(200);
    expect((await config()).quickPrompts).toEqual({ en: ["Track my parcel"] });
    // A plain greeting is the site's language's too: the Russian one set earlier stays.
    expect((await put({ greeting: "Hello!", language: "en" })).status).toBe(200);
    expect((await config()).greeting).toEqual({ ru: "Здравствуйте!", en: "Hello!" });
    for (const [body, field] of [[{ color: "blue" }, "color"], [{ position: "top" }, "position"], [{ quickPrompts: ["Hi"], language: "de" }, "language"]] as const) {
      const bad = await put(body);
      expect(bad.status).toBe(422);
      expect((await bad.json()).error).toMatchObject({ code: "invalid_field", field });
    }
    expect((await config()).color).toBe("#1a73e8");
  });

  it("POST /console-link gives the plugin a single-use link that opens the shop's console once", async () => {
    expect((await fetch(`${app.url}/api/woocommerce/console-link`, { method: "POST" })).status).toBe(401);
    const response = await fetch(`${app.url}/api/woocommerce/console-link`, { method: "POST", headers: bearer(pluginToken) });
    expect(response.status).toBe(201);
    const link = (await response.json()) as { url: string; expiresAt: string };
    expect(link.url.startsWith(`${PUBLIC_URL}/admin/sso?token=`)).toBe(true);
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now());
    const open = () => fetch(link.url.replace(PUBLIC_URL, app.url), { redirect: "manual" });
    const first = await open();
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/admin");
    const cookie = first.headers.getSetCookie().map((header) => header.split(";")[0]).join("; ");
    const consoleHome = await fetch(`${app.url}/admin`, { headers: { cookie }, redirect: "manual" });
    expect(consoleHome.status).toBe(200);
    expect((await open()).status).toBe(410);
  });

  it("the plugin's endpoints need its token; another store's token sees only its own shop", async () => {
    expect((await fetch(`${app.url}/api/woocommerce/status`)).status).toBe(401);
    expect((await fetch(`${app.url}/api/woocommerce/status`, { headers: bearer("pt_forged") })).status).toBe(401);
    const otherSite = `${store.siteUrl}/other`;
    const other = await (await postJson(`${app.url}/api/woocommerce/connect`, connectBody(otherSite))).json();
    expect(other.shopId).not.toBe(shopId);
    expect((await status(other.pluginToken)).shopId).toBe(other.shopId);
    // Its token cannot delete or resync this shop: the token names the shop.
    const deleted = await fetch(`${app.url}/api/woocommerce/shop`, { method: "DELETE", headers: bearer(other.pluginToken) });
    expect(await deleted.json()).toMatchObject({ deleted: true, webhooksDeleted: 0 });
    expect(await app.context.db.prisma.shop.findUnique({ where: { id: shopId } })).not.toBeNull();
    expect((await productRows(app.context, shopId)).map((row) => row.id)).toEqual(["20"]);
  });

  it("DELETE /shop removes the store's webhooks, then every piece of the shop's data", async () => {
    const response = await fetch(`${app.url}/api/woocommerce/shop`, { method: "DELETE", headers: bearer(pluginToken) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ deleted: true, webhooksDeleted: 4 });
    expect(store.webhooks.size).toBe(0);
    const prisma = app.context.db.prisma;
    expect(await prisma.shop.findUnique({ where: { id: shopId } })).toBeNull();
    expect(await prisma.wooConnection.count({ where: { shopId } })).toBe(0);
    expect(await prisma.wooProduct.count({ where: { shopId } })).toBe(0);
    expect(await prisma.wooWebhookDelivery.count({ where: { shopId } })).toBe(0);
    expect(await productRows(app.context, shopId)).toEqual([]);
    expect((await fetch(`${app.url}/api/woocommerce/status`, { headers: bearer(pluginToken) })).status).toBe(401);
  });
});

describe("captured WooCommerce 7.8 and 9.9 deliveries, replayed byte for byte", () => {
  it("pings 200, every signed delivery verifies and applies, replays are ignored", async () => {
    const deliveries = readCaptured("webhooks-wc7.8.0-and-wc9.9.5.jsonl");
    // The 7.8 store (port 8881) first: its products as the store holds them when delivering.
    const wc78 = new FakeWooCommerce({ currency: "EUR" });
    await wc78.start();
    try {
      wc78.addProduct({ id: 10, name: "Trail Runner 2", price: "93.00" });
      wc78.addVariable({ id: 12, name: "Rain Jacket", status: "draft" }, [{ option: "M", price: "119.00" }]);
      const connect = await (await postJson(`${app.url}/api/woocommerce/connect`, connectBody(wc78.siteUrl))).json();
      const key = wc78.createKey("read_write");
      const callback = await postJson(`${app.url}/api/woocommerce/auth-callback`, {
        key_id: key.keyId,
        user_id: connect.shopId,
        consumer_key: key.consumerKey,
        consumer_secret: key.consumerSecret,
        key_permissions: "read_write",
      });
      expect(callback.status).toBe(200);
      await waitFor(async () => (await status(connect.pluginToken)).sync.state === "done", "the 7.8 store's sync");
      await useCapturedSecret(app.context, connect.shopId);
      expect((await productRows(app.context, connect.shopId)).map((row) => [row.id, row.price])).toEqual([["10", "93.00"]]);

      const replay = (delivery: (typeof deliveries)[number]) =>
        fetch(`${app.url}/webhooks/woocommerce/${connect.shopId}`, {
          method: "POST",
          headers: Object.fromEntries(Object.entries(delivery.headers).filter(([name]) => !["host", "content-length", "connection"].includes(name))),
          body: Buffer.from(delivery.body, "utf8"),
        });
      const from78 = deliveries.filter((delivery) => delivery.headers["user-agent"].startsWith("WooCommerce/7.8.0"));
      for (const delivery of from78) {
        const response = await replay(delivery);
        expect(response.status, delivery.body.slice(0, 60)).toBe(200);
        const body = await response.json();
        expect(body, delivery.body.slice(0, 60)).toEqual(delivery.signature_ok === null ? { ok: true, ping: true } : { ok: true });
      }
      await allDeliveriesProcessed(connect.shopId);
      // 12 drafted (and its variation's parent re-read as draft), 15 trashed then deleted, the error
      // object ignored, and 10 updated to 88.00 although it shares its delivery id with variation 13.
      expect((await productRows(app.context, connect.shopId)).map((row) => [row.id, row.price])).toEqual([["10", "88.00"]]);
      const outcomes = await app.context.db.prisma.wooWebhookDelivery.findMany({ where: { shopId: connect.shopId }, orderBy: { receivedAt: "asc" } });
      expect(outcomes.map((row) => row.error)).toEqual([null, null, null, null, "ignored: not a product", null]);

      for (const delivery of from78.filter((entry) => entry.signature_ok)) {
        expect(await (await replay(delivery)).json()).toEqual({ ok: true, duplicate: true });
      }
      const tampered = { ...from78[from78.length - 1], body: from78[from78.length - 1].body.replace("88.00", "8.00") };
      expect((await replay(tampered)).status).toBe(401);
    } finally {
      await wc78.close();
    }
  });

  it("the 9.9 store's captured update verifies too, and a size-limited body is refused", async () => {
    const [captured] = readCaptured("webhooks.jsonl");
    const wc99 = new FakeWooCommerce({ currency: "EUR" });
    await wc99.start();
    try {
      const connect = await (await postJson(`${app.url}/api/woocommerce/connect`, connectBody(wc99.siteUrl))).json();
      await useCapturedSecret(app.context, connect.shopId);
      const headers = Object.fromEntries(Object.entries(captured.headers).filter(([name]) => !["host", "content-length", "connection"].includes(name)));
      const response = await fetch(`${app.url}/webhooks/woocommerce/${connect.shopId}`, { method: "POST", headers, body: captured.body });
      expect(await response.json()).toEqual({ ok: true });
      await allDeliveriesProcessed(connect.shopId);
      expect((await productRows(app.context, connect.shopId)).map((row) => [row.id, row.title, row.price])).toEqual([["11", "Trail Runner 2", "93.00"]]);
      const huge = await fetch(`${app.url}/webhooks/woocommerce/${connect.shopId}`, { method: "POST", headers, body: "x".repeat(3 * 1024 * 1024) });
      expect(huge.status).toBe(413);
      expect((await fetch(`${app.url}/webhooks/woocommerce/${randomUUID()}`, { method: "POST", headers, body: captured.body })).status).toBe(404);
    } finally {
      await wc99.close();
    }
  });
});

describe("input checks and limits", () => {
  it("names the bad field, refuses an unknown callback user and rate-limits registration per address", async () => {
    const bad = await postJson(`${app.url}/api/woocommerce/connect`, { ...connectBody("https://ok.example.com"), siteUrl: "not a url" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.field).toBe("siteUrl");
    const callback = await postJson(`${app.url}/api/woocommerce/auth-callback`, { key_id: 1, user_id: randomUUID(), consumer_key: "ck_0123456789abcdef", consumer_secret: "cs_0123456789abcdef", key_permissions: "read" });
    expect(callback.status).toBe(404);
    const malformed = await postJson(`${app.url}/api/woocommerce/auth-callback`, { key_id: 1, user_id: "x", consumer_key: "nope", consumer_secret: "cs_0123456789abcdef", key_permissions: "read" });
    expect((await malformed.json()).error.field).toBe("consumer_key");
    let limited: Response | undefined;
    for (let i = 0; i <= REGISTRATIONS_PER_HOUR && !limited; i++) {
      const response = await postJson(`${app.url}/api/woocommerce/connect`, connectBody(`https://store-${i}.example.com`));
      if (response.status === 429) limited = response;
    }
    expect(limited?.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
