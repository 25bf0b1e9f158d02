import type { PriceConstraint } from "./intents";
import { parseAmount } from "./price-format";
import { numericAttributes } from "~/knowledge/attributes";
import type { RetrievedChunk } from "~/knowledge/retrieve.server";
import { estimateTokens } from "~/knowledge/tokens";
import { rememberedByKey } from "~/remembered";

/** A retrieved chunk as the chat uses it. */
export type ContextChunk = RetrievedChunk;

export interface ChatSource {
  type: ContextChunk["sourceType"];
  id: string;
  title: string;
  url?: string;
  price?: string;
  currency?: string;
  image?: string;
  /** Products on sale: the numeric variant id a storefront "Add to cart" sends (the `id` is the product's). */
  variantId?: string;
}

/**
 * Whether a chunk actually answers something. Fused scores are relative to the query's best hits,
 * so relevance comes from the channels: an exact SKU/id match, a cosine
 * similarity above the threshold, or a solid lexical match (several query terms, a single
 * shared word such as a city name is not enough) backed by a quarter of it. The local embedder
 * scores long product chunks low even when they match ("warm winter jacket" vs a down jacket's
 * 150-word text: ~0.09), so several matching terms must carry the decision there.
 */
export function isRelevant(chunk: ContextChunk, similarityThreshold: number): boolean {
  if (chunk.exactMatch) return true;
  const similarity = chunk.similarity ?? 0;
  const lexical = chunk.lexicalRank ?? 0;
  if (similarity >= similarityThreshold) return true;
  if (lexical >= STRONG_LEXICAL && similarity >= similarityThreshold / 4) return true;
  // A product with several of the shopper's words in its name ("чехол … 15" in a mixed-language
  // title the local embedder barely relates to the question): relevant whatever the similarity.
  if (chunk.sourceType === "product" && lexical >= STRONG_LEXICAL * 4) return true;
  // Vector channel missing (e.g. the embedder failed): a very strong lexical match still counts.
  return chunk.similarity === null && lexical >= STRONG_LEXICAL * 2;
}

/**
 * The chunks that answer, in retrieval order: the relevant ones (`keep`), and a product ranked
 * above one of them that shares a word of the question with it (any lexical hit). The fusion put it
 * first on the shopper's own words («теряю ключи» → a tracker "for keys"); a chunk below it that is
 * kept on the embedder's similarity alone is no better evidence.
 */
export function answeringChunks(chunks: ContextChunk[], keep: (chunk: ContextChunk) => boolean): ContextChunk[] {
  const kept = chunks.map(keep);
  const lastKept = kept.lastIndexOf(true);
  return chunks.filter((chunk, index) => kept[index] || (index < lastKept && chunk.sourceType === "product" && (chunk.lexicalRank ?? 0) > 0));
}

/** ts_rank (field-weighted, length-normalised) of a chunk whose name carries a query word: ~0.03+; a word only in a description scores ~0.01. */
const STRONG_LEXICAL = 0.03;

/** Best chunks first until the token budget is spent; the best one is always kept. */
export function withinTokenBudget(chunks: ContextChunk[], budget: number): ContextChunk[] {
  const out: ContextChunk[] = [];
  let used = 0;
  for (const chunk of chunks) {
    const cost = tokensOfChunkText(chunk.text) + 12;
    if (out.length > 0 && used + cost > budget) continue;
    out.push(chunk);
    used += cost;
  }
  return out;
}

/**
 * A shop's chunks come back turn after turn with the same texts: each is counted once (counting
 * walks every word of the text with a Unicode regex, a match object per word).
 */
const tokensOfChunkText = rememberedByKey(4_096, estimateTokens);

