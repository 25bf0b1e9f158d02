import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { getAppContext, type AppContext } from "~/context.server";
import { isSignedByAppProxy } from "~/shopify/app-proxy-signature.server";
import { requireShopify } from "~/http/shopify-route.server";
import { findShopifyShop } from "~/shops/shops.server";
import { Prisma, type Shop } from "~/generated/prisma/client";
import type { ShopCounting, WidgetEndpoint } from "~/widget-api/call";
import { parseWith } from "./body";
import { handleErrors, HttpError } from "./errors";
import { clientIpOf } from "./load-context";
import { addressRule } from "./public-route.server";
import { enforceRateLimits, enforceRateLimitsAlongside, subjectRuleKey } from "./rate-limit.server";

/** Shopify adds `shop` (and the signature over it) to every proxied request; only a store domain is a shop. */
const proxyQuerySchema = z.object({
  shop: z
    .string({ required_error: "is required" })
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i, "must be a *.myshopify.com domain")
    .transform((domain) => domain.toLowerCase()),
});

/**
 * A widget endpoint reached through the Shopify App Proxy (shopify.app.toml [app_proxy]:
 * https://{store}/apps/palompy/api/… → {app}/proxy/api/…). Shopify signs the query with the app
 * secret; the signed `shop` names the Palompy shop, whatever public key the body carries. The
 * storefront calls its own origin, so no CORS headers are added.
 */
export function proxyWidgetRoute(args: { request: Request; context: AppLoadContext; params: Record<string, string | undefined> }, endpoint: WidgetEndpoint): Promise<Response> {
  return handleErrors(async () => {
    await requireShopify();
    const { shop: domain } = parseWith(proxyQuerySchema, { shop: new URL(args.request.url).searchParams.get("shop") ?? undefined });
    const app = await getAppContext();
    await verifyProxySignature(app, args.request);
    const shop = await requireProxiedShop(app, domain);
    // Every proxied call comes from Shopify's servers, so the address alone would pool all stores:
    // count it per shop (session and shop limits still apply in the endpoint).
    await enforceRateLimits(app.db.prisma, [addressRule(app, endpoint, `${clientIpOf(args.context)}:${shop.id}`)]);
    return endpoint.handle({
      app,
      request: args.request,
      params: args.params,
      resolveShop: async () => shop,
      resolveShopCounting: async (_publicKey, counting) => ({ shop, alongside: await enforceShopRateLimits(app, shop, counting) }),
      // Shopify's App Proxy buffers and times out long responses, so it does not stream: the chat
      // answers JSON here, which the widget already reads when it asked for SSE.
      canStream: false,
    });
  });
}

/** Shopify's signature over the query, by the library's check; no session is loaded (see isSignedByAppProxy). */
async function verifyProxySignature(app: AppContext, request: Request): Promise<void> {
  const credentials = app.config.shopify;
  if (!credentials || !(await isSignedByAppProxy(new URL(request.url), credentials))) {
    throw new HttpError(401, "invalid_signature", "This request is not signed by Shopify's app proxy.", "signature");
  }
}

async function requireProxiedShop(app: AppContext, domain: string): Promise<Shop> {
  const shop = await findShopifyShop(app.db.prisma, domain);
  if (!shop) throw new HttpError(404, "shop_not_found", "This store has not installed the assistant.", "shop");
  // As for direct calls: an uninstalled app keeps the shop's data until shop/redact but serves no shopper.
  if (shop.status !== "active") throw new HttpError(410, "shop_uninstalled", "This shop has uninstalled the assistant.", "shop");
  return shop;
}

/** The verified shop's own limits (ShopCounting), and the read alongside them, in one statement. */
function enforceShopRateLimits(app: AppContext, shop: Shop, counting: ShopCounting): Promise<unknown> {
  const rules = counting.rules.map((rule) => ({ key: subjectRuleKey(rule, shop.id), limit: rule.limit, windowMs: rule.windowMs }));
  return enforceRateLimitsAlongside(app.db.prisma, rules, counting.column?.(Prisma.sql`${shop.id}::uuid`));
}
