import { z } from "zod";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { listQueryShape, type Page } from "~/console/listing";
import { isUuid } from "~/uuid";

export const conversationListQuerySchema = z.object({
  ...listQueryShape,
  status: z.enum(["answered", "unanswered"]).optional(),
  feedback: z.enum(["up", "down", "none"]).optional(),
  lead: z.enum(["true", "false"]).optional(),
  language: z.string().trim().min(2).max(8).optional(),
});
export type ConversationListQuery = z.infer<typeof conversationListQuerySchema>;

export interface ConversationSummary {
  conversationId: string;
  sessionId: string;
  firstQuestion: string;
  language: string;
  turns: number;
  unansweredTurns: number;
  thumbsUp: number;
  thumbsDown: number;
  hasLead: boolean;
  startedAt: string;
  lastAt: string;
}

interface SummaryRow {
  conversation_id: string;
  session_id: string;
  first_question: string;
  language: string;
  turns: bigint;
  unanswered_turns: bigint;
  thumbs_up: bigint;
  thumbs_down: bigint;
  has_lead: boolean;
  started_at: Date;
  last_at: Date;
  total: bigint;
}

/**
 * One row per conversation with a turn in the date range, newest first: its first question,
 * language, turns, how many went unanswered, votes and whether the shopper left contact details.
 */
export async function listConversations(prisma: PrismaClient, shopId: string, query: ConversationListQuery): Promise<Page<ConversationSummary>> {
  const range = [
    query.from ? Prisma.sql`AND created_at >= ${query.from}` : Prisma.empty,
    query.to ? Prisma.sql`AND created_at < ${query.to}` : Prisma.empty,
  ];
  const filters: Prisma.Sql[] = [];
  if (query.status === "answered") filters.push(Prisma.sql`c.unanswered_turns = 0`);
  if (query.status === "unanswered") filters.push(Prisma.sql`c.unanswered_turns > 0`);
  if (query.feedback === "up") filters.push(Prisma.sql`c.thumbs_up > 0`);
  if (query.feedback === "down") filters.push(Prisma.sql`c.thumbs_down > 0`);
  if (query.feedback === "none") filters.push(Prisma.sql`c.thumbs_up = 0 AND c.thumbs_down = 0`);
  if (query.lead) filters.push(query.lead === "true" ? Prisma.sql`l.id IS NOT NULL` : Prisma.sql`l.id IS NULL`);
  if (query.language) filters.push(Prisma.sql`c.language = ${query.language}`);
  const where = filters.length ? Prisma.sql`WHERE ${Prisma.join(filters, " AND ")}` : Prisma.empty;
  const rows = await prisma.$queryRaw<SummaryRow[]>`
    WITH c AS (
      SELECT conversation_id,
        (array_agg(session_id ORDER BY created_at))[1] AS session_id,
        (array_agg(message ORDER BY created_at))[1] AS first_question,
        (array_agg(language ORDER BY created_at))[1] AS language,
        count(*) AS turns,
        count(*) FILTER (WHERE unanswered) AS unanswered_turns,
        count(*) FILTER (WHERE feedback_vote = 'up') AS thumbs_up,
        count(*) FILTER (WHERE feedback_vote = 'down') AS thumbs_down,
        min(created_at) AS started_at,
        max(created_at) AS last_at
      FROM chat_logs
      WHERE shop_id = ${shopId}::uuid ${range[0]} ${range[1]}
      GROUP BY conversation_id
    )
    SELECT c.*, l.id IS NOT NULL AS has_lead, count(*) OVER () AS total
    FROM c LEFT JOIN leads l ON l.shop_id = ${shopId}::uuid AND l.session_id = c.session_id
    ${where}
    ORDER BY c.started_at DESC, c.conversation_id
    LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`;
  // Past the last page the window count is gone with the rows; count separately only then.
  const total = rows.length ? Number(rows[0].total) : query.page > 1 ? await countConversations(prisma, shopId, query) : 0;
  return {
    items: rows.map((row) => ({
      conversationId: row.conversation_id,
      sessionId: row.session_id,
      firstQuestion: row.first_question,
      language: row.language,
      turns: Number(row.turns),
      unansweredTurns: Number(row.unanswered_turns),
      thumbsUp: Number(row.thumbs_up),
      thumbsDown: Number(row.thumbs_down),
      hasLead: row.has_lead,
      startedAt: row.started_at.toISOString(),
      lastAt: row.last_at.toISOString(),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function countConversations(prisma: PrismaClient, shopId: string, query: ConversationListQuery): Promise<number> {
  const firstPage = await listConversations(prisma, shopId, { ...query, page: 1, pageSize: 1 });
  return firstPage.total;
}

export interface TranscriptTurn {
  messageId: string;
  message: string;
  answer: string;
  language: string;
  sources: unknown;
  /** The chunks the answer was built from, with their retrieval scores. */
  context: unknown;
  provider: string;
  model: string | null;
  fallbackReason: string | null;
  unanswered: boolean;
  feedback: { vote: string; comment: string | null } | null;
  pageUrl: string | null;
  retrievalMs: number;
  generationMs: number;
  createdAt: string;
}

/** Every turn of one conversation of this shop, oldest first, and the lead its shopper left; null when the shop has no such conversation. */
export async function getConversation(prisma: PrismaClient, shopId: string, conversationId: string) {
  if (!isUuid(conversationId)) return null;
  const rows = await prisma.chatLog.findMany({ where: { shopId, conversationId }, orderBy: { createdAt: "asc" } });
  if (rows.length === 0) return null;
  const lead = await prisma.lead.findUnique({ where: { shopId_sessionId: { shopId, sessionId: rows[0].sessionId } } });
  const turns: TranscriptTurn[] = rows.map((row) => ({
    messageId: row.id,
    message: row.message,
    answer: row.answer,
    language: row.language,
    sources: row.sources,
    context: row.context,
    provider: row.provider,
    model: row.model,
    fallbackReason: row.fallbackReason,
    unanswered: row.unanswered,
    feedback: row.feedbackVote ? { vote: row.feedbackVote, comment: row.feedbackComment } : null,
    pageUrl: row.pageUrl,
    retrievalMs: row.retrievalMs,
    generationMs: row.generationMs,
    createdAt: row.createdAt.toISOString(),
  }));
  return {
    conversationId,
    sessionId: rows[0].sessionId,
    turns,
    lead: lead ? { id: lead.id, name: lead.name, email: lead.email, phone: lead.phone, status: lead.status } : null,
  };
}

export type ConversationTranscript = NonNullable<Awaited<ReturnType<typeof getConversation>>>;
