import { numericAttributes } from "~/knowledge/attributes";
import { stem } from "~/knowledge/text";
import { colourOf, coloursIn } from "./colour-words";
import { parseAmount } from "./price-format";
import { sizeExtremeAsked } from "./size-extreme";
import { lowerInPlace, standaloneAt, standsAlone } from "./standalone-token";

/**
 * A product's variants as its knowledge chunks list them (chunker.ts writes one line each under
 * "Variants:": "- Black / M — SKU: JKT-2015-BK-M — 21 990 ₽ (was 24 990 ₽) — in stock"), and the
 * variants a shopper's message asks about: by SKU, or by the option values it names ("XL",
 * «красный», "size 42", "Women's fit"). General language only; the values come from the catalog.
 */

export interface VariantLine {
  title: string;
  /** The title's option values: "Black / M" -> ["Black", "M"]; "Size: XL, Color: Red" -> ["XL", "Red"]. */
  options: string[];
  sku?: string;
  price?: number;
  /** The price before a sale, when the variant is on sale. */
  compareAt?: number;
  available?: boolean;
}

/** The texts of every chunk of the products a turn shows, by product id (a long product's variant lines sit in its last chunk). */
export type ProductTexts = Map<string, string[]>;

/** Every variant line in the texts of one product. */
export function variantsOf(texts: string[]): VariantLine[] {
  const seen = new Map<string, VariantLine>();
  for (const text of texts) {
    const at = text.indexOf("Variants:\n");
    if (at < 0) continue;
    for (const line of text.slice(at + "Variants:\n".length).split("\n")) {
      if (!line.startsWith("- ")) break;
      const variant = parseVariantLine(line.slice(2));
      if (variant && !seen.has(variant.title)) seen.set(variant.title, variant);
    }
  }
  return [...seen.values()];
}

function parseVariantLine(line: string): VariantLine | undefined {
  const [title, ...parts] = line.split(" — ").map((part) => part.trim());
  if (!title) return undefined;
  const variant: VariantLine = { title, options: optionValues(title) };
  for (const part of parts) {
    if (part.startsWith("SKU: ")) variant.sku = part.slice(5).trim();
    else if (part === "in stock") variant.available = true;
    else if (part === "out of stock") variant.available = false;
    else if (/\d/.test(part)) {
      const [now, was] = part.split(" (was ");
      variant.price = parseAmount(now);
      if (was) variant.compareAt = parseAmount(was.replace(")", ""));
    }
  }
  return variant;
}

function optionValues(title: string): string[] {
  return title
    .split(/ \/ |, /u)
    .map((value) => value.replace(/^[^:]{1,40}:\s+/u, "").trim())
    .filter(Boolean);
}

export interface AskedVariants {
  /** The variants the message asks about (all of its named option values match). */
  matched: VariantLine[];
  /** The option values the message named. */
  values: string[];
}

/**
 * The variants of one product that the message names; empty when it names none. `kindWords` are
 * the product's own catalog tags: an option value's word that only repeats the kind («Электронная
 * книга» in a bookshop) need not be said, «электронная версия» names it.
 */
export function askedVariants(message: string, variants: VariantLine[], kindWords: string[] = []): AskedVariants {
  const upper = message.toUpperCase();
  const bySku = variants.filter((variant) => variant.sku && standsAlone(upper, variant.sku.toUpperCase(), "-"));
  if (bySku.length) return { matched: bySku, values: bySku.map((variant) => variant.title) };
  const words = wordsOf(message);
  const lowered = lowerInPlace(message);
  const kind = new Set(kindWords.flatMap(wordsOf).map(stem));
  const values = [...new Set(variants.flatMap((variant) => variant.options))].filter((value) => mentions(message, lowered, words, value, kind));
  if (!values.length) {
    const sized = sizeExtremeAsked(message, variants, (word) => wordsOf(word).some((each) => kind.has(stem(each))));
    return sized ? { matched: [sized], values: [sized.title] } : { matched: [], values: [] };
  }
  // "Black M" asks for the variant with both; "Black" alone for every black one.
  const scored = variants.map((variant) => ({ variant, hits: variant.options.filter((option) => values.includes(option)).length }));
  const best = Math.max(...scored.map((entry) => entry.hits));
  return { matched: scored.filter((entry) => entry.hits === best && best > 0).map((entry) => entry.variant), values };
}

