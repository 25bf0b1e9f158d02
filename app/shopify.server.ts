import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { AppContext } from "~/app-context";
import { HttpError } from "~/http/errors";
import { remixAdminGraphql, type AdminGraphql } from "./shopify/admin-client";
import { dispatchShopifyJob } from "./shopify/dispatch.server";
import { installShopifyShop } from "./shopify/install.server";

/**
 * The one place Shopify is configured. Palompy also runs with no Shopify credentials (standalone
 * and demo mode), so the Shopify app is created on first use and only when SHOPIFY_API_KEY and
 * SHOPIFY_API_SECRET are set; every Shopify route asks for it through requireShopify()
 * (app/http/shopify-route.server.ts), background jobs through the AppContext's shopifyAdmin.
 */
async function createShopify(app: AppContext) {
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

const shopifyApps = new WeakMap<AppContext, Promise<ShopifyApp | undefined>>();

/** The app's Shopify instance, created on its first use (undefined when Shopify is not configured). */
export function shopifyOf(app: AppContext): Promise<ShopifyApp | undefined> {
  let shopify = shopifyApps.get(app);
  if (!shopify) {
    shopify = createShopify(app);
    shopifyApps.set(app, shopify);
  }
  return shopify;
}

export async function requireShopifyOf(app: AppContext): Promise<ShopifyApp> {
  const shopify = await shopifyOf(app);
  if (!shopify) {
    throw new HttpError(404, "shopify_not_configured", "Shopify is not configured: set SHOPIFY_API_KEY and SHOPIFY_API_SECRET.");
  }
  return shopify;
}

/** Background jobs reach a shop's Admin API with its offline session (no request at hand). */
export async function adminGraphqlForShop(app: AppContext, shopDomain: string): Promise<AdminGraphql> {
  const shopify = await requireShopifyOf(app);
  const { admin } = await shopify.unauthenticated.admin(shopDomain);
  return remixAdminGraphql(admin.graphql);
}
