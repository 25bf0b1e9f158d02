import type { ActionFunctionArgs } from "@remix-run/node";
import { getAppContext } from "~/context.server";
import { readValidatedJson } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { clientIpOf } from "~/http/load-context";
import { withPublicCors } from "~/http/public-route.server";
import { enforceRateLimits } from "~/http/rate-limit.server";
import { MAX_ORDER_BYTES } from "~/revenue/order-input";
import { pixelOrderInputSchema } from "~/revenue/pixel-order-input";
import { recordPixelOrder, UnknownWidgetSession } from "~/revenue/pixel-orders.server";
import { findShopByPublicKey } from "~/shops/shops.server";

/** What the route guard (app/http/route-guard.ts) lets through; other methods get 405 with Allow. */
export const allowedMethods = ["POST"];

/**
 * POST /api/pixel/orders — a completed checkout from Palompy's Shopify web pixel
 * (extensions/palompy-pixel), unsigned: the pixel runs in the shopper's browser and holds no
 * secret. Accepted only for a session the widget opened on the shop (app/revenue/pixel-orders.server.ts),
 * rate-limited per address before the body is read and per shop after. CORS stays `*` even for a
 * shop with an origin allowlist: the pixel calls from Shopify's sandbox, not the storefront's origin.
 * 201 the first time, 200 for a repeat.
 */
export async function action(args: ActionFunctionArgs) {
  return withPublicCors(args.request, async () => {
    const app = await getAppContext();
    const { rateLimits } = app.config;
    await enforceRateLimits(app.db.prisma, [{ key: `public:ip:${clientIpOf(args.context)}`, limit: rateLimits.publicPerIp, windowMs: rateLimits.windowMs }]);
    const input = await readValidatedJson(args.request, pixelOrderInputSchema, MAX_ORDER_BYTES);
    const shop = await findShopByPublicKey(app.db.prisma, input.shopPublicKey);
    if (!shop) throw new HttpError(404, "shop_not_found", "No shop with this public key.", "shopPublicKey");
    if (shop.status !== "active") throw new HttpError(410, "shop_uninstalled", "This shop has uninstalled the assistant.", "shopPublicKey");
    await enforceRateLimits(app.db.prisma, [{ key: `pixel:shop:${shop.id}`, limit: rateLimits.pixelOrdersPerShop, windowMs: rateLimits.windowMs }]);
    try {
      const { created, ...order } = await recordPixelOrder(app.db.prisma, shop, input);
      return jsonResponse({ order }, { status: created ? 201 : 200 });
    } catch (error) {
      if (error instanceof UnknownWidgetSession) {
        throw new HttpError(422, "unknown_session", "This session never loaded the assistant on this shop, so its order cannot be attributed.", "sessionId");
      }
      throw error;
    }
  });
}
