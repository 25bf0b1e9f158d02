import type { ContextChunk } from "./context";
import { quotePassage, type ComposedAnswer } from "./offline-composer";
import { noLookupText } from "./order-status";
import type { ShopProfile } from "./shop-profile";

/**
 * "Where is my order?" in a shop the chat cannot look orders up for: the shop's own answer on
 * tracking an order (a FAQ, policy or page that talks about tracking), else where order status
 * can be seen. Never whatever FAQ shares the word "order" (pickup, payment): those do not answer it.
 */

export type TrackingRetrieve = (query: string) => Promise<ContextChunk[]>;

// General words for following an order, in the languages the chat writes; never a store's wording.
const TRACKING_QUERIES = ["track my order tracking number", "отследить заказ трек-номер отслеживание"];
const TRACKING_TEXT = /\btrack(?:ing|ed)?\b|отслед|трек(?!ингов)|\border\s+status\b|статус\w*\s+заказ/iu;

export async function orderTrackingAnswer(
  retrieve: TrackingRetrieve,
  input: { message: string; language: "ru" | "en"; profile: ShopProfile },
): Promise<ComposedAnswer> {
  const found = new Map<string, ContextChunk>();
  for (const query of TRACKING_QUERIES) {
    for (const chunk of await retrieve(query)) {
      if (chunk.sourceType === "product" || !(chunk.lexicalRank ?? 0) || !TRACKING_TEXT.test(`${chunk.title}\n${chunk.text}`)) continue;
      const seen = found.get(chunk.chunkId);
      if (!seen || (chunk.lexicalRank ?? 0) > (seen.lexicalRank ?? 0)) found.set(chunk.chunkId, chunk);
    }
  }
  // A title about tracking beats a text that mentions it in passing (a delivery policy's last line).
  const ranked = [...found.values()].sort(
    (a, b) => Number(TRACKING_TEXT.test(b.title)) - Number(TRACKING_TEXT.test(a.title)) || (b.lexicalRank ?? 0) - (a.lexicalRank ?? 0),
  );
  const best = ranked[0];
  if (!best) return { kind: "passage", text: noLookupText(input.language, input.profile), used: [] };
  return quotePassage(best, `${input.message} ${TRACKING_QUERIES.join(" ")}`, input.language, INTRO[input.language]);
}

const INTRO = {
  ru: "Проверить заказ прямо в чате я не могу, но вот как его отследить:",
  en: "I can't look orders up in this chat, but here is how to track one:",
} as const;
