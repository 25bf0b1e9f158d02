import { answerTurn } from "~/chat/answer.server";
import { recordFeedback } from "~/chat/chat-log.server";
import { conversationActiveSince, conversationSoFarColumn, conversationSoFarOf } from "~/chat/conversation.server";
import type { ChatEvent, ChatReply } from "~/chat/events";
import { CHAT_BODY_MAX_BYTES, chatRequestSchema, feedbackRequestSchema } from "~/chat/schemas";
import { chatDependencies } from "~/chat/service.server";
import { eventStream, SSE_HEADERS } from "~/chat/sse";
import { readValidatedJson } from "~/http/body";
import { errorBody, HttpError, jsonResponse } from "~/http/errors";
import { log } from "~/log.server";
import type { WidgetEndpoint } from "./call";

/**
 * POST /api/chat — one shopper turn. JSON by default; `Accept: text/event-stream` streams
 * sources, tokens, lead and done events as the answer is produced (when the call may stream).
 */
export const chatEndpoint: WidgetEndpoint = {
  addressLimit: "chat",
  async handle({ app, request, resolveShopCounting, canStream }) {
    const { rateLimits, chat } = app.config;
    const body = await readValidatedJson(request, chatRequestSchema(chat.maxMessageChars), CHAT_BODY_MAX_BYTES);
    // The shop, its session's and its own counters and the conversation so far (its turns, whether it left a lead): one statement.
    const since = conversationActiveSince(chat.conversationIdleHours);
    const { shop, alongside: conversation } = await resolveShopCounting(body.shopPublicKey, {
      rules: [
        { keyPrefix: "chat:session:", keySuffix: `:${body.sessionId}`, limit: rateLimits.chatPerSession, windowMs: rateLimits.windowMs },
        { keyPrefix: "chat:shop:", limit: rateLimits.chatPerShop, windowMs: rateLimits.windowMs },
      ],
      column: (shopId) => conversationSoFarColumn(shopId, body.sessionId, since),
    });

    const events = answerTurn(chatDependencies(app, shop), {
      shop,
      sessionId: body.sessionId,
      message: body.message,
      lang: body.lang,
      page: body.page,
      signal: request.signal,
      recent: conversationSoFarOf(conversation, since),
    });
    if (canStream && wantsEventStream(request)) {
      return new Response(eventStream(events, shopperFacingError), { status: 200, headers: SSE_HEADERS });
    }
    const reply = await collectReply(events);
    if ("error" in reply) return jsonResponse(errorBody(reply.error.code, reply.error.message), { status: 500 });
    return jsonResponse(reply);
  },
};

/** POST /api/chat/feedback — a shopper's thumbs up/down (and comment) on one answer of their own session. */
export const feedbackEndpoint: WidgetEndpoint = {
  addressLimit: "public",
  async handle({ app, request, resolveShop }) {
    const body = await readValidatedJson(request, feedbackRequestSchema, 8 * 1024);
    const shop = await resolveShop(body.shopPublicKey);
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
  },
};

function wantsEventStream(request: Request): boolean {
  return (request.headers.get("accept") ?? "").toLowerCase().includes("text/event-stream");
}

async function collectReply(events: AsyncIterable<ChatEvent>): Promise<ChatReply | { error: { code: string; message: string } }> {
  try {
    for await (const event of events) {
      if (event.type === "done") return event.reply;
      if (event.type === "error") return { error: { code: event.code, message: event.message } };
    }
  } catch (error) {
    const event = shopperFacingError(error);
    return { error: { code: event.type === "error" ? event.code : "internal_error", message: event.type === "error" ? event.message : "" } };
  }
  return { error: { code: "internal_error", message: "The answer ended unexpectedly." } };
}

function shopperFacingError(error: unknown): ChatEvent {
  const reference = crypto.randomUUID();
  log.error("chat turn failed", { reference, error });
  return {
    type: "error",
    code: "chat_failed",
    message: `Sorry, something went wrong on our side and I couldn't answer. Please try again in a moment. / Извините, произошла ошибка, попробуйте ещё раз. (ref ${reference.slice(0, 8)})`,
  };
}
