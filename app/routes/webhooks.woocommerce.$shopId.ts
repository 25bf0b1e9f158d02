import type { ActionFunctionArgs } from "@remix-run/node";
import { readBodyBytes } from "~/http/body";
import { jsonResponse } from "~/http/errors";
import { wooRoute } from "~/http/woo-route.server";
import { scheduleDeliveryDrain } from "~/woocommerce/background.server";
import { acceptWooWebhook, MAX_WEBHOOK_BYTES } from "~/woocommerce/webhooks.server";

/**
 * WooCommerce's deliveries: answered as soon as the signature is checked and the delivery recorded
 * (WooCommerce waits only seconds and disables a webhook after repeated failures); the changes are
 * applied right after, a burst at a time, in order with the shop's other work.
 */
export function action(args: ActionFunctionArgs) {
  const shopId = (args.params.shopId ?? "").slice(0, 64);
  return wooRoute(
    args,
    {
      methods: ["POST"],
      limits: (app) => [{ key: `woo:webhooks:shop:${shopId}`, limit: app.config.woocommerce.webhooksPerShop, windowMs: app.config.rateLimits.windowMs }],
    },
    async (app) => {
      const body = await readBodyBytes(args.request, MAX_WEBHOOK_BYTES);
      const accepted = await acceptWooWebhook(app, shopId, args.request.headers, body);
      if (accepted.pending) scheduleDeliveryDrain(app, shopId);
      return jsonResponse(accepted.body);
    },
  );
}

export const loader = action;
