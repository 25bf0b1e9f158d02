import { numericAttributes } from "~/knowledge/attributes";

/** What this module reads of a variant line (variants.ts): its title. */
type Titled = { title: string };

/**
 * "how much is the big bag", «сколько стоит большая банка»: of a product that comes in amounts
 * ("4 lb", "12 lb"; «250 г», «1 кг»; "30 pcs", "90 pcs"), the largest one, or the smallest for "the
 * small bag". The word after the size must not be one of the product's own kind words: "food for a big
 * dog" is about the dog, not the bag. Only amounts are ordered: "a bigger jacket" is no answer here.
 */
const LARGE = /(?<![\p{L}\p{N}])(?:big|bigger|biggest|large|larger|largest|больш\p{L}{0,4}|крупн\p{L}{0,4})\s{1,3}(\p{L}{1,30})/giu;
const SMALL = /(?<![\p{L}\p{N}])(?:small|smaller|smallest|little|маленьк\p{L}{0,4}|небольш\p{L}{0,4}|мелк\p{L}{0,4})\s{1,3}(\p{L}{1,30})/giu;
/** An amount and its unit: "12 lb", «500 мл», "1.5 l". */
const AMOUNT = /(?<![\p{L}\p{N}])(\d{1,6}(?:[.,]\d{1,3})?)\s?(\p{L}{1,10})(?![\p{L}])/u;

/**
 * The variant the message asks for by its size among the product's amounts, if any. `isKindWord`:
 * whether a word is one of the product's own kind words, read as askedVariants reads them (its
 * catalog tags), so the word after the size is folded and stemmed as theirs were.
 */
export function sizeExtremeAsked<Line extends Titled>(message: string, variants: Line[], isKindWord: (word: string) => boolean): Line | undefined {
  const sizes = { large: [...message.matchAll(LARGE)], small: [...message.matchAll(SMALL)] };
  if (!sizes.large.length && !sizes.small.length) return undefined;
  const said = (matches: RegExpMatchArray[]) => matches.some((match) => !isKindWord(match[1]));
  const large = said(sizes.large);
  if (large === said(sizes.small)) return undefined;
  const sized = amountsOf(variants)?.map((size, i) => ({ variant: variants[i], size }));
  if (!sized || new Set(sized.map((entry) => entry.size)).size < 2) return undefined;
  const pick = sized.reduce((best, entry) => ((large ? entry.size > best.size : entry.size < best.size) ? entry : best));
  // Two variants of that amount (in two colours) need the shopper to say which.
  return sized.filter((entry) => entry.size === pick.size).length === 1 ? pick.variant : undefined;
}

/** Each variant's amount in one measure, or undefined when they do not all state one. */
function amountsOf(variants: Titled[]): number[] | undefined {
  if (variants.length < 2) return undefined;
  const attributes = variants.map((variant) => numericAttributes(variant.title));
  for (const kind of ["weight", "volume", "capacity", "power"] as const) {
    if (attributes.every((found) => found[kind] !== undefined)) return attributes.map((found) => found[kind]!);
  }
  // A unit the attributes do not know ("30 pcs", «12 шт»): the same one throughout.
  const amounts = variants.map((variant) => AMOUNT.exec(variant.title));
  if (amounts.some((amount) => !amount) || new Set(amounts.map((amount) => amount![2].toLowerCase())).size !== 1) return undefined;
  return amounts.map((amount) => Number(amount![1].replace(",", ".")));
}
