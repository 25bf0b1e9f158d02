import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";

const products = Array.from({ length: 6 }, (_, i) => ({ id: `p-${i}`, name: `Trail shoe model ${i}`, description: `Light trail running shoe number ${i}.`, price: 100 + i }));
const catalog = {
  products,
  faq: [
    { id: "faq-1", question: "How long does delivery take?", answer: "Two to five business days." },
    { id: "faq-2", question: "Do you ship abroad?", answer: "Yes, to the EU and the UK." },
  ],
  policies: [{ id: "returns", title: "Returns", content: "Unworn items can be returned within 30 days." }],
  pages: [{ id: "about", title: "About us", content: "A small running shop in the mountains." }],
};

describe("import safety: a malformed or partial import never wipes knowledge", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  const createShop = async (name: string) => (await app.createShop(name)).id;
  const importData = (shopId: string, body: unknown, query = "") =>
    app.admin(`/api/shops/${shopId}/data?wait=true${query}`, { method: "POST", body: JSON.stringify(body) });
  const counts = async (shopId: string) => {
    const listing = (await (await app.admin(`/api/shops/${shopId}/knowledge`)).json()) as { counts: Record<string, number> };
    const { chunks: _chunks, ...items } = listing.counts;
    return items;
  };
  const fullCounts = { product: 6, faq: 2, policy: 1, page: 1 };

  const seededShop = async (name: string) => {
    const shopId = await createShop(name);
    const first = await importData(shopId, catalog);
    expect(first.status).toBe(200);
    expect(await counts(shopId)).toEqual(fullCounts);
    return shopId;
  };

  it("rejects an unknown top-level key, naming it, and removes nothing", async () => {
    const shopId = await seededShop("Typo shop");
    const response = await importData(shopId, { product: catalog.products });
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({ code: "invalid_field", field: "product" });
    expect(await counts(shopId)).toEqual(fullCounts);
  });

  it("rejects a payload naming no section and removes nothing", async () => {
    const shopId = await seededShop("Empty payload shop");
    const response = await importData(shopId, {});
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toMatch(/no section/);
    expect(await counts(shopId)).toEqual(fullCounts);
  });

  it("a full import replaces only the sections it names", async () => {
    const shopId = await seededShop("Sections shop");
    const onlyProducts = await importData(shopId, { products: catalog.products.slice(0, 5) });
    expect(onlyProducts.status).toBe(200);
    expect(await counts(shopId)).toEqual({ ...fullCounts, product: 5 });

    const withoutPages = await importData(shopId, { products: catalog.products.slice(0, 5), faq: catalog.faq.slice(0, 1), policies: catalog.policies });
    expect(withoutPages.status).toBe(200);
    expect(await counts(shopId)).toEqual({ product: 5, faq: 1, policy: 1, page: 1 });
  });

  it("asks for confirmation before removing more than half of a shop's items", async () => {
    const shopId = await seededShop("Shrinking shop");
    const shrink = { ...catalog, products: catalog.products.slice(0, 1), faq: [] };
    const refused = await importData(shopId, shrink);
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body.error).toMatchObject({ code: "removal_not_confirmed", field: "confirmRemoval" });
    expect(body.error.counts).toEqual({ existing: 10, wouldRemove: 7, wouldKeep: 3 });
    expect(await counts(shopId)).toEqual(fullCounts);

    // Half exactly is allowed without confirmation.
    const half = await importData(shopId, { products: catalog.products.slice(0, 1) });
    expect(half.status).toBe(200);
    expect(await counts(shopId)).toEqual({ ...fullCounts, product: 1 });

    const confirmed = await importData(shopId, { faq: [], policies: [], pages: [] }, "&confirmRemoval=true");
    expect(confirmed.status).toBe(200);
    expect(await counts(shopId)).toEqual({ product: 1, faq: 0, policy: 0, page: 0 });
  });

  it("merge imports never remove and need no confirmation", async () => {
    const shopId = await seededShop("Merge shop");
    const merged = await importData(shopId, { products: catalog.products.slice(0, 1) }, "&mode=merge");
    expect(merged.status).toBe(200);
    expect(await counts(shopId)).toEqual(fullCounts);
  });
});
