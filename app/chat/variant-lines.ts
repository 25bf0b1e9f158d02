import type { ContextChunk } from "./context";
import type { VariantConstraint } from "./understand";
import { chooseVariantProduct } from "./variant-choice";
import { variantsOf, type ProductTexts, type VariantLine } from "./variants";

/**
 * The variant facts a language model answers with. Each product it may cite carries its variant
 * lines (title, SKU, price, stock) in the context: a long product's lines sit in its last chunk,
 * which retrieval may not have ranked. The variant the shopper asks about is resolved the way the
 * offline answer resolves it (variants.ts): from the model's reading of the question (size, colour,
 * options, SKU), else from the message's own words.
 */

const VARIANTS_HEADER = "Variants:\n";

/** The product's "Variants:" block as the chunker wrote it, or undefined when it has none. */
function variantBlock(texts: string[]): string | undefined {
  const lines: string[] = [];
  for (const text of texts) {
    const at = text.indexOf(VARIANTS_HEADER);
    if (at < 0) continue;
    for (const line of text.slice(at + VARIANTS_HEADER.length).split("\n")) {
      if (!line.startsWith("- ")) break;
      if (!lines.includes(line)) lines.push(line);
    }
  }
  return lines.length ? `${VARIANTS_HEADER}${lines.join("\n")}` : undefined;
}

/**
 * The context with each product's first chunk carrying the product's variant lines when no chunk
 * of it in the context has them. The price guard reads the same texts, so the variant prices the
 * model now sees are prices it may quote.
 */
export function withVariantLines(context: ContextChunk[], texts: ProductTexts): ContextChunk[] {
  const hasLines = new Set(context.filter((chunk) => chunk.sourceType === "product" && chunk.text.includes(`\n${VARIANTS_HEADER}`)).map((chunk) => chunk.sourceId));
  return context.map((chunk) => {
    if (chunk.sourceType !== "product" || hasLines.has(chunk.sourceId)) return chunk;
    hasLines.add(chunk.sourceId);
    const block = variantBlock(texts.get(chunk.sourceId) ?? []);
    return block ? { ...chunk, text: `${chunk.text}\n${block}` } : chunk;
  });
}

/** The asked variant of one product, with every variant of it (for the in-stock alternatives). */
export interface ResolvedVariant {
  product: ContextChunk;
  matched: VariantLine[];
  all: VariantLine[];
  /** The matched variants' lines as the catalogue wrote them, so the model quotes the prices in the data's own form. */
  lines: string[];
}

/** What the model's variant reading names, in the words variants.ts matches ("size XL" marks a bare letter as a size). */
function constraintWords(variant: VariantConstraint): string {
  return [variant.sku, variant.size && `size ${variant.size}`, variant.color, ...(variant.options ?? []).map((option) => option.value)].filter(Boolean).join(" ");
}

/** The first product of the context (in its order) whose variants the shopper asks about. */
export function resolveAskedVariant(input: { message: string; variant?: VariantConstraint; context: ContextChunk[]; texts: ProductTexts }): ResolvedVariant | undefined {
  const asks = [input.variant ? constraintWords(input.variant) : "", input.message].filter(Boolean);
  const seen = new Set<string>();
  for (const ask of asks) {
    const candidates = input.context.flatMap((product) => {
      if (product.sourceType !== "product" || seen.has(`${ask}\n${product.sourceId}`)) return [];
      seen.add(`${ask}\n${product.sourceId}`);
      const texts = input.texts.get(product.sourceId) ?? [product.text];
      return [{ product, texts, all: variantsOf(texts) }];
    });
    // Of several products with the asked option, the one the message describes best (variant-choice.ts).
    const choice = chooseVariantProduct(ask, candidates);
    if (!choice?.matched.length) continue;
    const { product, matched, all } = choice;
    const block = variantBlock(input.texts.get(product.sourceId) ?? [product.text])?.split("\n").slice(1) ?? [];
    const lines = matched.map((variant) => block.find((line) => line.slice(2).split(" — ")[0].trim() === variant.title) ?? `- ${variant.title}`);
    return { product, matched, all, lines };
  }
  return undefined;
}

/**
 * The resolved variant as lines for the model's store data: the asked variant's own price and
 * stock, and when it is sold out, the variants that are in stock instead.
 */
export function askedVariantLines(resolved: ResolvedVariant): string {
  // A line without its own price costs the product's.
  const priced = resolved.lines.map((line, index) => (resolved.matched[index].price === undefined && resolved.product.price ? `${line} — price as the product: ${resolved.product.price}` : line));
  const out = [`The shopper asks about this variant of "${resolved.product.title}" (product id ${resolved.product.sourceId}); say its own price and stock plainly:`, ...priced];
  if (resolved.matched.every((variant) => variant.available === false)) {
    const inStock = resolved.all.filter((variant) => variant.available === true).map((variant) => variant.title);
    out.push(inStock.length ? `In stock instead: ${inStock.join(", ")}.` : "No other variant is in stock either.");
  }
  return out.join("\n");
}
