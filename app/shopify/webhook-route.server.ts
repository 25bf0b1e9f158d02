import { getAppContext } from "~/context.server";
import { handleErrors, HttpError, jsonResponse } from "~/http/errors";
import { requireShopify } from "~/shopify.server";
import { dispatchShopifyJob } from "./dispatch.server";
import { receiveShopifyWebhook, type ShopifyWebhookTopic } from "./webhooks.server";

/** Shopify's own payloads are far smaller; anything bigger is not a Shopify delivery. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/**
 * Every webhook route: the HMAC is checked by shopify-app-remix on the raw body (401 when wrong),
 * the raw bytes are kept for exact ids, and the delivery is answered as soon as its job is queued.
 */
export function shopifyWebhookAction(request: Request, topic: ShopifyWebhookTopic): Promise<Response> {
  return handleErrors(async () => {
    const length = Number(request.headers.get("content-length") ?? "0");
    if (length > MAX_WEBHOOK_BYTES) throw new HttpError(413, "payload_too_large", `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes.`);
    const rawBody = request.method === "POST" ? await request.clone().text() : "";
    if (Buffer.byteLength(rawBody) > MAX_WEBHOOK_BYTES) throw new HttpError(413, "payload_too_large", `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes.`);
    const shopify = await requireShopify();
    const webhook = await shopify.authenticate.webhook(request);
    if (storageTopic(webhook.topic) !== storageTopic(topic)) {
      throw new HttpError(400, "wrong_topic", `This endpoint receives ${topic}, not ${webhook.topic}.`, "X-Shopify-Topic");
    }
    const app = await getAppContext();
    const eventId = ("eventId" in webhook && webhook.eventId) || webhook.webhookId;
    const outcome = await receiveShopifyWebhook(app, { topic, shopDomain: webhook.shop, eventId, rawBody }, (job) => dispatchShopifyJob(app, job));
    return jsonResponse(outcome);
  });
}

/** Shopify's library reports topics as PRODUCTS_UPDATE; the TOML and the header say products/update. */
function storageTopic(topic: string): string {
  return topic.toUpperCase().replace(/[/.]/g, "_");
}
