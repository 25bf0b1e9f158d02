import { createHash } from "node:crypto";
import { htmlToPlainText } from "./html-to-text";
import type { KnowledgeItem, ProductInput } from "./payload";
import { estimateTokens } from "./tokens";

export { estimateTokens } from "./tokens";

export type SourceType = KnowledgeItem["type"];

/** What a stored chunk says and where it comes from: shared by drafts, rows and retrieval results. */
export interface ChunkContent {
  sourceType: SourceType;
  sourceId: string;
  title: string;
  url: string | null;
  price: string | null;
  currency: string | null;
  image: string | null;
  sku: string | null;
  /**
   * Products only: the numeric id of the variant a storefront "Add to cart" puts in the cart
   * (Shopify's /cart/add.js takes variant numbers, never product ids). Null when none is on sale.
   */
  cartVariantId: string | null;
  text: string;
}

export interface ChunkDraft extends ChunkContent {
  chunkIndex: number;
  /** sha256 over everything that shapes this chunk's text and metadata. */
  contentHash: string;
}

export interface ChunkOptions {
  /** Upper bound per chunk in estimateTokens() units, header line included. */
  budget?: number;
  /** Whole sentences repeated from the end of the previous chunk, up to this many tokens. */
  overlap?: number;
}

export const DEFAULT_CHUNK_BUDGET = 220;
export const DEFAULT_CHUNK_OVERLAP = 30;
/** Bumped whenever chunking output changes, so stored chunks get re-chunked and re-embedded. */
export const CHUNKER_VERSION = "chunker-v1";

/** The least body room a chunk keeps even when its header is huge. */
const MIN_BODY_TOKENS = 16;

export function chunkItem(item: KnowledgeItem, options: ChunkOptions = {}): ChunkDraft[] {
  const budget = Math.max(options.budget ?? DEFAULT_CHUNK_BUDGET, MIN_BODY_TOKENS * 2);
  const overlap = Math.max(0, Math.min(options.overlap ?? DEFAULT_CHUNK_OVERLAP, Math.floor(budget / 2)));
  const shape = itemShape(item);
  const headerTokens = estimateTokens(shape.header);
  const bodyBudget = Math.max(budget - headerTokens, MIN_BODY_TOKENS);
  const bodies = chunkText(shape.body, { budget: bodyBudget, overlap });
  // Every item yields at least one chunk so it stays listable and findable by its title.
  if (bodies.length === 0) bodies.push("");
  return bodies.map((body, chunkIndex) => {
    const text = body ? `${shape.header}\n${body}` : shape.header;
    const draft = { ...shape.meta, sourceType: item.type, sourceId: item.data.id, chunkIndex, text };
    return { ...draft, contentHash: hashDraft(draft) };
  });
}

interface ItemShape {
  header: string;
  body: string;
  meta: Pick<ChunkDraft, "title" | "url" | "price" | "currency" | "image" | "sku" | "cartVariantId">;
}

const noMeta = { url: null, price: null, currency: null, image: null, sku: null, cartVariantId: null };

function itemShape(item: KnowledgeItem): ItemShape {
  switch (item.type) {
    case "product":
      return productShape(item.data);
    case "faq":
      // The question heads every chunk: a long answer's later chunks still say what they answer.
      return { header: item.data.question, body: htmlToPlainText(item.data.answer), meta: { ...noMeta, title: item.data.question } };
    case "policy":
    case "page":
      return {
        header: item.data.title,
        body: htmlToPlainText(item.data.content),
        meta: { ...noMeta, title: item.data.title, url: item.data.url ?? null },
      };
  }
}

const TAGS_LINE = /^Tags: (.+)$/m;

/** A product's catalog tags as its chunk text lists them (productShape writes the line). */
export function catalogTagsOf(text: string): string[] {
  return (TAGS_LINE.exec(text)?.[1] ?? "").split(", ").filter(Boolean);
}

