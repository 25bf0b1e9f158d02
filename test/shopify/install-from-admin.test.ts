// First: shopify-app-remix keeps the fetch it finds when the app build loads.
import { routeShopifyAdminTo } from "../support/shopify-admin-route";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app-server";
import { startTestApp } from "../support/app-server";
import { EMBEDDED_SCOPES } from "../support/embedded-shop";
import { MAX_QUERY_COST, startFakeAdminApi, type FakeAdminApi } from "../support/fake-shopify-admin";
import { adminLaunchQuery } from "../support/session-token";
import { fakePages, fakeShopDetails, generateCatalog } from "../support/shopify-catalog";
import { waitFor, WEBHOOK_SECRET } from "../support/shopify-webhooks";

/**
 * The install as Shopify runs it, from where Shopify starts: the admin opens the app URL with
 * `?shop&host&embedded=1&id_token=<session token>`; the app goes on to /app, exchanges the session
 * token for the offline token (token exchange against the fake Admin API), afterAuth writes the
 * embed's metafields and starts the first sync, and the embedded Home renders. No session is
 * stored beforehand, and the Admin API is the strict fake (cost limit, bucket).
 */

const DOMAIN = "fresh-install.myshopify.com";
const API_KEY = "fresh-install-api-key";
const PRODUCTS = 40;
// shopify-app-remix answers 410 to anything isbot() flags, Node's own user agent included.
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

let app: TestApp;
let fake: FakeAdminApi;

beforeAll(async () => {
  fake = await startFakeAdminApi({
    shop: fakeShopDetails(DOMAIN),
    pages: fakePages(),
    products: generateCatalog(PRODUCTS, 3),
    requiredScopes: EMBEDDED_SCOPES.split(","),
    app: { apiKey: API_KEY, apiSecret: WEBHOOK_SECRET },
  });
  // Shopify's hosts (token exchange, the Admin API of afterAuth) are the fake; the sync jobs reach it directly.
  routeShopifyAdminTo(fake.url);
  app = await startTestApp({
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: WEBHOOK_SECRET,
    SHOPIFY_APP_URL: "https://palompy.example.com",
    SCOPES: EMBEDDED_SCOPES,
    PALOMPY_SHOPIFY_ADMIN_URL: fake.endpoint,
    PALOMPY_SHOPIFY_ADMIN_TOKEN: fake.accessToken,
    PALOMPY_EMBEDDER: "local",
  });
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
});

const get = (path: string) => fetch(`${app.url}${path}`, { redirect: "manual", headers: { "user-agent": BROWSER, accept: "text/html" } });

describe("install from Shopify's admin", () => {
  it("the app URL without a shop is the landing page", async () => {
    const response = await get("/");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("An AI shopping assistant");
  });

  it("/?shop&host&embedded=1&id_token → /app → token exchange → afterAuth (metafields, first sync) → the embedded Home", async () => {
    const launch = adminLaunchQuery({ shop: DOMAIN, apiKey: API_KEY, apiSecret: WEBHOOK_SECRET });
    expect(await app.context.db.prisma.session.count()).toBe(0);

    const landing = await get(`/?${launch}`);
    expect(landing.status).toBe(302);
    const next = new URL(landing.headers.get("location")!, app.url);
    expect(next.pathname).toBe("/app");
    expect(Object.fromEntries(next.searchParams)).toEqual(Object.fromEntries(launch));

    const home = await get(`${next.pathname}${next.search}`);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain("Catalog sync");
    expect(html).toContain(`activateAppId=${API_KEY}/chat-embed`);

    // Token exchange: an expiring offline token (refresh token stored) for this shop. The page's two
    // loaders (/app and its index) authenticate in parallel, so each may exchange; afterAuth runs once.
    const exchanges = fake.tokenExchanges.length;
    expect(exchanges).toBeGreaterThanOrEqual(1);
    expect(exchanges).toBeLessThanOrEqual(2);
    expect(new Set(fake.tokenExchanges.map((exchange) => JSON.stringify(exchange)))).toEqual(
      new Set([JSON.stringify({ shop: DOMAIN, requestedTokenType: "urn:shopify:params:oauth:token-type:offline-access-token", expiring: true })]),
    );
    expect(fake.operations.filter((operation) => operation === "PalompyMetafieldsSet")).toHaveLength(1);
    const session = await app.context.db.prisma.session.findUniqueOrThrow({ where: { id: `offline_${DOMAIN}` } });
    expect(session).toMatchObject({ shop: DOMAIN, isOnline: false, accessToken: fake.accessToken, refreshToken: "shprt_fake_refresh" });

    // afterAuth: the shop, the app embed's settings as app-data metafields, the first sync.
    const shop = await app.context.db.prisma.shop.findFirstOrThrow({ where: { domain: DOMAIN } });
    expect(Object.fromEntries(fake.metafields.get("gid://shopify/AppInstallation/1")!)).toEqual({
      "palompy.public_key": { value: shop.publicKey, type: "single_line_text_field" },
      "palompy.api_base": { value: "https://palompy.example.com", type: "url" },
    });
    // afterAuth activated the web pixel that reports completed checkouts (issue 21).
    expect(fake.webPixel?.settings).toEqual({ shopPublicKey: shop.publicKey, endpoint: "https://palompy.example.com/api/pixel/orders" });
    const installation = await waitFor(async () => {
      const row = await app.context.db.prisma.shopifyInstallation.findUnique({ where: { shopId: shop.id } });
      return row?.syncStatus === "done" && row;
    }, 60_000);
    expect(installation.scopes).toBe(EMBEDDED_SCOPES);
    const products = await app.context.db.prisma.platformItemVersion.count({ where: { shopId: shop.id, sourceType: "product" } });
    expect(products).toBe(PRODUCTS);

    // Every query of the install and the sync was one Shopify runs: valid, at most 1,000 points.
    expect(fake.requests.filter((request) => request.outcome === "invalid" || request.outcome === "MAX_COST_EXCEEDED")).toEqual([]);
    expect(Math.max(...fake.requests.map((request) => request.requestedQueryCost ?? 0))).toBeLessThanOrEqual(MAX_QUERY_COST);
    expect(fake.operations).toEqual(expect.arrayContaining(["PalompyShop", "PalompyMetafieldsSet", "PalompyProductsPage", "PalompyPages"]));

    // Opened again from the admin: the stored offline token is used, no second exchange or install.
    const again = adminLaunchQuery({ shop: DOMAIN, apiKey: API_KEY, apiSecret: WEBHOOK_SECRET });
    expect((await get(`/app?${again}`)).status).toBe(200);
    expect(fake.tokenExchanges).toHaveLength(exchanges);
    expect(fake.operations.filter((operation) => operation === "PalompyMetafieldsSet")).toHaveLength(1);
  });

  it("a session token signed with another secret is refused: no token exchange, no shop", async () => {
    const forged = adminLaunchQuery({ shop: "forged-store.myshopify.com", apiKey: API_KEY, apiSecret: "not-the-app-secret" });
    const response = await get(`/app?${forged}`);
    expect(response.status).not.toBe(200);
    expect(fake.tokenExchanges.filter((exchange) => exchange.shop === "forged-store.myshopify.com")).toEqual([]);
    expect(await app.context.db.prisma.shop.count({ where: { domain: "forged-store.myshopify.com" } })).toBe(0);
  });
});
