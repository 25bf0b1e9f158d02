import type { ActionFunctionArgs } from "@remix-run/node";
import { answerTurn } from "~/chat/answer.server";
import type { ChatEvent, ChatReply } from "~/chat/events";
import { CHAT_BODY_MAX_BYTES, chatRequestSchema } from "~/chat/schemas";
import { chatDependencies } from "~/chat/service.server";
import { eventStream, SSE_HEADERS } from "~/chat/sse";
import { getAppContext } from "~/context.server";
import { readValidatedJson } from "~/http/body";
import { PUBLIC_CORS_HEADERS } from "~/http/cors";
import { errorBody, HttpError, jsonResponse } from "~/http/errors";
import { clientIpOf } from "~/http/load-context";
import { requireShopByPublicKey, withPublicCors } from "~/http/public-route.server";
import { enforceRateLimits } from "~/http/rate-limit.server";
import { log } from "~/log.server";

/** What the route guard (app/http/route-guard.ts) lets through; other methods get 405 with Allow. */
export const allowedMethods = ["POST"];

/**
 * POST /api/chat — one shopper turn. JSON by default; `Accept: text/event-stream` streams
 * sources, tokens, lead and done events as the answer is produced.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  return withPublicCors(request, async () => {
    if (request.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST to send a chat message.");
    const app = await getAppContext();
    const { prisma } = app.db;
    const { rateLimits, chat } = app.config;
    const windowMs = rateLimits.windowMs;
    // Counted before the body is read, so a flood of junk from one address is cheap to refuse.
    await enforceRateLimits(prisma, [{ key: `chat:ip:${clientIpOf(context)}`, limit: rateLimits.chatPerIp, windowMs }]);
    const body = await readValidatedJson(request, chatRequestSchema(chat.maxMessageChars), CHAT_BODY_MAX_BYTES);
    const shop = await requireShopByPublicKey(app, body.shopPublicKey);
    await enforceRateLimits(prisma, [
      { key: `chat:session:${shop.id}:${body.sessionId}`, limit: rateLimits.chatPerSession, windowMs },
      { key: `chat:shop:${shop.id}`, limit: rateLimits.chatPerShop, windowMs },
    ]);

    const events = answerTurn(chatDependencies(app, shop.id), {
      shop,
      sessionId: body.sessionId,
      message: body.message,
      lang: body.lang,
      page: body.page,
      signal: request.signal,
    });
    if (wantsEventStream(request)) {
      return new Response(eventStream(events, shopperFacingError), { status: 200, headers: SSE_HEADERS });
    }
    const reply = await collectReply(events);
    if ("error" in reply) return jsonResponse(errorBody(reply.error.code, reply.error.message), { status: 500 });
    return jsonResponse(reply);
  });
}

export async function loader() {
  return jsonResponse(errorBody("method_not_allowed", "Use POST to send a chat message."), { status: 405, headers: PUBLIC_CORS_HEADERS });
}

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