function productShape(product: ProductInput): ItemShape {
  const sku = product.sku ?? product.variants.find((variant) => variant.sku)?.sku ?? null;
  const facts: string[] = [];
  if (product.vendor) facts.push(`Brand: ${product.vendor}`);
  if (sku) facts.push(`SKU: ${sku}`);
  if (product.available !== undefined) facts.push(product.available ? "In stock" : "Out of stock");
  if (product.tags.length) facts.push(`Tags: ${product.tags.join(", ")}`);
  const variantLines = product.variants.map((variant) => {
    const parts = [variant.title ?? "Variant"];
    if (variant.sku) parts.push(`SKU: ${variant.sku}`);
    if (variant.price) parts.push(withSale(variant.price, variant.compareAtPrice, product.currency));
    if (variant.available !== undefined) parts.push(variant.available ? "in stock" : "out of stock");
    return `- ${parts.join(" — ")}`;
  });
  const sections = [htmlToPlainText(product.description), facts.join("\n")];
  if (variantLines.length) sections.push(`Variants:\n${variantLines.join("\n")}`);
  const price = product.price ?? null;
  return {
    header: price ? `${product.name} — ${withSale(price, product.compareAtPrice, product.currency)}` : product.name,
    body: sections.filter(Boolean).join("\n\n"),
    meta: {
      title: product.name,
      url: product.url ?? null,
      price,
      currency: product.currency ?? null,
      image: product.image ?? null,
      sku,
      cartVariantId: cartVariantId(product),
    },
  };
}

/** "18 990 ₽", or "15 990 ₽ (was 18 990 ₽)" on sale: the chat reads both back (app/chat/variants.ts). */
function withSale(price: string, compareAt: string | undefined, currency: string | undefined): string {
  const onSale = compareAt !== undefined && Number(compareAt) > Number(price);
  return onSale ? `${formatPrice(price, currency)} (was ${formatPrice(compareAt, currency)})` : formatPrice(price, currency);
}

const SHOPIFY_VARIANT_GID = /^gid:\/\/shopify\/ProductVariant\/(\d+)$/;

/**
 * The first variant known to be on sale, as the number a storefront cart takes: from a Shopify
 * variant GID (what the Shopify sync keeps) or an id that is a number already (API imports).
 * A variant of unknown availability does not count: the button would offer what may not be sold.
 */
export function cartVariantId(product: ProductInput): string | null {
  const variant = product.variants.find((candidate) => candidate.available === true);
  const id = variant?.id?.trim();
  if (!id) return null;
  if (/^\d+$/.test(id)) return id;
  return SHOPIFY_VARIANT_GID.exec(id)?.[1] ?? null;
}

const SYMBOL_AFTER: Record<string, string> = { RUB: "₽", EUR: "€", KZT: "₸", UAH: "₴", BYN: "Br", PLN: "zł" };
const SYMBOL_BEFORE: Record<string, string> = { USD: "$", GBP: "£", CAD: "CA$", AUD: "A$" };

/** "1290" + RUB -> "1 290 ₽"; "49.9" + USD -> "$49.90"; unknown currencies keep their code. */
export function formatPrice(price: string, currency?: string | null): string {
  const code = currency?.trim().toUpperCase() ?? "";
  const numeric = /^\d+(\.\d+)?$/.test(price);
  if (!numeric) return currency ? `${price} ${currency}` : price;
  const [whole, fraction] = price.split(".");
  const before = SYMBOL_BEFORE[code];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, before ? "," : " ");
  const cents = fraction ? `.${fraction.padEnd(2, "0")}` : "";
  if (before) return `${before}${grouped}${cents}`;
  const after = SYMBOL_AFTER[code] ?? currency?.trim();
  return after ? `${grouped}${cents} ${after}` : `${grouped}${cents}`;
}

function hashDraft(draft: Omit<ChunkDraft, "contentHash">): string {
  const fields: unknown[] = [CHUNKER_VERSION, draft.sourceType, draft.sourceId, draft.chunkIndex, draft.title, draft.url, draft.price, draft.currency, draft.image, draft.sku, draft.text];
  // Appended only when set: chunks without a cart variant keep the hashes stored before the field
  // existed (no rewrite), while products that have one no longer match theirs, so the next sync
  // rewrites them and fills the column, reusing their stored vectors since the text is unchanged.
  if (draft.cartVariantId !== null) fields.push(draft.cartVariantId);
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex");
}

interface Unit {
  text: string;
  tokens: number;
  /** First unit of a paragraph: a natural place to start a chunk. */
  paragraphStart: boolean;
  /** First unit of a line (list items, line breaks): joined back with a newline. */
  lineStart: boolean;
}

