import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { HttpError } from "~/http/errors";
import { outboundClient } from "~/http/outbound.server";
import { createWooClient } from "~/woocommerce/rest-client.server";
import { findConnection, credentialsOf } from "~/woocommerce/connection.server";
import { findWooOrderStatus } from "~/woocommerce/order-status.server";
import { connectSchema, connectStore } from "~/woocommerce/plugin-api.server";
import { decryptSecret, encryptSecret, secretKeyFrom } from "~/woocommerce/secrets.server";
import { isPrivateHost, parseSiteUrl } from "~/woocommerce/site-url";
import { runWooActivation, runWooInitialSync, runWooReconciliation } from "~/woocommerce/sync.server";
import { acceptWooWebhook, applyWooDeliveries, applyWooDelivery, drainWooDeliveries, signWooBody } from "~/woocommerce/webhooks.server";
import { FakeWooCommerce } from "../support/fake-woocommerce";
import { openTestApp, productRows, registerFakeStore, TEST_SECRET_KEY, useCapturedSecret } from "./support";

let app: Awaited<ReturnType<typeof openTestApp>>;
let store: FakeWooCommerce;
let other: FakeWooCommerce;

beforeAll(async () => {
  [app, store, other] = await Promise.all([openTestApp(), new FakeWooCommerce({ currency: "EUR" }).start(), new FakeWooCommerce({ currency: "USD" }).start()]);
});
afterAll(async () => {
  await Promise.all([store?.close(), other?.close()]);
  await app?.db.close();
});

describe("secrets and addresses", () => {
  it("encrypts with AES-256-GCM bound to its context; another context or key cannot open it", () => {
    const key = secretKeyFrom(TEST_SECRET_KEY);
    const sealed = encryptSecret(key, "cs_secret", "shop:a:consumer_secret");
    expect(sealed).not.toContain("cs_secret");
    expect(decryptSecret(key, sealed, "shop:a:consumer_secret")).toBe("cs_secret");
    expect(() => decryptSecret(key, sealed, "shop:b:consumer_secret")).toThrow();
    expect(() => decryptSecret(secretKeyFrom("another-key-of-at-least-32-characters!!"), sealed, "shop:a:consumer_secret")).toThrow();
  });

  it("keys a store by host and path, whatever the scheme or trailing slash", () => {
    expect(parseSiteUrl("https://Shop.Example.com/store/")).toMatchObject({ domain: "shop.example.com/store", siteUrl: "https://shop.example.com/store" });
    expect(parseSiteUrl("http://shop.example.com/store")?.domain).toBe("shop.example.com/store");
    expect(parseSiteUrl("ftp://shop.example.com")).toBeNull();
    expect(parseSiteUrl("https://user:pw@shop.example.com")).toBeNull();
    expect(isPrivateHost("127.0.0.1")).toBe(true);
    expect(isPrivateHost("10.1.2.3")).toBe(true);
    expect(isPrivateHost("shop.example.com")).toBe(false);
  });

  it("refuses PALOMPY_SECRET_KEY shorter than 32 characters", () => {
    expect(() => loadConfig({ NODE_ENV: "test", PALOMPY_SECRET_KEY: "short" })).toThrow(/PALOMPY_SECRET_KEY/);
  });
});

describe("the store's REST API over plain http", () => {
  it("accepts the library's OAuth 1.0a signature and refuses a wrong secret, Basic auth and query keys", async () => {
    const key = store.createKey("read");
    const good = createWooClient({ siteUrl: store.siteUrl, consumerKey: key.consumerKey, consumerSecret: key.consumerSecret }, outboundClient(app.config));
    await expect(good.get("products", { per_page: 1 })).resolves.toMatchObject({ totalPages: expect.any(Number) });
    const wrong = createWooClient({ siteUrl: store.siteUrl, consumerKey: key.consumerKey, consumerSecret: "cs_wrong" }, outboundClient(app.config));
    await expect(wrong.get("products")).rejects.toMatchObject({ status: 401, code: "woocommerce_rest_authentication_error" });
    const basic = await fetch(`${store.siteUrl}/wp-json/wc/v3/products`, {
      headers: { authorization: `Basic ${Buffer.from(`${key.consumerKey}:${key.consumerSecret}`).toString("base64")}` },
    });
    expect(basic.status).toBe(401);
    const query = await fetch(`${store.siteUrl}/wp-json/wc/v3/products?consumer_key=${key.consumerKey}&consumer_secret=${key.consumerSecret}`);
    expect(query.status).toBe(401);
    // A read key cannot create webhooks: why the authorize URL asks read_write.
    await expect(good.post("webhooks", { topic: "product.updated", delivery_url: "https://x.test/" })).rejects.toMatchObject({ status: 401 });
  });
});

