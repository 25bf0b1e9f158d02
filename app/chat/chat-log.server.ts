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

/** Stores one turn; its id is the messageId shoppers vote on. */
export async function logChatTurn(prisma: PrismaClient, entry: ChatLogEntry): Promise<string> {
  const row = await prisma.chatLog.create({
    data: {
      ...entry,
      context: entry.context as Prisma.InputJsonValue,
      sources: entry.sources as Prisma.InputJsonValue,
      state: entry.state ? (entry.state as Prisma.InputJsonValue) : Prisma.DbNull,
    },
    select: { id: true },
  });
  return row.id;
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
