import type { ContextChunk } from "./context";

/**
 * A refinement word no item of the kind says, bridged through the catalog's own tags. «а для
 * ребёнка?» after headphones: no headphone's text says «ребёнок», but the kids' smartwatch does
 * ("for a child of 5–12") and carries the tag «детские»; the kids' headphones carry it too, so they
 * are what the shopper means. The bridge is the shop's tagging, never a word list in code, and it is
 * used only for a word that matches no item of the kind directly.
 */
export interface BridgeInput {
  /** Items of the kind (candidates for the refinement). */
  items: ContextChunk[];
  /** Every retrieved candidate, of any kind: where the word may be said. */
  candidates: ContextChunk[];
  /** Stems of a chunk's texts. */
  stemsOf: (chunk: ContextChunk) => Set<string>;
  /** A chunk's catalog tags, each as its stems. */
  tagsOf: (chunk: ContextChunk) => string[][];
  /** Whether a tag (as stems) names the kind itself: never a bridge. */
  isKindTag: (stems: string[]) => boolean;
}

const tagKey = (stems: string[]) => stems.join(" ");

/**
 * Whether an item answers to the required word: it says it, or (when no item of the kind says it)
 * it carries a tag that the other products saying the word carry.
 */
export function refinementMatcher(input: BridgeInput, word: string): (chunk: ContextChunk) => boolean {
  const says = (chunk: ContextChunk) => input.stemsOf(chunk).has(word);
  if (input.items.some(says)) return says;
  const itemIds = new Set(input.items.map((chunk) => chunk.sourceId));
  const bridges = new Set<string>();
  const seen = new Set<string>();
  for (const chunk of input.candidates) {
    if (chunk.sourceType !== "product" || itemIds.has(chunk.sourceId) || seen.has(chunk.sourceId) || !says(chunk)) continue;
    seen.add(chunk.sourceId);
    for (const tag of input.tagsOf(chunk)) if (!input.isKindTag(tag)) bridges.add(tagKey(tag));
  }
  if (!bridges.size) return says;
  const matching = (chunk: ContextChunk) => input.tagsOf(chunk).some((tag) => bridges.has(tagKey(tag)));
  // A tag every item of the kind carries tells none of them apart: no bridge.
  if (input.items.every(matching)) return says;
  return matching;
}
