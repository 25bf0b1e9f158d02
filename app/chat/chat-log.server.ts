import { randomUUID } from "node:crypto";
import { rawQuery, runsInSubmissionOrder } from "~/db/raw-sql.server";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import type { TurnState } from "./turn-state";

export interface ChatLogEntry {
  shopId: string;
  sessionId: string;
  conversationId: string;
  message: string;
  answer: string;
  language: string;
  context: unknown[];
  sources: unknown[];
  provider: string;
  model: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  retrievalMs: number;
  generationMs: number;
  fallbackReason: string | null;
  unanswered: boolean;
  pageUrl: string | null;
  /** What the conversation waits for after this turn; null for nothing. */
  state?: TurnState | null;
}

/**
 * Stores one turn; its id is the messageId shoppers vote on, known at once. Sent before the reply
 * (the vote needs the row, and the next turn reads the conversation from it), as raw SQL on the
 * request's lane: one statement every turn, and Prisma's own cost was most of it. `written` settles
 * when the row is in; whether the reply waits for it is the caller's (replyWaitsForLog).
 * `alongside`, a data-modifying statement with a RETURNING clause (the turn's lead enrichment), runs
 * in the same statement: `alongsideChanged` says whether it returned a row.
 */
export function logChatTurn(prisma: PrismaClient, entry: ChatLogEntry, alongside?: Prisma.Sql): { id: string; written: Promise<{ alongsideChanged: boolean }> } {
  const id = randomUUID();
  // JSON is sent as text: node-postgres would turn a JavaScript array into a PostgreSQL array.
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  const written = rawQuery<{ changed: boolean }>(
    prisma,
    Prisma.sql`
      ${alongside ? Prisma.sql`WITH alongside AS (${alongside})` : Prisma.empty}
      INSERT INTO chat_logs (id, shop_id, session_id, conversation_id, message, answer, language, context, sources, provider, model,
        prompt_tokens, completion_tokens, retrieval_ms, generation_ms, fallback_reason, unanswered, page_url, state)
      VALUES (${id}::uuid, ${entry.shopId}::uuid, ${entry.sessionId}::uuid, ${entry.conversationId}::uuid, ${entry.message}, ${entry.answer},
        ${entry.language}, ${json(entry.context)}::jsonb, ${json(entry.sources)}::jsonb, ${entry.provider}, ${entry.model},
        ${entry.promptTokens}::int, ${entry.completionTokens}::int, ${entry.retrievalMs}::int, ${entry.generationMs}::int, ${entry.fallbackReason},
        ${entry.unanswered}, ${entry.pageUrl}, ${json(entry.state ?? null)}::jsonb)
      RETURNING ${alongside ? Prisma.sql`EXISTS (SELECT FROM alongside)` : Prisma.sql`false`} AS changed`,
    { prepared: true },
  ).then(([row]) => ({ alongsideChanged: row?.changed === true }));
  return { id, written };
}

/**
 * Whether a turn's reply must wait until its log row is written. Not on the embedded database:
 * there every statement of the process runs on its one connection in the order it was sent, and no
 * other process reads the data, so whatever reads the row next (the next turn's history, a vote on
 * the answer, the console) runs after it. A reply that waited would wait for nothing it needs. On a
 * PostgreSQL server another connection, or another instance, may read first: there it waits.
 */
export function replyWaitsForLog(prisma: PrismaClient): boolean {
  return !runsInSubmissionOrder(prisma);
}

/**
 * Records a shopper's vote. The row must belong to this shop and this session: a public key and
 * a guessed message id are not enough to touch someone else's log. Returns false when no row matched.
 */
export async function recordFeedback(
  prisma: PrismaClient,
  input: { shopId: string; sessionId: string; messageId: string; vote: "up" | "down"; comment?: string },
): Promise<boolean> {
  const result = await prisma.chatLog.updateMany({
    where: { id: input.messageId, shopId: input.shopId, sessionId: input.sessionId },
    data: { feedbackVote: input.vote, feedbackComment: input.comment ?? null },
  });
  return result.count > 0;
}
