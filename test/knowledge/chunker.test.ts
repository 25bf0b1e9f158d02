import { describe, expect, it } from "vitest";
import { chunkItem, chunkText, DEFAULT_CHUNK_BUDGET, estimateTokens, formatPrice, splitSentences } from "~/knowledge/chunker";
import { htmlToPlainText } from "~/knowledge/html-to-text";
import { parseImportPayload, type KnowledgeItem, type ProductInput } from "~/knowledge/payload";

function product(overrides: Record<string, unknown> = {}): ProductInput {
  const parsed = parseImportPayload({ products: [{ id: "p1", name: "Winter Jacket", description: "", ...overrides }] });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.data.products[0];
}
const asItem = (data: ProductInput): KnowledgeItem => ({ type: "product", data });

const sentences = (count: number, make = (i: number) => `Sentence ${i} describes the warm insulated lining and the sturdy zipper.`) =>
  Array.from({ length: count }, (_, i) => make(i)).join(" ");

describe("estimateTokens", () => {
  it("counts words, digits and punctuation, with Cyrillic costing more per letter", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("the cat")).toBe(2);
    expect(estimateTokens("waterproof")).toBe(2);
    expect(estimateTokens("Hello, world!")).toBe(4);
    expect(estimateTokens("12990")).toBe(2);
    expect(estimateTokens("куртка")).toBe(2);
    expect(estimateTokens("водонепроницаемый")).toBe(5);
  });

  it("is additive over whitespace so chunk sizes can be summed", () => {
    const a = "Тёплая куртка, 12 990 ₽.";
    const b = "Waterproof boots (EU 42).";
    expect(estimateTokens(`${a} ${b}`)).toBe(estimateTokens(a) + estimateTokens(b));
  });
});

describe("htmlToPlainText", () => {
  it("keeps paragraphs, drops images and link targets, decodes entities", () => {
    const text = htmlToPlainText(
      `<p>Caf&eacute; &amp; bar</p><p>See <a href="https://tracker.example/?utm=1">our guide</a><img src="x.png" alt="x"></p>`,
    );
    expect(text).toBe("Café & bar\n\nSee our guide");
  });

  it("leaves plain text with newlines alone", () => {
    expect(htmlToPlainText("One.\n\nTwo &amp; three")).toBe("One.\n\nTwo & three");
  });
});

describe("splitSentences", () => {
  it("splits on sentence ends before capitals or digits, in both scripts", () => {
    expect(splitSentences("Тёплая куртка. Держит до −30 °C! Why? 3 pockets.")).toEqual(["Тёплая куртка.", "Держит до −30 °C!", "Why?", "3 pockets."]);
  });
  it("does not split decimals or lower-case continuations", () => {
    expect(splitSentences("Weighs 1.5 kg. e.g. small")).toEqual(["Weighs 1.5 kg. e.g. small"]);
  });
});

