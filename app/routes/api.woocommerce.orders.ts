import type { ActionFunctionArgs } from "@remix-run/node";
import { readValidatedJson } from "~/http/body";
import { jsonResponse } from "~/http/errors";
import { wooPluginRoute } from "~/http/woo-route.server";
import { MAX_ORDER_BYTES, orderInputSchema } from "~/revenue/order-input";
import { recordOrder } from "~/revenue/orders.server";

export const allowedMethods = ["POST"];

/**
 * The plugin reports a WooCommerce order (placed at checkout, later refunded or cancelled) for
 * attribution: the plugin token names the shop, so an order can only ever land in the store's own
 * shop. Same fields and answers as POST /api/shops/:id/orders: 201 the first time, 200 for a repeat.
 */
export function action(args: ActionFunctionArgs) {
  return wooPluginRoute(args, ["POST"], async (app, connection) => {
    const input = await readValidatedJson(args.request, orderInputSchema, MAX_ORDER_BYTES);
    const { created, ...order } = await recordOrder(app.db.prisma, connection.shop, input);
    return jsonResponse({ order }, { status: created ? 201 : 200 });
  });
}
