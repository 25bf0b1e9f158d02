import { parseAmount } from "../price-format";

export interface PriceMention {
  value: number;
  raw: string;
  start: number;
  end: number;
}

// A number starts where a run of digits and separators starts (not after a digit, separator or
// "digit space"): started inside a long run it would rescan the rest of the run at every position.
const NUMBER = String.raw`(?<![\d.,\u00A0\u202F]|\d )(?:\d{1,3}(?:[ \u00A0\u202F,.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)`;
const SYMBOL_BEFORE = String.raw`[$€£₽]|\b(?:RUB|USD|EUR|GBP)\b|руб\.?`;
const SYMBOL_AFTER = String.raw`₽|руб(?:лей|ля|ль|\.)?|р\.|[$€£]|\b(?:RUB|USD|EUR|GBP)\b|долл(?:аров|ара|ар)?|евро|\b(?:rubles?|roubles?|dollars?|bucks|euros?)\b`;
const PRICE = new RegExp(String.raw`(?:(?:${SYMBOL_BEFORE})\s?(${NUMBER}))|(?:(${NUMBER})\s?(?:${SYMBOL_AFTER}))`, "giu");

/**
 * Money amounts in ru/en text: "12 990 ₽", "12990 руб.", "$49.99", "RUB 4,500", "4 500 рублей".
 * A bare number is not a price (sizes, quantities and years look the same).
 */
export function findPrices(text: string): PriceMention[] {
  const out: PriceMention[] = [];
  for (const match of text.matchAll(PRICE)) {
    const value = parseAmount(match[1] ?? match[2]);
    if (value === undefined) continue;
    const start = match.index ?? 0;
    out.push({ value, raw: match[0], start, end: start + match[0].length });
  }
  return out;
}

export interface PricedItem {
  title: string;
  price: number;
  /** How the corrected price should read. */
  display: string;
  /** Every amount this product sells for: its price and its variants' prices (default: the price). */
  amounts?: number[];
  /** Its catalogue URL: a link to it cites it as much as its name does. */
  url?: string | null;
}

export interface PriceGuardContext {
  /**
   * Amounts any sentence may quote: the store's own terms (shipping, returns — policy and FAQ
   * texts, the perks in its settings). Never the shopper's own ("can I have it for 500 ₽?" must
   * not become a price the assistant repeats), and never an amount that merely appears in some
   * product's description: a product's amounts count only once the answer cites that product.
   */
  allowed: number[];
  /** Products in the context with a known price: what a citing sentence may quote, and what corrects a wrong one. */
  items: PricedItem[];
}

/** A check that runs on each sentence before its prices (the destinations guard). */
export type SentenceCheck = (sentence: string) => { text: string; removed: number };

export interface GuardOutcome {
  text: string;
  corrected: number;
  removed: number;
}

const isAllowed = (value: number, allowed: number[]) => allowed.some((amount) => Math.abs(amount - value) < 0.005);

/**
 * Every price a sentence quotes must be one the context holds. A wrong price next to exactly one
 * known product is corrected to that product's price; any other sentence with an unknown price
 * is dropped, because a missing sentence costs less than a promise the store will not honour.
 */
export function guardSentence(sentence: string, context: PriceGuardContext, cited: Set<PricedItem> = new Set()): GuardOutcome {
  const named = productsNamedIn(sentence, context.items);
  // An item cited earlier in the answer ("The Summit jacket is warm. It costs …") still counts.
  for (const item of named) cited.add(item);
  const allowed = [...context.allowed, ...[...cited].flatMap((item) => item.amounts ?? [item.price])];
  const wrong = findPrices(sentence).filter((mention) => !isAllowed(mention.value, allowed));
  if (wrong.length === 0) return { text: sentence, corrected: 0, removed: 0 };
  if (named.length === 1) {
    let text = sentence;
    for (const mention of [...wrong].reverse()) text = text.slice(0, mention.start) + named[0].display + text.slice(mention.end);
    return { text, corrected: wrong.length, removed: 0 };
  }
  // Keep the line break that separated it so list formatting survives the removal.
  return { text: sentence.slice(sentence.trimEnd().length).includes("\n") ? "\n" : "", corrected: 0, removed: 1 };
}

export function guardPrices(text: string, context: PriceGuardContext): GuardOutcome {
  const outcome: GuardOutcome = { text: "", corrected: 0, removed: 0 };
  const cited = new Set<PricedItem>();
  for (const sentence of splitSentences(text, context.items)) {
    const guarded = guardSentence(sentence, context, cited);
    outcome.text += guarded.text;
    outcome.corrected += guarded.corrected;
    outcome.removed += guarded.removed;
  }
  return outcome;
}

