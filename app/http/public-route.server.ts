import { AsyncLocalStorage } from "node:async_hooks";
import type { AppLoadContext } from "@remix-run/node";
import { getAppContext, type AppContext } from "~/context.server";
import { readShopSettings } from "~/shops/settings";
import { PUBLIC_CORS_HEADERS } from "./cors";
import { HttpError, handleErrors } from "./errors";
import { clientIpOf } from "./load-context";
import { enforceRateLimits } from "./rate-limit.server";
import { findShopByPublicKey } from "~/shops/shops.server";

/** The CORS answer of the current public request, narrowed once its shop is known. */
interface CorsScope {
  request: Request;
  headers: Record<string, string>;
}
const corsScope = new AsyncLocalStorage<CorsScope>();

/**
 * Runs a public endpoint with CORS headers on every answer, errors included, so a storefront
 * script can read them. They start as `*`; `requireShopByPublicKey` narrows them to the shop's
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

/**
 * Every public widget endpoint (analytics, surveys): rate-limited per client address, with the CORS
 * headers on errors too. Preflights never reach Remix routes; server/http.mjs answers them.
 */
export function publicRoute(
  args: { request: Request; context: AppLoadContext },
  methods: string[],
  handler: (app: AppContext) => Promise<Response>,
): Promise<Response> {
  return withPublicCors(args.request, async () => {
    if (!methods.includes(args.request.method)) {
      throw new HttpError(405, "method_not_allowed", `Use ${methods.join(" or ")}.`, undefined, { allow: methods.join(", ") });
    }
    const app = await getAppContext();
    const { rateLimits } = app.config;
    await enforceRateLimits(app.db.prisma, [
      { key: `public:ip:${clientIpOf(args.context)}`, limit: rateLimits.publicPerIp, windowMs: rateLimits.windowMs },
    ]);
    return handler(app);
  });
}

/**
 * An unknown or malformed key is the same 404: the caller learns nothing about which shops exist.
 * A browser request from an origin outside the shop's allowlist is refused with 403.
 */
export async function requireShopByPublicKey(app: AppContext, publicKey: string | null | undefined) {
  const shop = publicKey ? await findShopByPublicKey(app.db.prisma, publicKey) : null;
  if (!shop) throw new HttpError(404, "shop_not_found", "No shop with this public key.", "shopPublicKey");
  // An uninstalled Shopify app keeps its data until shop/redact but serves no shopper.
  if (shop.status !== "active") throw new HttpError(410, "shop_uninstalled", "This shop has uninstalled the assistant.", "shopPublicKey");
  const scope = corsScope.getStore();
  if (scope) narrowCorsToShop(scope, readShopSettings(shop.settings).allowedOrigins ?? []);
  return shop;
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
