import type { ActionFunctionArgs } from "@remix-run/node";
import { recordFeedback } from "~/chat/chat-log.server";
import { feedbackRequestSchema } from "~/chat/schemas";
import { getAppContext } from "~/context.server";
import { readValidatedJson } from "~/http/body";
import { PUBLIC_CORS_HEADERS, preflightResponse } from "~/http/cors";
import { errorBody, handleErrors, HttpError, jsonResponse } from "~/http/errors";
import { clientIpOf } from "~/http/load-context";
import { enforceRateLimits } from "~/http/rate-limit.server";
import { findShopByPublicKey } from "~/shops/shops.server";

/** POST /api/chat/feedback — a shopper's thumbs up/down (and comment) on one answer of their own session. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method === "OPTIONS") return preflightResponse();
  return handleErrors(async () => {
    if (request.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST to send feedback.");
    const app = await getAppContext();
    const { prisma } = app.db;
    const { rateLimits } = app.config;
    await enforceRateLimits(prisma, [{ key: `public:ip:${clientIpOf(context)}`, limit: rateLimits.publicPerIp, windowMs: rateLimits.windowMs }]);
    const body = await readValidatedJson(request, feedbackRequestSchema, 8 * 1024);
    const shop = await findShopByPublicKey(prisma, body.shopPublicKey);
    if (!shop) throw new HttpError(404, "shop_not_found", "No shop has this public key.", "shopPublicKey");
    const updated = await recordFeedback(prisma, {
      shopId: shop.id,
      sessionId: body.sessionId,
      messageId: body.messageId,
      vote: body.vote,
      comment: body.comment,
    });
    // Another shop's or session's message is reported exactly like a missing one.
    if (!updated) throw new HttpError(404, "message_not_found", "No such message in this chat session.", "messageId");
    return jsonResponse({ ok: true, messageId: body.messageId, vote: body.vote }, { headers: PUBLIC_CORS_HEADERS });
  }, PUBLIC_CORS_HEADERS);
}

export async function loader() {
  return jsonResponse(errorBody("method_not_allowed", "Use POST to send feedback."), { status: 405, headers: PUBLIC_CORS_HEADERS });
}