// A sentence ends at . ! ? … (plus closing quotes/brackets) followed by whitespace, or at a newline.
// Starts only at the first mark of a run ("!!!!…" without a space after it is one failed attempt, not n).
const SENTENCE_END = /(?<![.!?…])[.!?…]+["»”')\]]*\s+|\n+/gu;

/**
 * A full stop inside a quoted title («Лев Толстой. Анна Каренина», [Dr. Martens](…)) ends no
 * sentence: cut there, the price after it would be checked apart from the name it belongs to. A
 * quote left open longer than a title ends at the next sentence mark as before.
 */
function insideTitle(sentence: string, items: PricedItem[] = []): boolean {
  if (sentence.length > MAX_TITLE_SPAN) return false;
  const count = (mark: string) => sentence.split(mark).length - 1;
  return count("«") > count("»") || count("[") > count("]") || beforeTitleStop(sentence, items);
}

/**
 * The sentence so far ends where a known product's title has a full stop ("Лев Толстой" of "Лев
 * Толстой. Анна Каренина costs 890 ₽", written without quotes): the title goes on after the mark.
 */
function beforeTitleStop(sentence: string, items: PricedItem[]): boolean {
  const end = sentence.toLowerCase();
  return items.some((item) => {
    const title = item.title.toLowerCase();
    return [...title.matchAll(/[.!?…]\s/gu)].some((mark) => !!mark.index && end.endsWith(title.slice(0, mark.index)));
  });
}
const MAX_TITLE_SPAN = 300;

export function splitSentences(text: string, items: PricedItem[] = []): string[] {
  const out: string[] = [];
  let last = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    if (!match[0].includes("\n") && insideTitle(text.slice(last, match.index), items)) continue;
    const end = (match.index ?? 0) + match[0].length;
    out.push(text.slice(last, end));
    last = end;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/**
 * Streaming form of the guard: tokens go in, only complete and checked sentences come out, so a
 * shopper never sees a price before it has been verified.
 */
export class GuardedSentenceStream {
  private pending = "";
  private readonly cited = new Set<PricedItem>();
  corrected = 0;
  removed = 0;

  constructor(
    private readonly context: PriceGuardContext,
    private readonly before?: SentenceCheck,
  ) {}

  push(token: string): string {
    this.pending += token;
    let released = "";
    let cut = 0;
    for (const match of this.pending.matchAll(SENTENCE_END)) {
      const end = (match.index ?? 0) + match[0].length;
      // Whitespace at the very end may still grow ("12." then " 990") — wait for the next token.
      if (end === this.pending.length && !match[0].includes("\n")) break;
      if (!match[0].includes("\n") && insideTitle(this.pending.slice(cut, match.index), this.context.items)) continue;
      released += this.check(this.pending.slice(cut, end));
      cut = end;
    }
    this.pending = this.pending.slice(cut);
    return released;
  }

  flush(): string {
    const rest = this.pending;
    this.pending = "";
    return rest ? this.check(rest) : "";
  }

  private check(sentence: string): string {
    const checked = this.before?.(sentence) ?? { text: sentence, removed: 0 };
    this.removed += checked.removed;
    if (checked.removed) return checked.text;
    const outcome = guardSentence(checked.text, this.context, this.cited);
    this.corrected += outcome.corrected;
    this.removed += outcome.removed;
    return outcome.text;
  }
}

function productsNamedIn(sentence: string, items: PricedItem[]): PricedItem[] {
  const lower = sentence.toLowerCase();
  const named = items.filter((item) => {
    if (item.url && sentence.includes(`](${item.url})`)) return true;
    // A short model name ("3L", "X5") counts as a word: it is often what tells two products apart.
    const words = item.title.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 3 || /\d/u.test(word));
    if (words.length === 0) return false;
    const present = words.filter((word) => lower.includes(word)).length;
    return present / words.length >= 0.6;
  });
  const unique = new Map(named.map((item) => [item.title, item]));
  return [...unique.values()];
}

/** Every amount written in these texts (the store's terms: policies, FAQ, perks). */
export function amountsIn(texts: string[]): number[] {
  const out = new Set<number>();
  for (const text of texts) for (const mention of findPrices(text)) out.add(mention.value);
  return [...out];
}

/**
 * A product's own amounts: its price and the prices of its variants, read from the "Variants:"
 * section the chunker writes last (app/knowledge/chunker.ts), never from its description.
 */
export function productAmounts(price: string | null | undefined, text: string): number[] {
  const out = new Set<number>();
  const value = parseAmount(price);
  if (value !== undefined) out.add(value);
  const section = text.lastIndexOf("\nVariants:\n");
  if (section >= 0) {
    for (const line of text.slice(section).split("\n")) {
      if (!line.startsWith("- ")) continue;
      // The chunker's variant line: "- title — SKU: … — price — in stock"; the price is its own part.
      for (const part of line.slice(2).split(" — ").slice(1)) for (const mention of findPrices(part)) out.add(mention.value);
    }
  }
  return [...out];
}
