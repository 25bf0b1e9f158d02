/**
 * Synthetic but realistic knowledge chunks for the latency benchmark: sentences of the demo
 * catalog (app/demo/catalog.ts, chunked by the real chunker) recombined under invented product
 * names with random attributes (colour, size, weight, price, SKU), from a seeded PRNG so every run
 * loads the same rows. Texts are about as long as real chunks (~300–600 characters).
 */
import { createHash } from "node:crypto";
import { DEMO_CATALOG } from "~/demo/catalog";
import { chunkItem, splitSentences } from "~/knowledge/chunker";
import { parseImportPayload, payloadItems } from "~/knowledge/payload";
import { createRng, intBetween, pick } from "./prng";

export interface SyntheticChunk {
  sourceType: "product" | "faq" | "policy";
  sourceId: string;
  chunkIndex: number;
  title: string;
  url: string;
  price: string;
  currency: string;
  sku: string;
  text: string;
  contentHash: string;
}

interface Material {
  sentences: string[];
  nouns: string[];
  names: string[];
}

let material: Material | undefined;

function loadMaterial(): Material {
  if (material) return material;
  const parsed = parseImportPayload(DEMO_CATALOG);
  if (!parsed.ok) throw new Error(`demo catalog invalid: ${parsed.message}`);
  const sentences = new Set<string>();
  for (const item of payloadItems(parsed.data)) {
    for (const draft of chunkItem(item)) {
      for (const line of draft.text.split("\n")) {
        for (const sentence of splitSentences(line.replace(/^- /, ""))) {
          const trimmed = sentence.trim();
          if (trimmed.length >= 25 && !/^(SKU|Tags|Brand):/.test(trimmed)) sentences.add(trimmed);
        }
      }
    }
  }
  const names = DEMO_CATALOG.products.map((product) => product.name);
  // The first word of a product name is its category noun or adjective ("Мембранная", "Trekking").
  const nouns = [...new Set(names.flatMap((name) => name.split(/\s+/).slice(0, 2)))];
  material = { sentences: [...sentences], nouns, names };
  return material;
}

const COLOURS = ["чёрный", "синий", "зелёный", "красный", "серый", "оливковый", "black", "navy", "green", "orange", "grey", "sand"];
const SIZES = ["XS", "S", "M", "L", "XL", "XXL", "36", "38", "40", "42", "44", "46", "one size"];
const SERIES = ["Alpha", "Nord", "Trail", "Summit", "Ridge", "Taiga", "Baikal", "Altai", "Polar", "Vector", "Pulse", "Terra"];

/**
 * Chunks of `items` synthetic products (1–2 chunks each) for one shop; `seed` makes shops differ.
 * Returns exactly `count` chunks.
 */
export function syntheticChunks(count: number, seed: number, idPrefix = "syn"): SyntheticChunk[] {
  const { sentences, nouns, names } = loadMaterial();
  const rng = createRng(seed);
  const chunks: SyntheticChunk[] = [];
  let item = 0;
  while (chunks.length < count) {
    item++;
    const base = pick(rng, names);
    const series = `${pick(rng, SERIES)} ${intBetween(rng, 1, 99)}`;
    const title = rng() < 0.5 ? `${base} ${series}` : `${pick(rng, nouns)} ${pick(rng, nouns)} ${series}`;
    const price = `${intBetween(rng, 3, 400) * 100 - 10}.00`;
    const sku = `${title.slice(0, 3).toUpperCase()}-${intBetween(rng, 1000, 9999)}-${item % 997}`;
    const sourceId = `${idPrefix}-${item}`;
    const parts = rng() < 0.25 ? 2 : 1;
    for (let chunkIndex = 0; chunkIndex < parts && chunks.length < count; chunkIndex++) {
      const body: string[] = [];
      const sentenceCount = intBetween(rng, 3, 6);
      for (let s = 0; s < sentenceCount; s++) body.push(pick(rng, sentences));
      const attributes = [
        `- Цвет / colour: ${pick(rng, COLOURS)}`,
        `- Размер / size: ${pick(rng, SIZES)}`,
        `- Вес / weight: ${intBetween(rng, 80, 4200)} г`,
      ].join("\n");
      const text = `${title} — ${price} ₽\n${body.join(" ")}\n\n${attributes}\n\nSKU: ${sku}`;
      chunks.push({
        sourceType: "product",
        sourceId,
        chunkIndex,
        title,
        url: `/products/${sourceId}`,
        price,
        currency: "RUB",
        sku,
        text,
        contentHash: createHash("sha256").update(text).digest("hex"),
      });
    }
  }
  return chunks;
}

/**
 * Import-API products (the payload of POST /api/shops/:shopId/data) built like the demo catalog's:
 * a demo product as template, a new series name, its description's sentences shuffled with
 * sentences of other products, and 2–5 size variants with their own SKUs.
 */
export function syntheticProducts(count: number, seed: number): Record<string, unknown>[] {
  const { sentences } = loadMaterial();
  const rng = createRng(seed);
  const products: Record<string, unknown>[] = [];
  for (let i = 1; i <= count; i++) {
    const template = pick(rng, DEMO_CATALOG.products);
    const name = `${template.name} ${pick(rng, SERIES)} ${intBetween(rng, 1, 999)}`;
    const sku = `SYN-${String(i).padStart(5, "0")}`;
    const price = `${intBetween(rng, 5, 400) * 100 - 10}.00`;
    const paragraphs = [template.description, `<p>${Array.from({ length: intBetween(rng, 2, 5) }, () => pick(rng, sentences)).join(" ")}</p>`];
    const sizes = SIZES.slice(0, intBetween(rng, 2, 5));
    products.push({
      id: `syn-${i}`,
      name,
      description: paragraphs.join("\n"),
      price,
      currency: "RUB",
      url: `/products/syn-${i}`,
      sku,
      vendor: "Palompy",
      tags: [...template.tags, pick(rng, COLOURS)],
      available: rng() > 0.1,
      variants: sizes.map((size, v) => ({ id: `syn-${i}-${v}`, title: size, sku: `${sku}-${size.replace(/\s+/g, "")}`, price, available: rng() > 0.2 })),
    });
  }
  return products;
}
