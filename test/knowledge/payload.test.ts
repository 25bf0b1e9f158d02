import { describe, expect, it } from "vitest";
import { MAX_DESCRIPTION_LENGTH, MAX_FAQ, MAX_PRODUCTS, parseImportPayload, parseKnowledgeItem } from "~/knowledge/payload";

const product = (i: number, extra: Record<string, unknown> = {}) => ({ id: `p${i}`, name: `Product ${i}`, description: "Nice.", ...extra });

describe("parseImportPayload", () => {
  it("accepts a full payload and normalises it", () => {
    const result = parseImportPayload({
      products: [{ id: 42, name: "  Boots ", description: "<p>Warm</p>", price: 1290, currency: "RUB", variants: [{ sku: "B-1", price: "10.5" }] }],
      faq: [{ question: "Delivery?", answer: "Two days." }],
      policies: [{ title: "Returns", content: "30 days.", url: "/policies/returns" }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [boots] = result.data.products;
    expect(boots).toMatchObject({ id: "42", name: "Boots", price: "1290", tags: [], variants: [{ sku: "B-1", price: "10.5" }] });
    expect(result.data.faq[0].id).toMatch(/^faq-[0-9a-f]{16}$/);
    expect(result.data.pages).toEqual([]);
  });

  it("derives stable ids for FAQ and policies without one", () => {
    const a = parseImportPayload({ faq: [{ question: "Delivery?", answer: "A" }], policies: [{ title: "Returns", content: "x" }] });
    const b = parseImportPayload({ faq: [{ question: "delivery? ", answer: "B" }], policies: [{ title: "Returns", content: "y" }] });
    if (!a.ok || !b.ok) throw new Error("expected valid payloads");
    expect(a.data.faq[0].id).toBe(b.data.faq[0].id);
    expect(a.data.policies[0].id).toBe(b.data.policies[0].id);
    expect(a.data.policies[0].id).toMatch(/^policy-/);
  });

  it("answers 413 naming the list when there are too many entries", () => {
    const result = parseImportPayload({ products: Array.from({ length: MAX_PRODUCTS + 1 }, (_, i) => product(i)) });
    expect(result).toMatchObject({ ok: false, status: 413, field: "products" });
    expect(parseImportPayload({ faq: Array.from({ length: MAX_FAQ + 1 }, () => ({ question: "q", answer: "a" })) })).toMatchObject({ status: 413, field: "faq" });
  });

  it("answers 413 naming the field path when a text is too long", () => {
    const products = [product(0), product(1), product(2), product(3, { description: "x".repeat(MAX_DESCRIPTION_LENGTH + 1) })];
    expect(parseImportPayload({ products })).toMatchObject({ ok: false, status: 413, field: "products[3].description" });
    const variants = Array.from({ length: 101 }, () => ({ sku: "a" }));
    expect(parseImportPayload({ products: [product(0, { variants })] })).toMatchObject({ status: 413, field: "products[0].variants" });
  });

  it("refuses links that look site-relative but resolve to another host (issue 8 item 7)", () => {
    const escaping = ["/\\evil.example/phish", "/\t/evil.example/tab", "/\n/evil.example", "\\\\evil.example/x", "//evil.example/x", "/\\/evil.example", "javascript:alert(1)", "data:text/html,x", "products/x"];
    for (const value of escaping) {
      expect({ value, url: parseImportPayload({ products: [product(0, { url: value })] }) }).toMatchObject({ value, url: { status: 422, field: "products[0].url" } });
      expect({ value, image: parseImportPayload({ products: [product(0, { image: value })] }) }).toMatchObject({ value, image: { status: 422, field: "products[0].image" } });
    }
    const staying = ["/products/jacket", "/products/a%5Cb?x=1#top", "https://cdn.example.com/i.png", "HTTP://shop.example/p", "/\u0444\u043e\u0442\u043e.png"];
    for (const value of staying) {
      const result = parseImportPayload({ products: [product(0, { url: value, image: value })] });
      expect({ value, ok: result.ok }).toEqual({ value, ok: true });
      if (result.ok) expect(result.data.products[0].url).toBe(value);
    }
  });

  it("answers 422 naming the field for malformed input", () => {
    expect(parseImportPayload({ products: [product(0), { id: "p1", description: "no name" }] })).toMatchObject({ ok: false, status: 422, field: "products[1].name" });
    expect(parseImportPayload({ products: [product(0, { price: -1 })] })).toMatchObject({ status: 422, field: "products[0].price" });
    expect(parseImportPayload({ products: [product(0, { url: "javascript:alert(1)" })] })).toMatchObject({ status: 422, field: "products[0].url" });
    expect(parseImportPayload({ faq: [{ question: "q" }] })).toMatchObject({ status: 422, field: "faq[0].answer" });
    expect(parseImportPayload({ products: [product(0), product(0)] })).toMatchObject({ status: 422, field: "products[1].id" });
    expect(parseImportPayload({ products: "nope" })).toMatchObject({ status: 422, field: "products" });
  });

  it("never throws on arbitrary input", () => {
    for (const input of [null, undefined, 42, "x", [], { products: [null] }, { products: [{ id: {}, name: [] }] }]) {
      const result = parseImportPayload(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.status).toBe(422);
    }
    expect(parseImportPayload({})).toMatchObject({ ok: false, status: 422, field: "(root)" });
    expect(parseImportPayload({ faq: [] })).toMatchObject({ ok: true, data: { sections: ["faq"] } });
  });

  it("names an unknown top-level key instead of reading it as an empty section", () => {
    expect(parseImportPayload({ product: [{ id: "p1", name: "Jacket" }] })).toMatchObject({ ok: false, status: 422, field: "product" });
  });
});

describe("parseKnowledgeItem", () => {
  it("validates a single item with the same rules", () => {
    expect(parseKnowledgeItem("product", product(1))).toMatchObject({ ok: true, data: { type: "product", data: { id: "p1" } } });
    expect(parseKnowledgeItem("policy", { title: "", content: "x" })).toMatchObject({ ok: false, status: 422, field: "title" });
  });
});
