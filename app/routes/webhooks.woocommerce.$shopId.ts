import type { ActionFunctionArgs } from "@remix-run/node";
import { readBodyBytes } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { clientIpOf } from "~/http/load-context";
import { consumeRateLimits, enforceRateLimits, rateLimitExhausted } from "~/http/rate-limit.server";
import { wooRoute } from "~/http/woo-route.server";
import { scheduleDeliveryDrain } from "~/woocommerce/background.server";
import { acceptWooWebhook, MAX_WEBHOOK_BYTES } from "~/woocommerce/webhooks.server";

/**
 * WooCommerce's deliveries: answered as soon as the signature is checked and the delivery recorded
 * (WooCommerce waits only seconds and disables a webhook after repeated failures); the changes are
 * applied right after, a burst at a time, in order with the shop's other work.
 *
 * Two limits, so that junk cannot silence a store: the shop's delivery limit counts only deliveries
 * whose signature checks out, and requests that fail (unsigned, wrong signature, unknown shop, too
 * large) count against their client address, which is refused for the window once it has too many.
 */
export function action(args: ActionFunctionArgs) {
  const shopId = (args.params.shopId ?? "").slice(0, 64);
  return wooRoute(args, { methods: ["POST"], limits: () => [] }, async (app) => {
    const { prisma } = app.db;
    const windowMs = app.config.rateLimits.windowMs;
    const failures = { key: `woo:webhooks:failed:ip:${clientIpOf(args.context)}`, limit: app.config.woocommerce.webhookFailuresPerIp, windowMs };
    const verdict = await rateLimitExhausted(prisma, failures);
    if (!verdict.allowed) {
      throw new HttpError(429, "rate_limited", `Too many failed deliveries from this address; try again in ${verdict.retryAfterSeconds} s.`, undefined, {
        "retry-after": String(verdict.retryAfterSeconds),
      });
    }
    try {
      const body = await readBodyBytes(args.request, MAX_WEBHOOK_BYTES);
      const accepted = await acceptWooWebhook(app, shopId, args.request.headers, body, () =>
        enforceRateLimits(prisma, [{ key: `woo:webhooks:shop:${shopId}`, limit: app.config.woocommerce.webhooksPerShop, windowMs }]),
      );
      if (accepted.pending) scheduleDeliveryDrain(app, shopId);
      return jsonResponse(accepted.body);
    } catch (error) {
      if (error instanceof HttpError && error.status !== 429 && error.status < 500) await consumeRateLimits(prisma, [failures]);
      throw error;
    }
  });
}

export const loader = action;
