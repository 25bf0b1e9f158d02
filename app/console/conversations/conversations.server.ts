import type { AppContext } from "~/app-context";
import { conversationListQuerySchema, getConversation, listConversations } from "~/conversations/conversations.server";
import { HttpError } from "~/http/errors";
import { parseWith } from "~/http/body";

export async function loadConversationList(app: AppContext, shop: { id: string }, request: Request) {
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const query = parseWith(conversationListQuerySchema, { pageSize: "25", ...params });
  const page = await listConversations(app.db.prisma, shop.id, query);
  return { ...page, filters: { from: params.from ?? "", to: params.to ?? "", status: query.status ?? "", feedback: query.feedback ?? "", lead: query.lead ?? "" } };
}

export async function loadConversationTranscript(app: AppContext, shop: { id: string }, conversationId: string) {
  const conversation = await getConversation(app.db.prisma, shop.id, conversationId);
  if (!conversation) throw new HttpError(404, "conversation_not_found", "No such conversation in this shop.", "conversationId");
  return conversation;
}

export type ConversationListData = Awaited<ReturnType<typeof loadConversationList>>;
