import type { ActionFunctionArgs } from "@remix-run/node";
import { consoleLinkResponse } from "~/http/console-link.server";
import { wooPluginRoute } from "~/http/woo-route.server";

/** POST → {url, expiresAt}: the plugin's "Open Palompy console" button; the plugin token names the shop. */
export function action(args: ActionFunctionArgs) {
  return wooPluginRoute(args, ["POST"], async (app, connection) => consoleLinkResponse(app, args.request, connection.shopId));
}

export const loader = action;
