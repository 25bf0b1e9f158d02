import type { ActionFunctionArgs } from "@remix-run/node";
import { jsonResponse } from "~/http/errors";
import { wooPluginRoute } from "~/http/woo-route.server";
import { deleteWooShop } from "~/woocommerce/plugin-api.server";

/** The plugin's uninstall: the store's webhooks, then all of the shop's data. */
export function action(args: ActionFunctionArgs) {
  return wooPluginRoute(args, ["DELETE"], async (app, connection) => jsonResponse(await deleteWooShop(app, connection)));
}

export const loader = action;