/**
 * Packs sentences greedily into chunks of at most `budget` tokens. A chunk closes early at a
 * paragraph boundary when it is at least half full and the next paragraph would not fit whole,
 * so paragraphs stay together where possible. Chunks after a mid-paragraph break start with up to
 * `overlap` tokens of whole trailing sentences from the previous chunk.
 */
export function chunkText(text: string, options: { budget: number; overlap: number }): string[] {
  const units = toUnits(text, options.budget);
  const chunks: string[] = [];
  let current: Unit[] = [];
  let used = 0;

  const close = (withOverlap: boolean) => {
    chunks.push(joinUnits(current));
    const carried: Unit[] = [];
    let carriedTokens = 0;
    if (withOverlap) {
      for (let i = current.length - 1; i >= 0; i--) {
        if (carriedTokens + current[i].tokens > options.overlap) break;
        carried.unshift(current[i]);
        carriedTokens += current[i].tokens;
      }
      // A chunk made only of carried sentences would be pure repetition.
      if (carried.length === current.length) carried.length = carriedTokens = 0;
    }
    current = carried;
    used = carriedTokens;
  };

  for (let i = 0; i < units.length; i++) {
    const unit = units[i];
    if (current.length && unit.paragraphStart && used >= options.budget / 2 && used + paragraphTokens(units, i) > options.budget) {
      close(false);
    }
    if (current.length && used + unit.tokens > options.budget) {
      close(true);
      // Drop carried sentences until the new one fits; the budget is a hard limit, overlap is not.
      while (current.length && used + unit.tokens > options.budget) used -= current.shift()!.tokens;
    }
    current.push(unit);
    used += unit.tokens;
  }
  if (current.length) chunks.push(joinUnits(current));
  return chunks;
}

function paragraphTokens(units: Unit[], start: number): number {
  let tokens = units[start].tokens;
  for (let i = start + 1; i < units.length && !units[i].paragraphStart; i++) tokens += units[i].tokens;
  return tokens;
}

function joinUnits(units: Unit[]): string {
  return units.map((unit, i) => (i === 0 ? unit.text : `${unit.paragraphStart ? "\n\n" : unit.lineStart ? "\n" : " "}${unit.text}`)).join("");
}

function toUnits(text: string, budget: number): Unit[] {
  const units: Unit[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    let paragraphStart = true;
    for (const line of paragraph.split("\n")) {
      let lineStart = true;
      for (const sentence of splitSentences(line)) {
        for (const piece of fitToBudget(sentence, budget)) {
          units.push({ text: piece, tokens: estimateTokens(piece), paragraphStart, lineStart });
          paragraphStart = lineStart = false;
        }
      }
    }
  }
  return units;
}

// A sentence ends at . ! ? … (plus closing quotes/brackets) followed by space and a likely
// sentence start. Abbreviations followed by a capital ("Dr. Smith") split too: harmless here. At most
// three closing marks: an open-ended lookbehind rescans a long run of quotes at every position.
const SENTENCE_END = /(?<=[.!?…]["'»”’)\]]{0,3})\s+(?=["'«“„([\-–—•]?[\p{Lu}\p{N}])/u;

export function splitSentences(line: string): string[] {
  return line
    .split(SENTENCE_END)
    .map((sentence) => sentence.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

/** A sentence over budget is split between words; a single word over budget, between characters. */
function fitToBudget(sentence: string, budget: number): string[] {
  if (estimateTokens(sentence) <= budget) return [sentence];
  const pieces: string[] = [];
  let words: string[] = [];
  let used = 0;
  for (const word of sentence.split(" ")) {
    for (const part of splitWord(word, budget)) {
      const tokens = estimateTokens(part);
      if (words.length && used + tokens > budget) {
        pieces.push(words.join(" "));
        words = [];
        used = 0;
      }
      words.push(part);
      used += tokens;
    }
  }
  if (words.length) pieces.push(words.join(" "));
  return pieces;
}

/** Cuts the longest prefix that fits, found by binary search (no character costs over one token). */
function splitWord(word: string, budget: number): string[] {
  if (estimateTokens(word) <= budget) return [word];
  const chars = Array.from(word);
  const parts: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let low = Math.min(budget, chars.length - start);
    let high = Math.min(chars.length - start, budget * 8);
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (estimateTokens(chars.slice(start, start + middle).join("")) <= budget) low = middle;
      else high = middle - 1;
    }
    parts.push(chars.slice(start, start + low).join(""));
    start += low;
  }
  return parts;
}
