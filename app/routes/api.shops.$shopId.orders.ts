import type { ActionFunctionArgs } from "@remix-run/node";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { readValidatedJson } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { MAX_ORDER_BYTES, orderInputSchema } from "~/revenue/order-input";
import { recordOrder } from "~/revenue/orders.server";

/** What the route guard (app/http/route-guard.ts) lets through; other methods get 405 with Allow. */
export const allowedMethods = ["POST"];

/**
 * POST an order for attribution, from any platform: authorised with the shop's own API key (or the
 * admin token), the same fields the Shopify pixel and the WooCommerce plugin report. 201 the first
 * time, 200 for a repeat (idempotent by orderId; a repeat may change only the status).
 */
export async function action(args: ActionFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    if (args.request.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST to report an order.", undefined, { allow: "POST" });
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const input = await readValidatedJson(args.request, orderInputSchema, MAX_ORDER_BYTES);
    const recorded = await recordOrder(db.prisma, shop, input);
    const { created, ...order } = recorded;
    return jsonResponse({ order }, { status: created ? 201 : 200 });
  });
}
