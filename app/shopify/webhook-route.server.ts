import { getAppContext } from "~/context.server";
import { handleErrors, HttpError, jsonResponse } from "~/http/errors";
import { dispatchShopifyJob } from "./dispatch.server";
import { isValidShopifyHmac } from "./webhook-hmac";
import { receiveShopifyWebhook, type ShopifyWebhookTopic } from "./webhooks.server";

/** Shopify's own payloads are far smaller; anything bigger is not a Shopify delivery. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/**
 * Every webhook route: the HMAC is checked on the raw bytes with the app secret (401 when wrong;
 * the same check as shopify-app-remix's authenticate.webhook, without its offline-session lookup,
 * which a delivery does not need), the raw text is kept for exact ids, and the delivery is answered
 * as soon as its job is queued.
 */
export function shopifyWebhookAction(request: Request, topic: ShopifyWebhookTopic): Promise<Response> {
  return handleErrors(async () => {
    if (request.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST.", undefined, { allow: "POST" });
    const app = await getAppContext();
    const secret = app.config.shopify?.apiSecret;
    if (!secret) throw new HttpError(404, "shopify_not_configured", "Shopify is not configured: set SHOPIFY_API_KEY and SHOPIFY_API_SECRET.");
    const length = Number(request.headers.get("content-length") ?? "0");
    if (length > MAX_WEBHOOK_BYTES) throw new HttpError(413, "payload_too_large", `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes.`);
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > MAX_WEBHOOK_BYTES) throw new HttpError(413, "payload_too_large", `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes.`);
    if (!isValidShopifyHmac(bytes, request.headers.get("x-shopify-hmac-sha256"), secret)) {
      throw new HttpError(401, "invalid_hmac", "The X-Shopify-Hmac-Sha256 signature does not match the body.", "X-Shopify-Hmac-Sha256");
    }
    const header = (name: string) => {
      const value = request.headers.get(name)?.trim();
      if (!value) throw new HttpError(400, "missing_header", `${name} is required.`, name);
      return value;
    };
    const deliveredTopic = header("X-Shopify-Topic");
    if (deliveredTopic !== topic) throw new HttpError(400, "wrong_topic", `This endpoint receives ${topic}, not ${deliveredTopic}.`, "X-Shopify-Topic");
    const shopDomain = header("X-Shopify-Shop-Domain");
    // X-Shopify-Event-Id is Shopify's documented duplicate key; the delivery id stands in without it.
    const eventId = request.headers.get("x-shopify-event-id")?.trim() || header("X-Shopify-Webhook-Id");
    const rawBody = new TextDecoder().decode(bytes);
    const outcome = await receiveShopifyWebhook(app, { topic, shopDomain, eventId, rawBody }, (job) => dispatchShopifyJob(app, job));
    return jsonResponse(outcome);
  });
}
