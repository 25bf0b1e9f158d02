import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { getAppContext } from "./context.server";
import { HttpError } from "./http/errors";
import { remixAdminGraphql, type AdminGraphql } from "./shopify/admin-client";
import { dispatchShopifyJob } from "./shopify/dispatch.server";
import { installShopifyShop } from "./shopify/install.server";

/**
 * The one place Shopify is configured. Palompy also runs with no Shopify credentials (standalone
 * and demo mode), so the Shopify app is created on first use and only when SHOPIFY_API_KEY and
 * SHOPIFY_API_SECRET are set; every Shopify route asks for it through requireShopify().
 */
async function createShopify() {
  const app = await getAppContext();
  const { config, db } = app;
  if (!config.shopify) return undefined;
  const appUrl = config.shopify.appUrl ?? config.publicUrl ?? `http://localhost:${config.port}`;
  return shopifyApp({
    apiKey: config.shopify.apiKey,
    apiSecretKey: config.shopify.apiSecret,
    apiVersion: ApiVersion.October26,
    scopes: config.shopify.scopes,
    appUrl,
    authPathPrefix: "/auth",
    sessionStorage: new PrismaSessionStorage(db.prisma),
    distribution: AppDistribution.AppStore,
    // Token exchange (Shopify-managed installation, scopes from shopify.app.toml): the embedded app
    // trades App Bridge's session token for the offline token inside the admin frame, instead of
    // redirect OAuth, which leaves the frame and depends on exact redirect_urls.
    future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
    hooks: {
      // Managed installation + token exchange: this runs when Shopify first hands us the shop's
      // offline token, i.e. on install and on every reinstall.
      afterAuth: async ({ session, admin }) => {
        await installShopifyShop(
          app,
          remixAdminGraphql(admin.graphql),
          { shopDomain: session.shop, scopes: session.scope, apiBase: config.publicUrl ?? appUrl },
          (job) => dispatchShopifyJob(app, job),
        );
      },
    },
  });
}

export type ShopifyApp = NonNullable<Awaited<ReturnType<typeof createShopify>>>;

let shopify: Promise<ShopifyApp | undefined> | undefined;

export function getShopify(): Promise<ShopifyApp | undefined> {
  shopify ??= createShopify();
  return shopify;
}

export async function requireShopify(): Promise<ShopifyApp> {
  const app = await getShopify();
  if (!app) {
    throw new HttpError(404, "shopify_not_configured", "Shopify is not configured: set SHOPIFY_API_KEY and SHOPIFY_API_SECRET.");
  }
  return app;
}

/** Background jobs reach a shop's Admin API with its offline session (no request at hand). */
export async function adminGraphqlForShop(shopDomain: string): Promise<AdminGraphql> {
  const shopify = await requireShopify();
  const { admin } = await shopify.unauthenticated.admin(shopDomain);
  return remixAdminGraphql(admin.graphql);
}

/** Embedded admin pages need Shopify's frame headers; outside Shopify mode there is nothing to add. */
export async function addDocumentResponseHeaders(request: Request, headers: Headers): Promise<void> {
  const app = await getShopify().catch(() => undefined);
  app?.addDocumentResponseHeaders(request, headers);
}
