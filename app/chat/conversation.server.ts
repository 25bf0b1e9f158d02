import { createHash } from "node:crypto";
import { rawQuery } from "~/db/raw-sql.server";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { contentWords, stem } from "~/knowledge/text";
import type { ChatSource } from "./context";
import { openLeadColumn } from "./leads.server";
import { parseTurnState, type TurnState } from "./turn-state";

export interface PastTurn {
  message: string;
  answer: string;
  sources: ChatSource[];
  /** What the conversation waited for after this turn. */
  state: TurnState;
  /** The language the turn was answered in. */
  language: string;
}

// Fixed namespace so a (shop, session) pair maps to the same conversation id on every instance.
const CONVERSATION_NAMESPACE = "palompy:conversation:v1";

/** UUID v5-style (SHA-1, version and variant bits set) of shop + session: stable, no lookup needed. */
export function conversationIdFor(shopId: string, sessionId: string): string {
  const hash = createHash("sha1").update(`${CONVERSATION_NAMESPACE}:${shopId}:${sessionId.toLowerCase()}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Turns of the conversation so far that a turn reads (oldest first). */
export const HISTORY_TURNS = 4;

/** The last turns of this shop's session since `since` (older ones belong to an ended conversation), oldest first. */
export async function loadRecentTurns(prisma: PrismaClient, shopId: string, sessionId: string, limit = HISTORY_TURNS, since?: Date): Promise<PastTurn[]> {
  // Raw SQL on the request's lane: read on every turn, Prisma's own cost was most of this query's.
  const [row] = await rawQuery<{ turns: unknown }>(prisma, Prisma.sql`SELECT ${recentTurnsColumn(Prisma.sql`${shopId}::uuid`, sessionId, since, limit)} AS turns`);
  return pastTurnsOf(row?.turns);
}

/**
 * loadRecentTurns as one JSON column, so a statement the turn sends anyway (its rate limits,
 * app/widget-api/chat.server.ts) reads them too: each statement is a round trip and a fixed cost
 * on the embedded database. `shopId` is an SQL uuid expression. Read it with pastTurnsOf.
 */
export function recentTurnsColumn(shopId: Prisma.Sql, sessionId: string, since?: Date, limit = HISTORY_TURNS): Prisma.Sql {
  return Prisma.sql`(
    SELECT coalesce(json_agg(recent ORDER BY recent.created_at), '[]'::json) FROM (
      SELECT message, answer, sources, state, language, created_at FROM chat_logs
      WHERE shop_id = ${shopId} AND session_id = ${sessionId}::uuid ${since ? Prisma.sql`AND created_at >= ${since}` : Prisma.empty}
      ORDER BY created_at DESC
      LIMIT ${limit}) recent)`;
}

export function pastTurnsOf(column: unknown): PastTurn[] {
  const rows = (Array.isArray(column) ? column : []) as { message: string; answer: string; sources: unknown; state: unknown; language: string }[];
  return rows.map((row) => ({
    message: row.message,
    answer: row.answer,
    sources: Array.isArray(row.sources) ? (row.sources as ChatSource[]) : [],
    state: parseTurnState(row.state),
    language: row.language,
  }));
}

/**
 * What a turn reads of its conversation in the statement it opens with (app/widget-api/chat.server.ts):
 * the turns since `since` (recentTurnsColumn) and whether the session left a lead since then
 * (openLeadColumn), as one JSON column. `shopId` is an SQL uuid expression. Read it with conversationSoFarOf.
 */
export function conversationSoFarColumn(shopId: Prisma.Sql, sessionId: string, since: Date): Prisma.Sql {
  return Prisma.sql`json_build_object('turns', ${recentTurnsColumn(shopId, sessionId, since)}, 'leadOpen', ${openLeadColumn(shopId, sessionId, since)})`;
}

export function conversationSoFarOf(column: unknown, since: Date): { since: Date; turns: PastTurn[]; leadOpen?: boolean } {
  const read = (column && typeof column === "object" ? column : {}) as { turns?: unknown; leadOpen?: unknown };
  return { since, turns: pastTurnsOf(read.turns), leadOpen: typeof read.leadOpen === "boolean" ? read.leadOpen : undefined };
}

/** The moment before which a session's turns no longer belong to its current conversation. */
export function conversationActiveSince(idleHours: number, now = Date.now()): Date {
  return new Date(now - idleHours * 3_600_000);
}

const ANAPHORA = /(?<!\p{L})(?:it|its|it's|this|that|these|those|them|they|one|ones|он|она|оно|они|его|её|ее|их|ему|ей|этот|эта|это|эти|этого|этой|этих|такой|такая|такие)(?!\p{L})/iu;
// Around the words only what is not a letter or digit: \W is ASCII-only, so it also ate Cyrillic words
// and then backtracked through them (quadratic).
const BARE_FOLLOW_UP = /^[^\p{L}\p{N}]*(?:and\s+|а\s+|и\s+)?(?:how\s+much|what'?s\s+the\s+price|price|cost|сколько(?:\s+стоит)?|какая\s+цена|цена|стоимость|в\s+наличии|in\s+stock|available|размеры|sizes?|colou?rs?|цвета)[^\p{L}\p{N}]*$/iu;

// «а твёрдая обложка есть?», "and the large one?", "is Pink available?", «синий в наличии?»: a short
// question about an option or a stock of what was just discussed, framed as a continuation.
const CONTINUATION_START = /^[^\p{L}\p{N}]*(?:а|и|and|what\s+about|how\s+about)\s/iu;
const STOCK_END = /(?:^|\s)(?:есть|в\s+наличии|available|in\s+stock)[^\p{L}\p{N}]*$/iu;
const SHORT_CONTINUATION = 5;

/** A message that only makes sense with the previous turn ("how much is it?", "а сколько стоит?"). */
export function isFollowUp(message: string): boolean {
  return isBareFollowUp(message) || isContinuation(message);
}

function isBareFollowUp(message: string): boolean {
  // Words of two letters or more: «а в XL?» is as short a follow-up as "and XL?".
  const words = message.split(/\s+/).filter((word) => /\p{L}{2}/u.test(word));
  return words.length <= 2 || BARE_FOLLOW_UP.test(message) || (words.length <= 10 && ANAPHORA.test(message));
}

function isContinuation(message: string): boolean {
  const words = message.split(/\s+/).filter((word) => /\p{L}{2}/u.test(word));
  return words.length <= SHORT_CONTINUATION && (CONTINUATION_START.test(message) || STOCK_END.test(message));
}

/**
 * The retrieval query: the message alone, or for a follow-up the message plus the previous
 * question and the titles of what was shown, so "how much is it?" finds the product just discussed.
 */
export function retrievalQuery(message: string, history: PastTurn[]): string {
  const topic = withoutContactDetails(message);
  const previous = history[history.length - 1];
  if (!previous) return topic;
  // Only one source: listing every title shown would make the runner-up as "named" as the winner.
  // The best one, unless the message names another of those shown by a word of its own title.
  const titles = [(shownNamedIn(message, previous.sources) ?? previous.sources[0])?.title].filter((title) => title !== undefined);
  if (isBareFollowUp(message)) return [topic, withoutContactDetails(previous.message), ...titles].join("\n");
  // «а мягкая обложка есть?» has words of its own: with the product discussed, not the question about it
  // (whose «сколько стоит» would find the delivery price).
  return isContinuation(message) ? [topic, ...titles].join("\n") : topic;
}

/**
 * "the puppy one" after a list of dog foods: the one product shown whose title has a word of the
 * message that no other shown title has. The words are the titles' own, so nothing here is vocabulary.
 */
export function shownNamedIn(message: string, sources: ChatSource[]): ChatSource | undefined {
  const products = sources.filter((source) => source.type === "product");
  if (products.length < 2) return undefined;
  const said = new Set(contentWords(message).map(stem));
  const titleWords = products.map((product) => new Set(contentWords(product.title).map(stem)));
  const named = products.filter((_, i) => [...titleWords[i]].some((word) => said.has(word) && titleWords.every((other, j) => j === i || !other.has(word))));
  return named.length === 1 ? named[0] : undefined;
}

/**
 * Contact details say nothing about what the shopper is asking and dilute the query's vector
 * ("my name is John, john@x.com, I want a down jacket" barely resembles the jacket otherwise).
 */
export function withoutContactDetails(message: string): string {
  const stripped = message
    .replace(/(?<![\p{L}0-9._%+-])[\p{L}0-9._%+-]+@[\p{L}0-9.-]+\.\p{L}{2,}/gu, " ")
    .replace(/\+?\(?\d[\d\s().-]{8,}\d/g, " ")
    .replace(/\b(?:my\s+name(?:'s|\s+is)|i'm|i\s+am)\s+\p{Lu}\p{L}+/gu, " ")
    .replace(/(?:меня\s+зовут|мо[её]\s+имя)\s+\p{L}+/giu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return /\p{L}{3,}/u.test(stripped) ? stripped : message;
}
