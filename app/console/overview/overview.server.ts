import type { AppContext } from "~/app-context";
import { listConversations } from "~/conversations/conversations.server";
import { listKnowledge } from "~/knowledge/store.server";
import { listLeads } from "~/leads/leads.server";

const DAY_MS = 86_400_000;

/** The overview's counts: knowledge by type, conversations and leads in the last 30 days, new leads, recent unanswered questions. */
export async function loadOverview(app: AppContext, shop: { id: string }, _request: Request) {
  const prisma = app.db.prisma;
  const since = new Date(Date.now() - 30 * DAY_MS);
  const [knowledge, conversations, unanswered, leads, newLeads] = await Promise.all([
    listKnowledge(prisma, shop.id, { pageSize: 1 }),
    listConversations(prisma, shop.id, { page: 1, pageSize: 1, from: since }),
    listConversations(prisma, shop.id, { page: 1, pageSize: 10, from: since, status: "unanswered" }),
    listLeads(prisma, shop.id, { page: 1, pageSize: 1, from: since }),
    listLeads(prisma, shop.id, { page: 1, pageSize: 1, status: "new" }),
  ]);
  return {
    knowledge: knowledge.counts,
    conversations30d: conversations.total,
    unanswered30d: unanswered.total,
    leads30d: leads.total,
    newLeads: newLeads.total,
    recentUnanswered: unanswered.items.map((item) => ({ conversationId: item.conversationId, question: item.firstQuestion, at: item.startedAt })),
  };
}

export type OverviewData = Awaited<ReturnType<typeof loadOverview>>;
