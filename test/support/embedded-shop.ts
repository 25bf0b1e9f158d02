import { setUpValidSession } from "@shopify/shopify-api/test-helpers";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { fetchAdminGraphql } from "~/shopify/admin-client";
import { dispatchShopifyJob } from "~/shopify/dispatch.server";
import { installShopifyShop } from "~/shopify/install.server";
import { startTestApp, type TestApp } from "./app-server";
import { startFakeAdminApi, type FakeAdminApi } from "./fake-shopify-admin";
import { fakePages, fakeShopDetails, generateCatalog } from "./shopify-catalog";
import { routeShopifyAdminTo } from "./shopify-admin-route";
import { waitFor, WEBHOOK_SECRET } from "./shopify-webhooks";

/** The required scopes of shopify.app.toml without write_app_proxy, which these tests never use. */
export const EMBEDDED_SCOPES = "read_products,read_inventory,read_online_store_pages,read_legal_policies,write_pixels,read_customer_events";

export interface EmbeddedShop {
  app: TestApp;
  fake: FakeAdminApi;
  shopId: string;
  publicKey: string;
}

/**
 * A Shopify store with the app installed and its first sync done, for tests of the embedded admin:
 * the app runs with shopify-app-remix's real authenticate.admin, the store's offline session is
 * stored, and the Admin API is the fake one on 127.0.0.1 (this module imports
 * ./shopify-admin-route, so its fetch wrapper is in place before startTestApp loads the build).
 */
export async function startEmbeddedShop(options: { domain: string; apiKey: string; products: number }): Promise<EmbeddedShop> {
  const { domain, apiKey } = options;
  const fake = await startFakeAdminApi({ shop: fakeShopDetails(domain), pages: fakePages(), products: generateCatalog(options.products, 1), requiredScopes: EMBEDDED_SCOPES.split(",") });
  routeShopifyAdminTo(fake.url);
  const app = await startTestApp({
    SHOPIFY_API_KEY: apiKey,
    SHOPIFY_API_SECRET: WEBHOOK_SECRET,
    SHOPIFY_APP_URL: "https://palompy.example.com",
    SCOPES: EMBEDDED_SCOPES,
    PALOMPY_SHOPIFY_ADMIN_URL: fake.endpoint,
    PALOMPY_SHOPIFY_ADMIN_TOKEN: fake.accessToken,
    PALOMPY_EMBEDDER: "local",
  });
  const session = setUpValidSession({ shop: domain, expires: undefined, scope: EMBEDDED_SCOPES, isOnline: false, id: `offline_${domain}`, accessToken: fake.accessToken });
  await new PrismaSessionStorage(app.context.db.prisma).storeSession(session);
  const { shopId, publicKey } = await installShopifyShop(
    app.context,
    fetchAdminGraphql(fake.endpoint, fake.accessToken),
    { shopDomain: domain, scopes: EMBEDDED_SCOPES, apiBase: app.url },
    (job) => dispatchShopifyJob(app.context, job),
  );
  await waitFor(async () => (await app.context.db.prisma.shopifyInstallation.findUnique({ where: { shopId } }))?.syncStatus === "done");
  return { app, fake, shopId, publicKey };
}
