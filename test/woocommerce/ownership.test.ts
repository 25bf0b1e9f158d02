import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpError } from "~/http/errors";
import { ensurePlatformShop } from "~/shops/shops.server";
import { findConnectionByToken } from "~/woocommerce/connection.server";
import { findClaimByToken, storeClaimKeys, sweepUnproven, UNPROVEN_TTL_MS } from "~/woocommerce/ownership.server";
import { acceptClaimKeys, acceptPastedKeys, connectSchema, connectStore } from "~/woocommerce/plugin-api.server";
import { parseSiteUrl } from "~/woocommerce/site-url";
import { runWooActivation, runWooClaim } from "~/woocommerce/sync.server";
import { FakeWooCommerce } from "../support/fake-woocommerce";
import { openTestApp, productRows } from "./support";

/**
 * Who owns a store URL (issue 16 items 2 and 7, issue 18 item 2): a registration owns it only once
 * the store accepts keys through it; an unproven one never blocks the real merchant and expires; a
 * store that lost its plugin token proves itself again and takes its shop over; a *.myshopify.com
 * domain is never a WooCommerce store.
 */

let app: Awaited<ReturnType<typeof openTestApp>>;
let store: FakeWooCommerce;

beforeAll(async () => {
  [app, store] = await Promise.all([openTestApp(), new FakeWooCommerce({ currency: "EUR" }).start()]);
  store.addProduct({ id: 1, name: "Glacier Parka", price: "240.00", sku: "P-1" });
});
afterAll(async () => {
  await store?.close();
  await app?.db.close();
});

const input = (siteUrl: string) =>
  connectSchema.parse({ siteUrl, storeName: "Owned store", pluginVersion: "1.0.0", returnUrl: `${new URL(siteUrl).origin}/wp-admin/admin.php?page=palompy` });

