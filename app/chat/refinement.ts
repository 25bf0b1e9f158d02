import type { PastTurn } from "./conversation.server";
import type { PriceConstraint } from "./intents";
import { refiningListing, type ListingRequest } from "./listing";
import type { Refinement } from "./understand";
import { contentWords, stem } from "~/knowledge/text";

/**
 * The model's reading of a refinement ("cheaper", "a lighter one", "in blue", "for women") as the
 * listing request the offline path builds for its own (listing.ts): the kind shown last turn, the
 * items shown (cheaper than the first of them), the direction on price or on a numeric attribute,
 * and option values every item must have. Undefined when the model saw no refinement of the same
 * kind, or the last turn listed no kind to refine.
 */
export function refinementListing(refinement: Refinement | undefined, history: PastTurn[], constraint: PriceConstraint): ListingRequest | undefined {
  const last = history.at(-1);
  const kind = last?.state.listing;
  if (!refinement?.sameKindAsBefore || !kind) return undefined;
  const refined: PriceConstraint = { ...constraint };
  if (refinement.price === "cheaper") refined.order = "asc";
  else if (refinement.price === "more_expensive") refined.order = "desc";
  if (refinement.attribute) refined.attribute = { kind: refinement.attribute.kind, order: refinement.attribute.direction === "less" ? "asc" : "desc" };
  const narrowing = [...new Set((refinement.options ?? []).flatMap((option) => contentWords(option.value)).filter((word) => /\p{L}{2}/u.test(word)).map(stem))].filter(
    (word) => !kind.kind.includes(word),
  );
  return refiningListing(kind, last.sources, refined, narrowing);
}
