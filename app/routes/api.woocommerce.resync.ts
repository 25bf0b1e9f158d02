import type { ActionFunctionArgs } from "@remix-run/node";
import { HttpError, jsonResponse } from "~/http/errors";
import { wooPluginRoute } from "~/http/woo-route.server";
import { startWooJob } from "~/woocommerce/background.server";
import { isConnected } from "~/woocommerce/connection.server";

/** Reconciliation on demand (the plugin's "Resync now"). */
export function action(args: ActionFunctionArgs) {
  return wooPluginRoute(args, ["POST"], async (app, connection) => {
    if (!isConnected(connection)) throw new HttpError(409, "not_connected", "The store has not approved API keys yet.");
    const job = await startWooJob(app, "woocommerce-reconcile", { shopId: connection.shopId });
    return jsonResponse({ jobId: job.id }, { status: 202 });
  });
}

export const loader = action;