async function rejection(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe("store identity", () => {
  it("http/https, upper case, default ports and a trailing slash are one store", () => {
    const domains = ["https://Shop.Example.com/store/", "http://shop.example.com/store", "https://shop.example.com:443/store", "http://SHOP.example.com:80/store", "http://shop.example.com:443/store"].map(
      (url) => parseSiteUrl(url)?.domain,
    );
    expect(new Set(domains)).toEqual(new Set(["shop.example.com/store"]));
    expect(parseSiteUrl("https://shop.example.com:8443/store")?.domain).toBe("shop.example.com:8443/store");
  });

  it("a *.myshopify.com address is refused as a WooCommerce store (it is a Shopify store)", async () => {
    for (const url of ["https://victim.myshopify.com", "http://VICTIM.myshopify.com:443/", "https://victim.myshopify.com./shop"]) {
      const error = await rejection(connectStore(app, input(url), null));
      expect({ url, status: error.status, code: error.code, field: error.field }).toEqual({ url, status: 422, code: "shopify_store", field: "siteUrl" });
    }
    expect(await app.db.prisma.shop.count({ where: { domain: { contains: "myshopify" } } })).toBe(0);
  });

  it("every spelling of a loopback, private or metadata address is refused at registration (without the development switch)", async () => {
    const strict = { ...app, config: { ...app.config, woocommerce: { ...app.config.woocommerce, allowPrivateHosts: false } } };
    for (const url of [
      "http://[::7f00:1]:3399",
      "http://[fe90::1]",
      "http://[fec0::1]",
      "http://[64:ff9b::a9fe:a9fe]",
      "http://[::ffff:127.0.0.1]:3399",
      "http://0x7f.0.0.1:3399",
      "http://2130706433:3399",
      "http://169.254.169.254",
      "http://localhost.:3399",
      "http://shop.localhost",
    ]) {
      const error = await rejection(connectStore(strict, input(url), null));
      expect({ url, status: error.status, field: error.field }).toEqual({ url, status: 422, field: "siteUrl" });
    }
  });

  it("a Shopify install never adopts a non-Shopify shop that carries its domain", async () => {
    // A WooCommerce registration of the domain written before it was refused (or by hand).
    const squatter = await app.db.prisma.shop.create({ data: { name: "Squatter", platform: "woocommerce", domain: "victim.myshopify.com" } });
    const shop = await ensurePlatformShop(app.db.prisma, { platform: "shopify", domain: "Victim.myshopify.com" });
    expect(shop.id).not.toBe(squatter.id);
    expect(shop).toMatchObject({ platform: "shopify", domain: "victim.myshopify.com" });
    expect(await app.db.prisma.shop.findUniqueOrThrow({ where: { id: squatter.id } })).toMatchObject({ platform: "woocommerce", name: "Squatter" });
    await app.db.prisma.shop.deleteMany({ where: { id: { in: [squatter.id, shop.id] } } });
  });
});

describe("a squatted store URL", () => {
  it("never blocks the real merchant, in any spelling of the URL; only the store's keys make a registration the owner", async () => {
    const site = store.siteUrl;
    const squatter = await connectStore(app, input(site), null);
    const real = await connectStore(app, input(site.replace("http://127.0.0.1", "http://127.0.0.1").toUpperCase().replace("HTTP://", "http://")), null);
    expect(real.shopId).not.toBe(squatter.shopId);
    expect(real).toMatchObject({ proven: false, takeover: false });

    // The squatter has no keys the store accepts.
    const refused = await rejection(
      acceptPastedKeys(app, (await findConnectionByToken(app, squatter.pluginToken))!, { consumerKey: "ck_0123456789abcdef", consumerSecret: "cs_0123456789abcdef" }),
    );
    expect(refused).toMatchObject({ status: 422, code: "keys_rejected" });

    const key = store.createKey("read_write");
    await acceptPastedKeys(app, (await findConnectionByToken(app, real.pluginToken))!, { consumerKey: key.consumerKey, consumerSecret: key.consumerSecret });
    const activated = await runWooActivation(app, { shopId: real.shopId });
    expect(activated.activated).toBe(true);
    expect(await app.db.prisma.shop.findUniqueOrThrow({ where: { id: real.shopId } })).toMatchObject({ domain: parseSiteUrl(site)!.domain });
    expect(await app.db.prisma.shop.findUniqueOrThrow({ where: { id: squatter.shopId } })).toMatchObject({ domain: null });
    expect((await productRows(app, real.shopId)).length).toBeGreaterThan(0);

    // Unproven registrations expire; the proven one stays.
    await sweepUnproven(app, Date.now() + UNPROVEN_TTL_MS + 60_000);
    expect(await app.db.prisma.shop.findUnique({ where: { id: squatter.shopId } })).toBeNull();
    expect(await app.db.prisma.shop.findUnique({ where: { id: real.shopId } })).not.toBeNull();
  });
});

describe("a store that lost its plugin token (plugin deleted while the server was unreachable, database restored)", () => {
  let shopId: string;
  let oldToken: string;

  beforeAll(async () => {
    const proven = await app.db.prisma.shop.findFirstOrThrow({ where: { platform: "woocommerce", domain: parseSiteUrl(store.siteUrl)!.domain } });
    shopId = proven.id;
    await app.db.prisma.shop.update({ where: { id: shopId }, data: { settings: { greeting: "Welcome back" } } });
    oldToken = "pt_old_token_the_plugin_lost";
    const { hashToken } = await import("~/woocommerce/secrets.server");
    await app.db.prisma.wooConnection.update({ where: { shopId }, data: { pluginTokenHash: hashToken(oldToken) } });
  });

  it("reconnecting gets a claim on the shop, which can do nothing until the store accepts its keys", async () => {
    const claim = await connectStore(app, input(store.siteUrl), null);
    expect(claim).toMatchObject({ shopId, takeover: true, proven: false });
    const userId = new URL(claim.authorizeUrl).searchParams.get("user_id");
    expect(userId).not.toBe(shopId);
    // The claim token is not the shop's token yet; the old one still is.
    expect(await findConnectionByToken(app, claim.pluginToken)).toBeNull();
    expect((await findConnectionByToken(app, oldToken))?.shopId).toBe(shopId);
    const pending = (await findClaimByToken(app, claim.pluginToken))!;
    expect(pending.id).toBe(userId);

    // Keys the store refuses prove nothing.
    expect(await rejection(acceptClaimKeys(app, pending, { consumerKey: "ck_0123456789abcdef", consumerSecret: "cs_0123456789abcdef" }))).toMatchObject({
      status: 422,
      code: "keys_rejected",
    });
    expect((await findConnectionByToken(app, oldToken))?.shopId).toBe(shopId);
  });

  it("pasted keys the store accepts take the connection over: new token, old one dead, shop and data kept, webhooks repaired", async () => {
    const claim = await connectStore(app, input(store.siteUrl), null);
    const pending = (await findClaimByToken(app, claim.pluginToken))!;
    const key = store.createKey("read_write");
    await acceptClaimKeys(app, pending, { consumerKey: key.consumerKey, consumerSecret: key.consumerSecret });
    expect((await findConnectionByToken(app, claim.pluginToken))?.shopId).toBe(shopId);
    expect(await findConnectionByToken(app, oldToken)).toBeNull();
    expect(await app.db.prisma.wooClaim.count({ where: { shopId } })).toBe(0);

    const activated = await runWooActivation(app, { shopId });
    expect(activated.activated).toBe(true);
    const shop = await app.db.prisma.shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(shop.settings).toMatchObject({ greeting: "Welcome back" });
    const ours = [...store.webhooks.values()].filter((hook) => hook.delivery_url.endsWith(`/webhooks/woocommerce/${shopId}`));
    expect(ours.map((hook) => `${hook.topic}:${hook.status}`).sort()).toEqual(["product.created:active", "product.deleted:active", "product.restored:active", "product.updated:active"]);
    oldToken = claim.pluginToken;
  });

  it("WooCommerce's approval flow proves a claim too (the callback's user_id names the claim)", async () => {
    const claim = await connectStore(app, input(store.siteUrl), null);
    const claimId = new URL(claim.authorizeUrl).searchParams.get("user_id")!;
    const key = store.createKey("read_write");
    await storeClaimKeys(app, claimId, { consumerKey: key.consumerKey, consumerSecret: key.consumerSecret, keyId: key.keyId, permissions: "read_write" });
    const result = await runWooClaim(app, { shopId, claimId });
    expect(result).toMatchObject({ tookOver: true, activated: true });
    expect((await findConnectionByToken(app, claim.pluginToken))?.shopId).toBe(shopId);
    expect(await findConnectionByToken(app, oldToken)).toBeNull();
  });
});
