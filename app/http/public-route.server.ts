import type { AppLoadContext } from "@remix-run/node";
import { getAppContext, type AppContext } from "~/context.server";
import { PUBLIC_CORS_HEADERS } from "./cors";
import { HttpError, handleErrors } from "./errors";
import { clientIpOf } from "./load-context";
import { enforceRateLimits } from "./rate-limit.server";
import { findShopByPublicKey } from "~/shops/shops.server";


/**
 * Every public widget endpoint (analytics, surveys): rate-limited per client address, with the CORS
 * headers on errors too, so a storefront script can read them. Preflights never reach Remix
 * routes; server/http.mjs answers them.
 */
export function publicRoute(
  args: { request: Request; context: AppLoadContext },
  methods: string[],
  handler: (app: AppContext) => Promise<Response>,
): Promise<Response> {
  return handleErrors(async () => {
    if (!methods.includes(args.request.method)) {
      throw new HttpError(405, "method_not_allowed", `Use ${methods.join(" or ")}.`, undefined, { allow: methods.join(", ") });
    }
    const app = await getAppContext();
    const { rateLimits } = app.config;
    await enforceRateLimits(app.db.prisma, [
      { key: `public:ip:${clientIpOf(args.context)}`, limit: rateLimits.publicPerIp, windowMs: rateLimits.windowMs },
    ]);
    const response = await handler(app);
    for (const [name, value] of Object.entries(PUBLIC_CORS_HEADERS)) response.headers.set(name, value);
    return response;
  }, PUBLIC_CORS_HEADERS);
}

/** An unknown or malformed key is the same 404: the caller learns nothing about which shops exist. */
export async function requireShopByPublicKey(app: AppContext, publicKey: string | null | undefined) {
  const shop = publicKey ? await findShopByPublicKey(app.db.prisma, publicKey) : null;
  if (!shop) throw new HttpError(404, "shop_not_found", "No shop with this public key.", "shopPublicKey");
  // An uninstalled Shopify app keeps its data until shop/redact but serves no shopper.
  if (shop.status !== "active") throw new HttpError(410, "shop_uninstalled", "This shop has uninstalled the assistant.", "shopPublicKey");
  return shop;
}
