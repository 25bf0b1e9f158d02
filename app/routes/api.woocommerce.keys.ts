import type { ActionFunctionArgs } from "@remix-run/node";
import { readValidatedJson } from "~/http/body";
import { jsonResponse } from "~/http/errors";
import { wooPluginOrClaimRoute } from "~/http/woo-route.server";
import { startWooJob } from "~/woocommerce/background.server";
import { acceptClaimKeys, acceptPastedKeys, pastedKeysSchema } from "~/woocommerce/plugin-api.server";

/**
 * The fallback to WooCommerce's approval screen: keys the merchant created and pasted. Keys the
 * store accepts also prove a claim (a reconnect without the old plugin token), which then takes
 * the store's connection over.
 */
export function action(args: ActionFunctionArgs) {
  return wooPluginOrClaimRoute(args, ["POST"], async (app, holder) => {
    const keys = await readValidatedJson(args.request, pastedKeysSchema, 8 * 1024);
    const shopId = "claim" in holder ? holder.claim.shopId : holder.connection.shopId;
    if ("claim" in holder) await acceptClaimKeys(app, holder.claim, keys);
    else await acceptPastedKeys(app, holder.connection, keys);
    const job = await startWooJob(app, "woocommerce-activate", { shopId });
    return jsonResponse({ ok: true, jobId: job.id });
  });
}

export const loader = action;