describe("chunkText", () => {
  it("returns nothing for empty text", () => {
    expect(chunkText("", { budget: 50, overlap: 10 })).toEqual([]);
    expect(chunkText("  \n\n ", { budget: 50, overlap: 10 })).toEqual([]);
  });

  it("splits one long unpunctuated sentence between words, within budget", () => {
    const words = Array.from({ length: 500 }, (_, i) => `word${i}`).join(" ");
    const chunks = chunkText(words, { budget: 60, overlap: 10 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(estimateTokens(chunk)).toBeLessThanOrEqual(60);
      expect(chunk).toMatch(/^word\d+( word\d+)*$/);
    }
    // Nothing is lost: every word appears, in order.
    expect(chunks.join(" ").split(" ")).toEqual(words.split(" "));
  });

  it("splits a single giant word only when it alone exceeds the budget", () => {
    const chunks = chunkText("x".repeat(1000), { budget: 40, overlap: 10 });
    expect(chunks.join("")).toBe("x".repeat(1000));
    for (const chunk of chunks) expect(estimateTokens(chunk)).toBeLessThanOrEqual(40);
  });

  it("overlaps consecutive chunks by whole trailing sentences", () => {
    const chunks = chunkText(sentences(30), { budget: 80, overlap: 30 });
    expect(chunks.length).toBeGreaterThan(2);
    for (let i = 1; i < chunks.length; i++) {
      const previousLast = splitSentences(chunks[i - 1]).at(-1)!;
      expect(chunks[i].startsWith(previousLast) || chunks[i].includes(previousLast)).toBe(true);
      expect(splitSentences(chunks[i])[0]).toMatch(/^Sentence \d+ .*\.$/);
    }
  });

  it("prefers closing a chunk at a paragraph boundary, without overlap there", () => {
    const para = (n: number) => sentences(4, (i) => `Paragraph ${n} sentence ${i} is about boots.`);
    const chunks = chunkText([para(1), para(2), para(3)].join("\n\n"), { budget: 70, overlap: 20 });
    for (const chunk of chunks) expect(chunk.startsWith("Paragraph")).toBe(true);
    expect(chunks[1].startsWith("Paragraph 2 sentence 0")).toBe(true);
  });

  it("chunks Cyrillic text within budget", () => {
    const text = sentences(40, (i) => `Предложение ${i} рассказывает о водонепроницаемой мембране и тёплом утеплителе.`);
    const chunks = chunkText(text, { budget: 100, overlap: 20 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(estimateTokens(chunk)).toBeLessThanOrEqual(100);
  });
});

describe("chunkItem", () => {
  it("puts the product header with name and price in every chunk, within the default budget", () => {
    const drafts = chunkItem(asItem(product({ name: "Пуховик «Аляска»", price: 12990, currency: "RUB", description: `<p>${sentences(60)}</p>` })));
    expect(drafts.length).toBeGreaterThan(2);
    drafts.forEach((draft, index) => {
      expect(draft.chunkIndex).toBe(index);
      expect(draft.text.split("\n")[0]).toBe("Пуховик «Аляска» — 12 990 ₽");
      expect(estimateTokens(draft.text)).toBeLessThanOrEqual(DEFAULT_CHUNK_BUDGET);
      expect(draft.price).toBe("12990");
      expect(draft.currency).toBe("RUB");
    });
  });

  it("writes variant SKUs and prices into the text and takes the first variant SKU when there is no main one", () => {
    const [draft] = chunkItem(
      asItem(product({ price: "49.9", currency: "USD", variants: [{ title: "S", price: 49.9 }, { title: "M", sku: "WJ-M", price: "59.90", available: false }] })),
    );
    expect(draft.sku).toBe("WJ-M");
    expect(draft.text).toContain("Winter Jacket — $49.90");
    expect(draft.text).toContain("- M — SKU: WJ-M — $59.90 — out of stock");
  });

  it("emits one header-only chunk for a product without description", () => {
    const drafts = chunkItem(asItem(product()));
    expect(drafts).toHaveLength(1);
    expect(drafts[0].text).toBe("Winter Jacket");
  });

  it("hashes everything that shapes the chunk: equal input, equal hash; any change, new hash", () => {
    const base = chunkItem(asItem(product({ description: "Warm.", price: 10 })))[0].contentHash;
    expect(chunkItem(asItem(product({ description: "Warm.", price: 10 })))[0].contentHash).toBe(base);
    expect(chunkItem(asItem(product({ description: "Warm!", price: 10 })))[0].contentHash).not.toBe(base);
    expect(chunkItem(asItem(product({ description: "Warm.", price: 11 })))[0].contentHash).not.toBe(base);
    expect(chunkItem(asItem(product({ description: "Warm.", price: 10, image: "https://x.example/a.jpg" })))[0].contentHash).not.toBe(base);
  });

  it("carries the first variant on sale as the number a storefront cart takes, on every chunk", () => {
    const variants = [
      { id: "gid://shopify/ProductVariant/111", title: "S", available: false },
      { id: "gid://shopify/ProductVariant/222", title: "M", available: true },
      { id: "gid://shopify/ProductVariant/333", title: "L", available: true },
    ];
    const drafts = chunkItem(asItem(product({ id: "gid://shopify/Product/9", description: `<p>${sentences(60)}</p>`, variants })));
    expect(drafts.length).toBeGreaterThan(1);
    for (const draft of drafts) expect(draft.cartVariantId).toBe("222");
    // An import with plain numeric variant ids works the same way.
    expect(chunkItem(asItem(product({ variants: [{ id: 4567, available: true }] })))[0].cartVariantId).toBe("4567");
  });

  it("has no cart variant when none is known to be on sale or its id is not a variant number", () => {
    const cartVariant = (variants: unknown[]) => chunkItem(asItem(product({ variants })))[0].cartVariantId;
    expect(cartVariant([])).toBeNull();
    expect(cartVariant([{ id: "gid://shopify/ProductVariant/1", available: false }])).toBeNull();
    expect(cartVariant([{ id: "gid://shopify/ProductVariant/1" }])).toBeNull();
    expect(cartVariant([{ title: "No id", available: true }])).toBeNull();
    expect(cartVariant([{ id: "gid://shopify/Product/1", available: true }])).toBeNull();
    expect(cartVariant([{ id: "var-1", available: true }])).toBeNull();
    expect(chunkItem({ type: "faq", data: { id: "f1", question: "Q?", answer: "A." } })[0].cartVariantId).toBeNull();
  });

  it("hashes the cart variant only when there is one: items without keep their earlier hashes", () => {
    const withVariant = (available: boolean) =>
      chunkItem(asItem(product({ description: "Warm.", variants: [{ id: "gid://shopify/ProductVariant/7", title: "One" }].map((v) => ({ ...v, available })) })))[0];
    const withoutId = chunkItem(asItem(product({ description: "Warm.", variants: [{ title: "One", available: true }] })))[0];
    const withId = chunkItem(asItem(product({ description: "Warm.", variants: [{ id: 7, title: "One", available: true }] })))[0];
    // Same text (ids are not written into it), different hash: a re-sync fills the new column in.
    expect(withId.text).toBe(withoutId.text);
    expect(withId.contentHash).not.toBe(withoutId.contentHash);
    expect(withVariant(true).contentHash).not.toBe(withVariant(false).contentHash);
  });

  it("heads FAQ chunks with the question", () => {
    const drafts = chunkItem({ type: "faq", data: { id: "f1", question: "How long is delivery?", answer: sentences(40) } });
    expect(drafts.length).toBeGreaterThan(1);
    for (const draft of drafts) expect(draft.text.startsWith("How long is delivery?\n")).toBe(true);
  });
});

describe("formatPrice", () => {
  it("formats common currencies", () => {
    expect(formatPrice("1290", "RUB")).toBe("1 290 ₽");
    expect(formatPrice("1290.5", "USD")).toBe("$1,290.50");
    expect(formatPrice("15", "CHF")).toBe("15 CHF");
    expect(formatPrice("от 100", "RUB")).toBe("от 100 RUB");
  });
});