const SIZE_LETTERS = /^(?:X{0,3}S|M|X{0,3}L|\dXL)$/i;
// The word right before the value: "in size XL", «в размере M», «р-р L».
const SIZE_WORD = /^(?:size|sized|размер\p{L}*|р-р|рост\p{L}*)$/iu;

/** Whether the message names this option value. */
function mentions(message: string, lowered: string, words: string[], value: string, kind: Set<string>): boolean {
  const trimmed = value.trim();
  // "S/M", "L/XL", "XS-S": a range of size letters is written as the catalog writes it, in any case.
  const range = trimmed.split(/[/-]/u);
  if (range.length > 1 && range.every((part) => SIZE_LETTERS.test(part.trim()))) {
    return standsAlone(lowered, trimmed.toLowerCase(), "/-");
  }
  if (SIZE_LETTERS.test(trimmed)) return namesSize(message, lowered, trimmed);
  // "XL (42 × 32 in)", "M / 38": a size letter among the value's parts names it too.
  const code = trimmed.split(/[\s()/]+/u).find((part) => SIZE_LETTERS.test(part));
  if (code && namesSize(message, lowered, code)) return true;
  const numbers = trimmed.match(/\d+(?:[.,]\d+)?/g) ?? [];
  // "EU 42", "98 cm", "44–46 (S)": the number carries it.
  if (numbers.length) return numbers.some((number) => words.includes(number)) && measureAgrees(message, trimmed);
  const all = wordsOf(trimmed).filter((word) => word.length >= 3);
  const valueWords = all.length > 1 ? all.filter((word) => !kind.has(stem(word))) : all;
  if (!valueWords.length) return false;
  const stems = new Set(words.map(stem));
  // A colour in either language: "black" names «Чёрный», «розовый» names "Pink".
  const colours = coloursIn(message);
  const named = (word: string) => stems.has(stem(word)) || colours.has(colourOf(word) ?? "");
  // Every word: "women's" alone is no "Women's fit".
  return valueWords.every(named);
}

/**
 * "S", "M", "L": only as a size, written in capitals or right after "size"/«размер» ("size m", not
 * "a m"). "XS", "XL", "2XL" in any case: "xl" is no word but a size.
 */
function namesSize(message: string, lowered: string, code: string): boolean {
  for (const index of standaloneAt(lowered, code.toLowerCase())) {
    const written = message.slice(index, index + code.length);
    // A Latin letter alone among Russian words is no word of theirs: «а m есть?».
    const alone = /(?:^|\s)$/u.test(message.slice(0, index));
    if (code.length > 1 || written === written.toUpperCase() || (alone && /\p{Script=Cyrillic}/u.test(message))) return true;
    const before = message.slice(0, index).trimEnd().split(/\s/).at(-1) ?? "";
    const after = message.slice(index + code.length);
    // "got it in m?", «а в s есть?»: the letter the short question ends on, right after "in"/«в».
    if (SIZE_WORD.test(before) || (IN_WORD.test(before) && /^[^\p{L}\d]*$/u.test(after.replace(/есть/iu, "")))) return true;
  }
  return false;
}
const IN_WORD = /^(?:in|в)$/iu;

/**
 * A value that is a measure ("3 lb", "24 × 3 oz", "1 л": weight, volume… as attributes.ts reads
 * them) is named by that measure, in either language's unit ("1 l" = «1 л»), never by its bare
 * number: "3 month old" names no "3 lb". Other numbers ("98 cm", "EU 42") are named by the number.
 */
function measureAgrees(message: string, value: string): boolean {
  const measures = Object.entries(numericAttributes(value));
  if (!measures.length) return true;
  const asked = numericAttributes(message);
  return measures.some(([kind, amount]) => asked[kind as keyof typeof asked] === amount);
}

function wordsOf(text: string): string[] {
  return (text.toLowerCase().replace(/ё/g, "е").match(/[\p{L}\d]+(?:[.,]\d+)?/gu) ?? []).map((word) => word.replace(/'s$/, ""));
}
