import { getAppContext } from "~/context.server";
import { requireShopifyOf, shopifyOf, type ShopifyApp } from "~/shopify.server";

export type { ShopifyApp } from "~/shopify.server";

/** The process's Shopify app (app/shopify.server.ts), for routes: undefined when Shopify is not configured. */
export async function getShopify(): Promise<ShopifyApp | undefined> {
  return shopifyOf(await getAppContext());
}

export async function requireShopify(): Promise<ShopifyApp> {
  return requireShopifyOf(await getAppContext());
}

/** Embedded admin pages need Shopify's frame headers; outside Shopify mode there is nothing to add. */
export async function addDocumentResponseHeaders(request: Request, headers: Headers): Promise<void> {
  const app = await getShopify().catch(() => undefined);
  app?.addDocumentResponseHeaders(request, headers);
}
