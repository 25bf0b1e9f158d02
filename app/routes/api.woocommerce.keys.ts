import type { ActionFunctionArgs } from "@remix-run/node";
import { readValidatedJson } from "~/http/body";
import { jsonResponse } from "~/http/errors";
import { wooPluginRoute } from "~/http/woo-route.server";
import { startWooJob } from "~/woocommerce/background.server";
import { acceptPastedKeys, pastedKeysSchema } from "~/woocommerce/plugin-api.server";

/** The fallback to WooCommerce's approval screen: keys the merchant created and pasted. */
export function action(args: ActionFunctionArgs) {
  return wooPluginRoute(args, ["POST"], async (app, connection) => {
    const keys = await readValidatedJson(args.request, pastedKeysSchema, 8 * 1024);
    await acceptPastedKeys(app, connection, keys);
    const job = await startWooJob(app, "woocommerce-activate", { shopId: connection.shopId });
    return jsonResponse({ ok: true, jobId: job.id });
  });
}

export const loader = action;
