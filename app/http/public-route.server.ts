import { AsyncLocalStorage } from "node:async_hooks";
import type { AppLoadContext } from "@remix-run/node";
import { getAppContext, type AppContext } from "~/context.server";
import { readShopSettings } from "~/shops/settings";
import { PUBLIC_CORS_HEADERS } from "./cors";
import { HttpError, handleErrors } from "./errors";
import { clientIpOf } from "./load-context";
import { consumeRateLimitsForSubject, enforceRateLimits, rateLimitedError, type RateLimitRule } from "./rate-limit.server";
import { Prisma } from "~/generated/prisma/client";
import { shopByPublicKeySql, shopWithOriginsOf } from "~/shops/shops.server";
import { isUuid } from "~/uuid";
import type { ShopCounting, WidgetEndpoint } from "~/widget-api/call";

/** The CORS answer of the current public request, narrowed once its shop is known. */
interface CorsScope {
  request: Request;
  headers: Record<string, string>;
}
const corsScope = new AsyncLocalStorage<CorsScope>();

/**
 * Runs a public endpoint with CORS headers on every answer, errors included, so a storefront
 * script can read them. They start as `*`; the shop's lookup (requireShopByPublicKey) narrows them to the shop's
 * allowlist (settings.allowedOrigins) when it has one.
 */
export function withPublicCors(request: Request, run: () => Promise<Response>): Promise<Response> {
  const scope: CorsScope = { request, headers: { ...PUBLIC_CORS_HEADERS } };
  return corsScope.run(scope, async () => {
    const response = await handleErrors(run, scope.headers);
    // handleErrors built error responses before a later narrowing; re-apply the final headers.
    for (const [name, value] of Object.entries(scope.headers)) response.headers.set(name, value);
    return response;
  });
}

/** The per-address rule of a widget endpoint, counted before its body is read so floods stay cheap. */
export function addressRule(app: AppContext, endpoint: WidgetEndpoint, address: string) {
  const { rateLimits } = app.config;
  return endpoint.addressLimit === "chat"
    ? { key: `chat:ip:${address}`, limit: rateLimits.chatPerIp, windowMs: rateLimits.windowMs }
    : { key: `public:ip:${address}`, limit: rateLimits.publicPerIp, windowMs: rateLimits.windowMs };
}

/**
 * A widget endpoint called directly (any platform): the shop is the one whose public key the client
 * sends. The address's counter is taken in the shop lookup's statement (one round trip, not two, on
 * every call); a call that never looks its shop up (a body refused first) counts it on its way out,
 * and a refused address is answered 429 whatever the endpoint said.
 */
export function directWidgetRoute(args: { request: Request; context: AppLoadContext; params: Record<string, string | undefined> }, endpoint: WidgetEndpoint): Promise<Response> {
  return withPublicCors(args.request, async () => {
    const app = await getAppContext();
    const address = addressRule(app, endpoint, clientIpOf(args.context));
    let addressCounted = false;
    const lookUp = (publicKey: string | null | undefined, counting: ShopCounting) => {
      addressCounted = true;
      return requireShopByPublicKey(app, publicKey, address, counting);
    };
    const countAddressIfNot = async () => {
      if (!addressCounted) await enforceRateLimits(app.db.prisma, [address]);
    };
    let response: Response;
    try {
      response = await endpoint.handle({
        app,
        request: args.request,
        params: args.params,
        resolveShop: async (publicKey) => (await lookUp(publicKey, NOTHING_COUNTED)).shop,
        resolveShopCounting: lookUp,
        canStream: true,
      });
    } catch (error) {
      await countAddressIfNot();
      throw error;
    }
    await countAddressIfNot();
    return response;
  });
}

const NOTHING_COUNTED: ShopCounting = { rules: [] };

/**
 * The shop of a public key, with the caller's address counted first and the shop's own rules after
 * it (`counting`), in one statement. An unknown or malformed key is the same 404: the caller learns
 * nothing about which shops exist. A browser request from an origin outside the shop's allowlist is
 * refused with 403.
 */
async function requireShopByPublicKey(app: AppContext, publicKey: string | null | undefined, address: RateLimitRule, counting: ShopCounting) {
  const { prisma } = app.db;
  if (!publicKey || !isUuid(publicKey)) {
    await enforceRateLimits(prisma, [address]);
    throw new HttpError(404, "shop_not_found", "No shop with this public key.", "shopPublicKey");
  }
  // An uninstalled Shopify app keeps its data until shop/redact but serves no shopper: its counters do not move.
  const subject = { select: shopByPublicKeySql(publicKey), countsWhen: Prisma.sql`subject.status = 'active'` };
  const counted = await consumeRateLimitsForSubject(prisma, [address], subject, counting.rules, counting.column);
  if (!counted.verdict.allowed && counted.verdict.key === address.key) throw rateLimitedError(counted.verdict);
  if (!counted.subject) throw new HttpError(404, "shop_not_found", "No shop with this public key.", "shopPublicKey");
  const shop = shopWithOriginsOf(counted.subject);
  if (shop.status !== "active") throw new HttpError(410, "shop_uninstalled", "This shop has uninstalled the assistant.", "shopPublicKey");
  const scope = corsScope.getStore();
  if (scope) narrowCorsToShop(scope, readShopSettings(shop.settings).allowedOrigins ?? []);
  if (!counted.verdict.allowed) throw rateLimitedError(counted.verdict);
  return { shop, alongside: counted.alongside };
}

function narrowCorsToShop(scope: CorsScope, allowedOrigins: string[]): void {
  if (allowedOrigins.length === 0) return;
  scope.headers.vary = "Origin";
  const origin = scope.request.headers.get("origin");
  // No Origin header: not a cross-origin browser call (a server, curl, a same-origin page); CORS does not apply.
  if (!origin) return;
  if (!allowedOrigins.includes(origin)) {
    scope.headers["access-control-allow-origin"] = allowedOrigins[0];
    throw new HttpError(403, "origin_not_allowed", `This shop's widget API does not accept calls from ${origin}.`, "origin");
  }
  scope.headers["access-control-allow-origin"] = origin;
}