/** One source per item (not per chunk), best first. */
export function sourcesOf(chunks: ContextChunk[], limit = 6): ChatSource[] {
  const seen = new Map<string, ChatSource>();
  for (const chunk of chunks) {
    const key = `${chunk.sourceType}:${chunk.sourceId}`;
    if (seen.has(key)) continue;
    seen.set(key, {
      type: chunk.sourceType,
      id: chunk.sourceId,
      title: chunk.title,
      ...(chunk.url ? { url: chunk.url } : {}),
      ...(chunk.price ? { price: chunk.price } : {}),
      ...(chunk.currency ? { currency: chunk.currency } : {}),
      ...(chunk.image ? { image: chunk.image } : {}),
      ...(chunk.cartVariantId ? { variantId: chunk.cartVariantId } : {}),
    });
    if (seen.size >= limit) break;
  }
  return [...seen.values()];
}

/** What the log keeps of the context: enough to replay why an answer said what it said. */
export function contextForLog(chunks: ContextChunk[]) {
  return chunks.map((chunk) => ({
    chunkId: chunk.chunkId,
    sourceType: chunk.sourceType,
    sourceId: chunk.sourceId,
    score: round(chunk.score),
    similarity: chunk.similarity === null ? null : round(chunk.similarity),
    lexicalRank: chunk.lexicalRank,
    exactMatch: chunk.exactMatch,
  }));
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * The shopper's price bounds and order words over the price field: products outside the bounds
 * leave the context, and "cheapest"/«подешевле» (or "most expensive") orders the products by price;
 * a superlative ("lightest", «самый мощный») orders them by that attribute of their text instead;
 * `rank` (the catalog tags the message names) goes before either.
 * Non-product chunks keep their places; products without a price stay, after those with one.
 */
export function withinPriceConstraint<T extends ContextChunk>(chunks: T[], constraint: PriceConstraint, ofKind?: (chunk: ContextChunk) => boolean, rank?: (chunk: ContextChunk) => number): T[] {
  const priced = (chunk: T) => (chunk.sourceType === "product" ? parseAmount(chunk.price) : undefined);
  const kept = chunks.filter((chunk) => {
    const price = priced(chunk);
    if (price === undefined) return true;
    return (constraint.max === undefined || price <= constraint.max) && (constraint.min === undefined || price >= constraint.min);
  });
  const order = constraint.attribute?.order ?? constraint.order;
  if (!order) return kept;
  const direction = order === "asc" ? 1 : -1;
  // "The cheapest tent" is the cheapest of the tents, not of everything a tent query touched (a
  // lantern "for the tent"): only products scoring near the best one take part in the ordering.
  const bestScore = Math.max(0, ...kept.filter((chunk) => chunk.sourceType === "product").map((chunk) => chunk.score));
  // The kind the message names, when known, is the topic itself (a tent ranked lower is still a tent).
  const onTopic = kept.filter((chunk) => chunk.sourceType !== "product" || (ofKind ? ofKind(chunk) : chunk.score >= bestScore * ORDER_SCORE_SHARE));
  const kind = constraint.attribute?.kind;
  const valueOf = (chunk: T) => (kind ? numericAttributes(chunk.text)[kind] : priced(chunk));
  const products = onTopic
    .filter((chunk) => chunk.sourceType === "product")
    .sort((a, b) => {
      // What the message names of a product (its tags) outweighs the order: the lightest of the "ultralight backpacks", not a mug.
      const named = rank ? rank(b) - rank(a) : 0;
      if (named) return named;
      const pa = valueOf(a);
      const pb = valueOf(b);
      if (pa === undefined || pb === undefined) return pa === undefined ? (pb === undefined ? 0 : 1) : -1;
      return direction * (pa - pb);
    });
  return inPlacesOf(onTopic, (chunk) => chunk.sourceType === "product", products);
}

/**
 * `chunks` with the ones `takesPart` picks put in `reordered`'s order, each into a place one of
 * them held; the others (a FAQ, a policy, a product left out) keep theirs.
 */
export function inPlacesOf<T>(chunks: T[], takesPart: (chunk: T) => boolean, reordered: T[]): T[] {
  let next = 0;
  return chunks.map((chunk) => (takesPart(chunk) ? reordered[next++] : chunk));
}

const ORDER_SCORE_SHARE = 0.6;
