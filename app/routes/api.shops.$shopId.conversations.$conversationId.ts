import type { LoaderFunctionArgs } from "@remix-run/node";
import { getConversation } from "~/conversations/conversations.server";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { HttpError, jsonResponse } from "~/http/errors";

/** GET → the transcript: every turn with its sources, retrieval scores and the provider (or fallback) that answered. */
export async function loader(args: LoaderFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const conversation = await getConversation(db.prisma, shop.id, args.params.conversationId ?? "");
    if (!conversation) throw new HttpError(404, "conversation_not_found", "No such conversation in this shop.", "conversationId");
    return jsonResponse(conversation);
  });
}
