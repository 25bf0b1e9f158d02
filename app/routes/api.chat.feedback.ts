import type { ActionFunctionArgs } from "@remix-run/node";
import { recordFeedback } from "~/chat/chat-log.server";
import { feedbackRequestSchema } from "~/chat/schemas";
import { readValidatedJson } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { publicRoute, requireShopByPublicKey } from "~/http/public-route.server";

/** What the route guard (app/http/route-guard.ts) lets through; other methods get 405 with Allow. */
export const allowedMethods = ["POST"];

/** POST /api/chat/feedback — a shopper's thumbs up/down (and comment) on one answer of their own session. */
export async function action(args: ActionFunctionArgs) {
  return publicRoute(args, ["POST"], async (app) => {
    const body = await readValidatedJson(args.request, feedbackRequestSchema, 8 * 1024);
    const shop = await requireShopByPublicKey(app, body.shopPublicKey);
    const updated = await recordFeedback(app.db.prisma, {
      shopId: shop.id,
      sessionId: body.sessionId,
      messageId: body.messageId,
      vote: body.vote,
      comment: body.comment,
    });
    // Another shop's or session's message is reported exactly like a missing one.
    if (!updated) throw new HttpError(404, "message_not_found", "No such message in this chat session.", "messageId");
    return jsonResponse({ ok: true, messageId: body.messageId, vote: body.vote });
  });
}

export async function loader(args: ActionFunctionArgs) {
  return publicRoute(args, ["POST"], async () => jsonResponse({}));
}
