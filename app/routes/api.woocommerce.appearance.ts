import type { ActionFunctionArgs } from "@remix-run/node";
import { readValidatedJson } from "~/http/body";
import { jsonResponse } from "~/http/errors";
import { wooPluginRoute } from "~/http/woo-route.server";
import { appearanceSchema, saveAppearance } from "~/woocommerce/plugin-api.server";

export function action(args: ActionFunctionArgs) {
  return wooPluginRoute(args, ["PUT"], async (app, connection) => {
    const appearance = await readValidatedJson(args.request, appearanceSchema, 16 * 1024);
    return jsonResponse({ appearance: await saveAppearance(app, connection, appearance) });
  });
}

export const loader = action;
