import { contentWords, stem } from "~/knowledge/text";
import { catalogTagsOf } from "~/knowledge/chunker";
import type { ContextChunk } from "./context";
import { askedVariants, type AskedVariants, type VariantLine } from "./variants";

/**
 * Which product a variant question is about when the candidates disagree. Two mistakes it avoids:
 *
 * - «чехол на 15 айфон мятного цвета»: two cases come in mint; the one whose name and catalog tags
 *   share most of the shopper's words (here "15") is the one asked about, not the first one retrieval
 *   ranked.
 * - «"Дом на краю карты" в мягкой обложке?»: the book named has no paperback, another book has one.
 *   The answer is about the book named — it has no such option, here is what it does come in —
 *   never the other book's paperback.
 *
 * The words compared are the catalog's own (titles, tags, option values); nothing here is vocabulary.
 */

export interface VariantChoice extends AskedVariants {
  product: ContextChunk;
  all: VariantLine[];
}

export interface VariantCandidate {
  product: ContextChunk;
  texts: string[];
  all: VariantLine[];
}

const wordsOf = (text: string) => contentWords(text).map(stem);

/** How many of the product's own words (title, catalog tags) the message says. */
function overlap(message: Set<string>, candidate: VariantCandidate): number {
  const own = new Set([...wordsOf(candidate.product.title), ...candidate.texts.flatMap(catalogTagsOf).flatMap(wordsOf)]);
  return [...own].filter((word) => message.has(word)).length;
}

/**
 * The product (and its variants) the message asks about, among candidates in their order (named
 * products first). `named` is the product the message names by title, if any (`namedInMessage`: by the
 * message's own words, in full, not only with the earlier turn's). A result with no
 * `matched` variants means the named product lacks the option values in `values`.
 */
export function chooseVariantProduct(message: string, candidates: VariantCandidate[], named?: ContextChunk, namedInMessage = false): VariantChoice | undefined {
  const asked = candidates.map((candidate) => ({ candidate, asked: askedVariants(message, candidate.all, candidate.texts.flatMap(catalogTagsOf)) }));
  const matching = asked.filter((entry) => entry.asked.matched.length > 0);
  if (!matching.length) return undefined;
  const namedEntry = named && asked.find((entry) => entry.candidate.product.sourceId === named.sourceId);
  if (namedEntry) {
    if (namedEntry.asked.matched.length) return { ...namedEntry.asked, product: namedEntry.candidate.product, all: namedEntry.candidate.all };
    // The named product has options of its own, none of them the asked one: say so about it.
    if (namedEntry.candidate.all.length > 1) {
      const values = [...new Set(matching.flatMap((entry) => entry.asked.values))];
      return { matched: [], values, product: namedEntry.candidate.product, all: namedEntry.candidate.all };
    }
    // The message itself names, in full, a product that comes one way only: it asks about that product, not about
    // another's option («Сколько стоит Автомобильная зарядка 2×USB-C 45 Вт?» is no question about a cable's «2 m»).
    // A follow-up naming nothing itself («а красный есть?» after a list) may still mean another item.
    if (namedInMessage) return undefined;
  }
  const words = new Set(wordsOf(message));
  // The first of those that share most words with the message (a stable sort keeps the given order).
  const best = [...matching].sort((a, b) => overlap(words, b.candidate) - overlap(words, a.candidate))[0];
  return { ...best.asked, product: best.candidate.product, all: best.candidate.all };
}
