import type { ActionFunctionArgs } from "@remix-run/node";
import { readValidatedJson } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { wooRoute } from "~/http/woo-route.server";
import { isUuid } from "~/uuid";
import { startWooClaimJob, startWooJob } from "~/woocommerce/background.server";
import { findClaim, storeClaimKeys } from "~/woocommerce/ownership.server";
import { findConnection, storePendingKeys } from "~/woocommerce/connection.server";
import { authCallbackSchema } from "~/woocommerce/plugin-api.server";

/**
 * WooCommerce posts the approved keys here while the merchant waits, and accepts only a 200. The
 * keys are stored encrypted as pending; verifying them against the store, creating the webhooks
 * and the initial sync run afterwards (the store's PHP worker is busy with this very request).
 */
export function action(args: ActionFunctionArgs) {
  return wooRoute(
    args,
    {
      methods: ["POST"],
      limits: (app, ip) => [{ key: `woo:callback:ip:${ip}`, limit: app.config.woocommerce.pluginPerIp, windowMs: app.config.rateLimits.windowMs }],
    },
    async (app) => {
      const keys = await readValidatedJson(args.request, authCallbackSchema, 8 * 1024);
      const pending = { consumerKey: keys.consumer_key, consumerSecret: keys.consumer_secret, keyId: keys.key_id, permissions: keys.key_permissions };
      const connection = await findConnection(app, keys.user_id);
      if (connection) {
        await storePendingKeys(app, connection.shopId, pending);
        const job = await startWooJob(app, "woocommerce-activate", { shopId: connection.shopId });
        return jsonResponse({ ok: true, jobId: job.id }, { status: 200 });
      }
      // A reconnect of an already connected store: user_id names its claim.
      const claim = isUuid(keys.user_id) ? await findClaim(app, keys.user_id) : null;
      if (!claim) throw new HttpError(404, "shop_not_found", "No WooCommerce shop with this user_id.", "user_id");
      await storeClaimKeys(app, claim.id, pending);
      const job = await startWooClaimJob(app, { shopId: claim.shopId, claimId: claim.id });
      return jsonResponse({ ok: true, jobId: job.id }, { status: 200 });
    },
  );
}

export const loader = action;