describe("initial sync", () => {
  let shopId: string;

  beforeAll(async () => {
    store.addProduct({ id: 10, name: "Trail Runner 2", price: "93.00", sku: "SIMPLE-1", description: "<p>Light trail running shoe with a grippy sole.</p>" });
    store.addProduct({ id: 11, name: "Draft Boot", price: "70.00", status: "draft" });
    store.addProduct({ id: 12, name: "Private Boot", price: "71.00", status: "private" });
    store.addProduct({ id: 20, name: "Sale Sandal", price: "30.00", regular_price: "40.00", sale_price: "30.00", on_sale: true, stock_status: "outofstock" });
    const sizes = Array.from({ length: 12 }, (_, i) => ({ option: `EU${36 + i}`, price: `${100 + i}.00`, stock_status: (i === 3 ? "outofstock" : "instock") as "instock" | "outofstock" }));
    store.addVariable({ id: 30, name: "Rain Jacket", sku: "VAR-1", description: "<p>Waterproof jacket.</p>" }, sizes);
    store.pages.push(
      { id: 2, slug: "refund_returns", link: `${store.siteUrl}/refund_returns/`, title: { rendered: "Refund and Returns Policy" }, content: { rendered: "<p>Returns within 30 days.</p>" } },
      { id: 3, slug: "privacy-policy", link: `${store.siteUrl}/privacy-policy/`, title: { rendered: "Privacy Policy" }, content: { rendered: "<p>We keep your data safe.</p>" } },
      { id: 4, slug: "shipping", link: `${store.siteUrl}/shipping/`, title: { rendered: "Shipping &amp; Delivery" }, content: { rendered: "<p>We ship in 2 days.</p>" } },
      { id: 5, slug: "about-us", link: `${store.siteUrl}/about-us/`, title: { rendered: "About us" }, content: { rendered: "<p>A family shop.</p>" } },
    );
    ({ shop: { id: shopId } } = await registerFakeStore(app, store));
  });

  it("activates the keys, creates the four webhooks and pulls published products, variations, currency and policy pages", async () => {
    const progress: Array<{ done?: number; total?: number }> = [];
    const result = await runWooActivation(app, { shopId }, async (update) => void progress.push(update));
    expect(result).toMatchObject({ activated: true, webhooks: { created: 4, reactivated: 0 }, sync: { products: 3, policies: 3, skipped: 0 } });
    expect([...store.webhooks.values()].map((hook) => [hook.topic, hook.delivery_url, hook.status])).toEqual(
      ["product.created", "product.updated", "product.deleted", "product.restored"].map((topic) => [topic, `https://palompy.test/webhooks/woocommerce/${shopId}`, "active"]),
    );
    expect(progress.at(-1)).toEqual({ done: 3 });
    expect(progress).toContainEqual({ total: 3, done: 0 });

    const rows = await productRows(app, shopId);
    expect(rows.map((row) => row.id)).toEqual(["10", "20", "30"]);
    expect(rows.every((row) => row.currency === "EUR")).toBe(true);
    const jacket = rows.find((row) => row.id === "30")!;
    // 12 variations: more than WooCommerce's default page of 10.
    for (let i = 0; i < 12; i++) expect(jacket.text).toContain(`EU${36 + i}`);
    expect(jacket.text).toMatch(/EU39 — SKU: VAR-1-EU39 — 103\.00 € — out of stock/);
    const sandal = rows.find((row) => row.id === "20")!;
    expect(sandal.price).toBe("30.00");
    expect(sandal.text).toContain("Out of stock");
    expect(sandal.text).toContain("On sale: 30.00 EUR instead of 40.00 EUR");

    const policies = await app.db.prisma.$queryRaw<Array<{ title: string }>>`
      SELECT DISTINCT title FROM knowledge_chunks WHERE shop_id = ${shopId}::uuid AND source_type = 'policy' ORDER BY title`;
    expect(policies.map((row) => row.title)).toEqual(["Privacy Policy", "Refund and Returns Policy", "Shipping & Delivery"]);

    const connection = (await findConnection(app, shopId))!;
    expect(connection).toMatchObject({ syncState: "done", syncDone: 3, syncTotal: 3, currency: "EUR", syncError: null, pendingKeysEnc: null });
    expect(connection.lastSyncAt).toBeInstanceOf(Date);
    // Stored encrypted only.
    const raw = JSON.stringify(connection);
    expect(raw).not.toContain(credentialsOf(app, connection).consumerSecret);
    expect(raw).not.toContain(credentialsOf(app, connection).consumerKey);
  });

  it("a second sync costs no embedding call and asks only published products, 100 per page", async () => {
    const before = app.embedder.calls;
    store.requests.length = 0;
    await runWooInitialSync(app, { shopId }, async () => {});
    expect(app.embedder.calls).toBe(before);
    const listCalls = store.requests.filter((request) => request.path === "/wp-json/wc/v3/products");
    expect(listCalls.length).toBe(1);
  });

  it("keys that the store refuses never replace working ones", async () => {
    const working = credentialsOf(app, (await findConnection(app, shopId))!);
    const { storePendingKeys } = await import("~/woocommerce/connection.server");
    await storePendingKeys(app, shopId, { consumerKey: "ck_forged0000000000", consumerSecret: "cs_forged0000000000" });
    await expect(runWooActivation(app, { shopId })).rejects.toThrow(/refused the new API keys/);
    const after = (await findConnection(app, shopId))!;
    expect(credentialsOf(app, after)).toEqual(working);
    expect(after.pendingKeysEnc).toBeNull();
    expect(after.syncError).toMatch(/refused/);
  });

  describe("webhook deliveries (the eight behaviours)", () => {
    const deliver = async (topic: string, payload: unknown, deliveryId = "d1") => {
      const body = Buffer.from(JSON.stringify(payload).replace(/\//g, "\\/"));
      const headers = new Headers({ "x-wc-webhook-topic": topic, "x-wc-webhook-delivery-id": deliveryId, "x-wc-webhook-signature": signWooBody(body, "palompy-test-secret") });
      const accepted = await acceptWooWebhook(app, shopId, headers, body);
      await drainWooDeliveries(app, shopId);
      return accepted.body;
    };

    beforeAll(() => useCapturedSecret(app, shopId));

    it("answers the unsigned ping and refuses an unsigned or wrongly signed delivery", async () => {
      const ping = await acceptWooWebhook(app, shopId, new Headers({ "content-type": "application/x-www-form-urlencoded" }), Buffer.from("webhook_id=3"));
      expect(ping.body).toEqual({ ok: true, ping: true });
      const unsigned = acceptWooWebhook(app, shopId, new Headers({ "x-wc-webhook-topic": "product.updated" }), Buffer.from("{}"));
      await expect(unsigned).rejects.toMatchObject({ status: 401 });
      const forged = acceptWooWebhook(app, shopId, new Headers({ "x-wc-webhook-topic": "product.updated", "x-wc-webhook-signature": signWooBody("{}", "other") }), Buffer.from("{}"));
      await expect(forged).rejects.toBeInstanceOf(HttpError);
    });

    it("applies a price change, ignores its replay, and still applies another body under the same delivery id", async () => {
      const product = store.update(10, { price: "79.00", regular_price: "79.00" });
      expect(await deliver("product.updated", store.productJson(product), "same-second")).toEqual({ ok: true });
      expect(await deliver("product.updated", store.productJson(product), "same-second")).toEqual({ ok: true, duplicate: true });
      const sandal = store.update(20, { stock_status: "instock" });
      expect(await deliver("product.updated", store.productJson(sandal), "same-second")).toEqual({ ok: true });
      const rows = await productRows(app, shopId);
      expect(rows.find((row) => row.id === "10")?.price).toBe("79.00");
      expect(rows.find((row) => row.id === "20")?.text).toContain("In stock");
    });

    it("a variation update refreshes its parent's variants from the store", async () => {
      const jacket = store.products.get(30)!;
      const variation = store.update(jacket.variations[0], { price: "55.00", regular_price: "55.00" });
      await deliver("product.updated", store.productJson(variation));
      expect((await productRows(app, shopId)).find((row) => row.id === "30")?.text).toContain("EU36 — SKU: VAR-1-EU36 — 55.00 €");
    });

    it("draft, private and trash remove the product; the error object of a deleted product is acknowledged and ignored", async () => {
      await deliver("product.updated", store.productJson(store.update(20, { status: "draft" })));
      expect((await productRows(app, shopId)).map((row) => row.id)).not.toContain("20");
      store.update(20, { status: "publish" });
      await deliver("product.updated", store.productJson(store.products.get(20)!));
      expect((await productRows(app, shopId)).map((row) => row.id)).toContain("20");
      await deliver("product.updated", store.productJson(store.update(20, { status: "private" })));
      expect((await productRows(app, shopId)).map((row) => row.id)).not.toContain("20");
      await deliver("product.created", store.productJson(store.addProduct({ id: 40, name: "Temp Hat", price: "15.00", status: "trash" })));
      expect((await productRows(app, shopId)).map((row) => row.id)).not.toContain("40");
      const error = { code: "woocommerce_rest_product_invalid_id", message: "Invalid ID.", data: { status: 404 } };
      expect(await deliver("product.created", error)).toEqual({ ok: true });
      expect(await applyWooDelivery(app, shopId, "product.created", error)).toBe("ignored: not a product");
    });

    it("a burst is applied at once: the last word on a product wins and all upserts cost one embedding call", async () => {
      const burst = [
        { topic: "product.created", payload: store.productJson(store.addProduct({ id: 50, name: "Burst Cap", price: "9.00" })) },
        { topic: "product.created", payload: store.productJson(store.addProduct({ id: 51, name: "Burst Scarf", price: "19.00" })) },
        { topic: "product.created", payload: store.productJson(store.addProduct({ id: 52, name: "Burst Gloves", price: "29.00" })) },
        { topic: "product.updated", payload: store.productJson(store.update(51, { status: "trash" })) },
        { topic: "product.updated", payload: store.productJson(store.update(50, { price: "8.00", regular_price: "8.00" })) },
      ];
      const calls = app.embedder.calls;
      expect(await applyWooDeliveries(app, shopId, burst)).toEqual([null, null, null, null, null]);
      expect(app.embedder.calls - calls).toBe(1);
      const rows = await productRows(app, shopId);
      expect(rows.find((row) => row.id === "50")?.price).toBe("8.00");
      expect(rows.map((row) => row.id)).not.toContain("51");
      expect(rows.map((row) => row.id)).toContain("52");
      await applyWooDeliveries(app, shopId, [50, 52].map((id) => ({ topic: "product.updated", payload: store.productJson(store.update(id, { status: "draft" })) })));
    });

    it("product.deleted ({id}) removes; an out-of-order older update does not bring back an old price", async () => {
      const old = store.productJson(store.products.get(10)!);
      await deliver("product.updated", store.productJson(store.update(10, { price: "77.00", regular_price: "77.00" })));
      expect(await applyWooDelivery(app, shopId, "product.updated", old)).toBe("ignored: older than what we hold");
      expect((await productRows(app, shopId)).find((row) => row.id === "10")?.price).toBe("77.00");
      await deliver("product.deleted", { id: 10 });
      expect((await productRows(app, shopId)).map((row) => row.id)).not.toContain("10");
    });
  });

  describe("reconciliation", () => {
    it("removes force-deleted products, re-pulls changed ones and re-enables or recreates webhooks", async () => {
      store.update(10, { status: "publish", price: "90.00", regular_price: "90.00" });
      store.forceDelete(30);
      const hooks = [...store.webhooks.values()];
      hooks[0].status = "disabled";
      store.webhooks.delete(hooks[1].id);
      const result = await runWooReconciliation(app, { shopId });
      expect(result).toMatchObject({ removed: 1, webhooks: { created: 1, reactivated: 1 } });
      expect(result.updated).toBeGreaterThanOrEqual(1);
      const rows = await productRows(app, shopId);
      expect(rows.map((row) => row.id)).toEqual(["10"]);
      expect(rows[0].price).toBe("90.00");
      expect([...store.webhooks.values()].filter((hook) => hook.status === "active")).toHaveLength(4);
      expect((await findConnection(app, shopId))!.lastReconciledAt).toBeInstanceOf(Date);
    });

    it("never touches another shop's knowledge (tenant isolation)", async () => {
      other.addProduct({ id: 10, name: "Other shop's shoe", price: "5.00" });
      const { shop } = await registerFakeStore(app, other, "Other store");
      await runWooActivation(app, { shopId: shop.id });
      await runWooReconciliation(app, { shopId });
      await runWooInitialSync(app, { shopId });
      expect((await productRows(app, shop.id)).map((row) => [row.id, row.title, row.currency])).toEqual([["10", "Other shop's shoe", "USD"]]);
      expect((await productRows(app, shopId)).map((row) => row.title)).not.toContain("Other shop's shoe");
      // A delivery signed with this shop's secret is refused for the other shop.
      const body = Buffer.from(JSON.stringify({ id: 10, name: "x", status: "trash" }));
      const headers = new Headers({ "x-wc-webhook-topic": "product.updated", "x-wc-webhook-signature": signWooBody(body, "palompy-test-secret") });
      await expect(acceptWooWebhook(app, shop.id, headers, body)).rejects.toMatchObject({ status: 401 });
      expect(await productRows(app, shop.id)).toHaveLength(1);
    });
  });
});

describe("registration", () => {
  const input = (siteUrl: string, extra: Record<string, unknown> = {}) =>
    connectSchema.parse({ siteUrl, storeName: "Reg store", pluginVersion: "1.0.0", returnUrl: `${siteUrl}/wp-admin/admin.php?page=palompy`, ...extra });

  it("reuses the shop only for the token holder; another registration of an unproven store is never refused", async () => {
    const first = await connectStore(app, input("https://reg.example.com/shop"), null);
    expect(first.authorizeUrl).toBe(
      `https://reg.example.com/shop/wc-auth/v1/authorize?app_name=Palompy&scope=read_write&user_id=${first.shopId}` +
        `&return_url=${encodeURIComponent("https://reg.example.com/shop/wp-admin/admin.php?page=palompy")}` +
        `&callback_url=${encodeURIComponent("https://palompy.test/api/woocommerce/auth-callback")}`,
    );
    expect(first).toMatchObject({ proven: false, takeover: false });
    const again = await connectStore(app, input("http://reg.example.com/shop"), first.pluginToken);
    expect(again).toMatchObject({ shopId: first.shopId, publicKey: first.publicKey, pluginToken: first.pluginToken });
    // Until the store accepts keys through a registration, it owns nothing: others are not blocked.
    const other = await connectStore(app, input("https://reg.example.com/shop"), null);
    expect(other.shopId).not.toBe(first.shopId);
    const shop = await app.db.prisma.shop.findUniqueOrThrow({ where: { id: first.shopId } });
    expect(shop).toMatchObject({ platform: "woocommerce", domain: null });
    const connection = await app.db.prisma.wooConnection.findUniqueOrThrow({ where: { shopId: first.shopId } });
    expect(JSON.stringify(connection)).not.toContain(first.pluginToken);
  });

  it("a return URL on another host, a private address or closed registration are refused", async () => {
    expect(connectSchema.safeParse({ siteUrl: "https://a.example.com", storeName: "x", pluginVersion: "1", returnUrl: "https://evil.example.net/" }).error?.issues[0].path).toEqual(["returnUrl"]);
    const strict = { ...app, config: { ...app.config, woocommerce: { ...app.config.woocommerce, allowPrivateHosts: false } } };
    await expect(connectStore(strict, input("http://192.168.1.5"), null)).rejects.toMatchObject({ status: 422, field: "siteUrl" });
    const closed = { ...app, config: { ...app.config, woocommerce: { ...app.config.woocommerce, registration: "closed" as const } } };
    await expect(connectStore(closed, input("https://closed.example.com"), null)).rejects.toMatchObject({ status: 403, code: "registration_closed" });
  });
});

describe("order status", () => {
  it("answers only when number and billing email both match, with tracking from the meta", async () => {
    store.orders.push(
      {
        id: 501,
        number: "501",
        status: "completed",
        billing: { email: "Anna@Example.com", first_name: "Anna" },
        total: "120.00",
        meta_data: [{ id: 1, key: "_wc_shipment_tracking_items", value: [{ tracking_provider: "dhl", tracking_number: "JD014600", custom_tracking_link: "" }] }],
      },
      { id: 502, number: "A-77", status: "processing", billing: { email: "bob@example.com" }, meta_data: [] },
    );
    const key = store.createKey("read");
    const client = createWooClient({ siteUrl: store.siteUrl, consumerKey: key.consumerKey, consumerSecret: key.consumerSecret }, outboundClient(app.config));
    expect(await findWooOrderStatus(client, { orderNumber: "#501", email: "anna@example.com" })).toEqual({
      found: true,
      number: "501",
      status: "completed",
      tracking: [{ number: "JD014600", carrier: "dhl", url: undefined }],
    });
    expect(await findWooOrderStatus(client, { orderNumber: "A-77", email: "bob@example.com" })).toEqual({ found: true, number: "A-77", status: "processing", tracking: [] });
    expect(await findWooOrderStatus(client, { orderNumber: "501", email: "bob@example.com" })).toEqual({ found: false });
    expect(await findWooOrderStatus(client, { orderNumber: "999", email: "anna@example.com" })).toEqual({ found: false });
  });
});

describe("only what the storefront shows reaches the answers", () => {
  let shown: FakeWooCommerce;
  let shopId: string;
  const ids = async () => (await productRows(app, shopId)).map((row) => row.id);

  beforeAll(async () => {
    shown = await new FakeWooCommerce({ currency: "RUB" }).start();
    shown.addProduct({ id: 40, name: "Everyday Mug", price: "990" });
    shown.addProduct({ id: 41, name: "Wholesale Crate", price: "45000", catalog_visibility: "hidden" });
    // The Palompy plugin adds password_protected to the store's product JSON.
    shown.addProduct({ id: 42, name: "Members Jacket", price: "12990", password_protected: true });
    shown.addProduct({ id: 43, name: "Search-only Socks", price: "490", catalog_visibility: "search" });
    shown.addProduct({ id: 44, name: "Shop-only Scarf", price: "1490", catalog_visibility: "catalog", password_protected: false });
    ({ shop: { id: shopId } } = await registerFakeStore(app, shown));
  });
  afterAll(() => shown?.close());

  it("the initial sync leaves out products hidden from the catalog and password-protected ones", async () => {
    await runWooActivation(app, { shopId });
    expect(await ids()).toEqual(["40", "43", "44"]);
  });

  it("a webhook that hides a product or puts it behind a password removes it; showing it again restores it", async () => {
    const deliver = (id: number) => applyWooDelivery(app, shopId, "product.updated", shown.productJson(shown.products.get(id)!));
    shown.update(40, { catalog_visibility: "hidden" });
    expect(await deliver(40)).toBe("applied");
    expect(await ids()).toEqual(["43", "44"]);
    shown.update(40, { catalog_visibility: "visible" });
    await deliver(40);
    expect(await ids()).toEqual(["40", "43", "44"]);
    shown.update(43, { password_protected: true });
    await deliver(43);
    expect(await ids()).toEqual(["40", "44"]);
    shown.update(41, { catalog_visibility: "catalog" });
    await deliver(41);
    expect(await ids()).toEqual(["40", "41", "44"]);
  });

  it("reconciliation removes what was hidden while no webhook came, and adds what was shown again", async () => {
    shown.update(41, { catalog_visibility: "hidden" });
    shown.update(42, { password_protected: false });
    const result = await runWooReconciliation(app, { shopId });
    expect(result).toMatchObject({ removed: 1, updated: 1 });
    expect(await ids()).toEqual(["40", "42", "44"]);
  });
});
