import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { LOCAL_EMBEDDER_MODEL, LocalHashEmbedder } from "~/knowledge/embedders/local";
import { OpenAIEmbedder } from "~/knowledge/embedders/openai.server";
import { parseImportPayload, type ImportPayload } from "~/knowledge/payload";
import { deleteItem, importKnowledge, listKnowledge, upsertItem } from "~/knowledge/store.server";
import { createTestShop, openTestDatabase } from "../support/db";
import { startOpenAIWireServer, type OpenAIWireServer } from "../support/openai-wire-server";
import { catalog } from "./fixtures/catalog";

let db: Database;
let server: OpenAIWireServer;

beforeAll(async () => {
  [db, server] = await Promise.all([openTestDatabase(), startOpenAIWireServer({ embeddingDimensions: 256 })]);
});
afterAll(async () => {
  await server?.close();
  await db?.close();
});
beforeEach(() => server.reset());

const wireEmbedder = (model = "test-embedding") => new OpenAIEmbedder({ apiKey: "k", baseURL: server.baseURL, model, retryBaseDelayMs: 1 });
const embeddingCalls = () => server.requests.filter((request) => request.path.endsWith("/embeddings"));
const embeddedInputs = () => embeddingCalls().reduce((sum, request) => sum + request.body.input.length, 0);

function payload(json: unknown): ImportPayload {
  const parsed = parseImportPayload(json);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.data;
}

const clone = () => structuredClone(catalog);

async function chunkRows(shopId: string) {
  return db.prisma.$queryRaw<{ source_id: string; chunk_index: number; embedding_model: string; embedding_dim: number; text: string }[]>`
    SELECT source_id, chunk_index, embedding_model, embedding_dim, text FROM knowledge_chunks
    WHERE shop_id = ${shopId}::uuid ORDER BY source_type, source_id, chunk_index`;
}

describe("importKnowledge", () => {
  it("embeds everything once, in batches, then nothing when re-imported unchanged", async () => {
    const shop = await createTestShop(db);
    const first = await importKnowledge(db.prisma, wireEmbedder(), shop.id, payload(clone()), { mode: "full" });
    expect(first.chunks).toBeGreaterThanOrEqual(20);
    expect(first.embedded).toBe(first.chunks);
    expect(first.items).toEqual({ added: 20, updated: 0, unchanged: 0, removed: 0 });
    expect(embeddingCalls()).toHaveLength(1);
    expect(embeddedInputs()).toBe(first.chunks);

    const rows = await chunkRows(shop.id);
    expect(rows).toHaveLength(first.chunks);
    expect(new Set(rows.map((row) => `${row.embedding_model}/${row.embedding_dim}`))).toEqual(new Set(["test-embedding/256"]));

    server.reset();
    const again = await importKnowledge(db.prisma, wireEmbedder(), shop.id, payload(clone()), { mode: "full" });
    expect(embeddingCalls()).toHaveLength(0);
    expect(again).toMatchObject({ chunks: first.chunks, embedded: 0, unchanged: first.chunks, removed: 0 });
    expect(again.items.unchanged).toBe(20);
  });

  it("re-embeds only the changed product's changed chunks, and removes what a full import lacks", async () => {
    const shop = await createTestShop(db);
    await importKnowledge(db.prisma, wireEmbedder(), shop.id, payload(clone()), { mode: "full" });
    server.reset();

    const next = clone();
    next.products[1].description += " Now with a lifetime sole guarantee.";
    next.products = next.products.filter((product) => product.id !== "1015");
    const result = await importKnowledge(db.prisma, wireEmbedder(), shop.id, payload(next), { mode: "full" });
    expect(embeddingCalls()).toHaveLength(1);
    expect(embeddingCalls()[0].body.input).toHaveLength(1);
    expect(embeddingCalls()[0].body.input[0]).toContain("lifetime sole guarantee");
    expect(result).toMatchObject({ embedded: 1, removed: 1, items: { added: 0, updated: 1, removed: 1, unchanged: 18 } });

    const rows = await chunkRows(shop.id);
    expect(rows.some((row) => row.source_id === "1015")).toBe(false);
    expect(rows.filter((row) => row.source_id === "1002")).toHaveLength(1);
  });

  it("reuses stored vectors when only metadata changed (image URL)", async () => {
    const shop = await createTestShop(db);
    await importKnowledge(db.prisma, wireEmbedder(), shop.id, payload(clone()), { mode: "full" });
    server.reset();
    const next = clone();
    next.products[0].image = "https://shop.example/img/alaska-v2.jpg";
    const result = await importKnowledge(db.prisma, wireEmbedder(), shop.id, payload(next), { mode: "merge" });
    expect(embeddingCalls()).toHaveLength(0);
    expect(result.items.updated).toBe(1);
    const [{ image }] = await db.prisma.$queryRaw<{ image: string }[]>`
      SELECT image FROM knowledge_chunks WHERE shop_id = ${shop.id}::uuid AND source_id = '1001'`;
    expect(image).toBe("https://shop.example/img/alaska-v2.jpg");
  });

  it("stores the cart variant with every chunk, and a re-sync fills or clears it", async () => {
    const shop = await createTestShop(db);
    const cartVariants = async () =>
      (await db.prisma.$queryRaw<{ cart_variant_id: string | null }[]>`
        SELECT cart_variant_id FROM knowledge_chunks WHERE shop_id = ${shop.id}::uuid AND source_id = 'gid://shopify/Product/1'
        ORDER BY chunk_index`).map((row) => row.cart_variant_id);
    const jacket = (variants: unknown[]) =>
      payload({ products: [{ id: "gid://shopify/Product/1", name: "Jacket", description: "Warm. ".repeat(200), variants }] });
    const sizes = (mAvailable: boolean, ids = true) => [
      { ...(ids ? { id: "gid://shopify/ProductVariant/10" } : {}), title: "S", available: false },
      { ...(ids ? { id: "gid://shopify/ProductVariant/20" } : {}), title: "M", available: mAvailable },
    ];

    // Synced before cart variants existed: the same text without them (ids are not in the text).
    await importKnowledge(db.prisma, wireEmbedder(), shop.id, jacket(sizes(true, false)), { mode: "merge" });
    const chunks = (await cartVariants()).length;
    expect(chunks).toBeGreaterThan(1);
    expect(new Set(await cartVariants())).toEqual(new Set([null]));

    // The next sync rewrites the item for the new field alone, reusing every stored vector.
    server.reset();
    const filled = await importKnowledge(db.prisma, wireEmbedder(), shop.id, jacket(sizes(true)), { mode: "merge" });
    expect(filled).toMatchObject({ embedded: 0, unchanged: chunks, items: { updated: 1 } });
    expect(embeddingCalls()).toHaveLength(0);
    expect(await cartVariants()).toEqual(Array(chunks).fill("20"));

    // Sold out: no cart variant. Back in stock: the unchanged product gets it again.
    await importKnowledge(db.prisma, wireEmbedder(), shop.id, jacket(sizes(false)), { mode: "merge" });
    expect(new Set(await cartVariants())).toEqual(new Set([null]));
    const restocked = await importKnowledge(db.prisma, wireEmbedder(), shop.id, jacket(sizes(true)), { mode: "merge" });
    expect(restocked.items.updated).toBe(1);
    expect(await cartVariants()).toEqual(Array(chunks).fill("20"));
  });

  it("merge mode leaves items missing from the payload alone", async () => {
    const shop = await createTestShop(db);
    await importKnowledge(db.prisma, wireEmbedder(), shop.id, payload(clone()), { mode: "full" });
    const result = await importKnowledge(db.prisma, wireEmbedder(), shop.id, payload({ products: [catalog.products[0]] }), { mode: "merge" });
    expect(result.removed).toBe(0);
    expect((await listKnowledge(db.prisma, shop.id)).total).toBe(20);
    const full = await importKnowledge(db.prisma, wireEmbedder(), shop.id, payload({ products: [catalog.products[0]] }), { mode: "full" });
    // A full import replaces the sections it names: the other products go, FAQ and policies stay.
    expect(full.items.removed).toBe(catalog.products.length - 1);
    expect((await listKnowledge(db.prisma, shop.id)).total).toBe(20 - (catalog.products.length - 1));
  });

  it("re-embeds everything when the embedding model changes", async () => {
    const shop = await createTestShop(db);
    const first = await importKnowledge(db.prisma, wireEmbedder(), shop.id, payload(clone()), { mode: "full" });
    const local = await importKnowledge(db.prisma, new LocalHashEmbedder(), shop.id, payload(clone()), { mode: "full" });
    expect(local.embedded).toBe(first.chunks);
    const rows = await chunkRows(shop.id);
    expect(new Set(rows.map((row) => `${row.embedding_model}/${row.embedding_dim}`))).toEqual(new Set([`${LOCAL_EMBEDDER_MODEL}/512`]));
    server.reset();
    const back = await importKnowledge(db.prisma, wireEmbedder("other-model"), shop.id, payload(clone()), { mode: "full" });
    expect(back.embedded).toBe(first.chunks);
    expect(embeddedInputs()).toBe(first.chunks);
  });

  it("rolls back nothing half-written when embedding fails", async () => {
    const shop = await createTestShop(db);
    server.enqueue("embeddings", { kind: "error", status: 400 });
    await expect(importKnowledge(db.prisma, wireEmbedder(), shop.id, payload(clone()), { mode: "full" })).rejects.toThrow(/HTTP 400/);
    expect(await chunkRows(shop.id)).toHaveLength(0);
  });
});

describe("upsertItem / deleteItem / listKnowledge", () => {
  it("upserts and deletes single items", async () => {
    const shop = await createTestShop(db);
    const embedder = wireEmbedder();
    const created = await upsertItem(db.prisma, embedder, shop.id, { type: "faq", data: { id: "ship", question: "Do you ship abroad?", answer: "Yes, to 30 countries." } });
    expect(created).toMatchObject({ chunks: 1, embedded: 1, items: { added: 1 } });
    server.reset();
    const same = await upsertItem(db.prisma, embedder, shop.id, { type: "faq", data: { id: "ship", question: "Do you ship abroad?", answer: "Yes, to 30 countries." } });
    expect(same).toMatchObject({ embedded: 0, unchanged: 1 });
    expect(embeddingCalls()).toHaveLength(0);
    const changed = await upsertItem(db.prisma, embedder, shop.id, { type: "faq", data: { id: "ship", question: "Do you ship abroad?", answer: "Yes, to 40 countries." } });
    expect(changed).toMatchObject({ embedded: 1, items: { updated: 1 } });
    const rows = await chunkRows(shop.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].text).toContain("40 countries");

    expect(await deleteItem(db.prisma, shop.id, "faq", "ship")).toBe(1);
    expect(await deleteItem(db.prisma, shop.id, "faq", "ship")).toBe(0);
    expect(await chunkRows(shop.id)).toHaveLength(0);
  });

  it("lists items grouped, paginated and filtered, with counts", async () => {
    const shop = await createTestShop(db);
    const long = clone();
    long.products[0].description = `<p>${"Тёплая куртка держит тепло в мороз. ".repeat(80)}</p>`;
    await importKnowledge(db.prisma, wireEmbedder(), shop.id, payload(long), { mode: "full" });
    const page1 = await listKnowledge(db.prisma, shop.id, { page: 1, pageSize: 10 });
    expect(page1.total).toBe(20);
    expect(page1.items).toHaveLength(10);
    expect(page1.counts).toMatchObject({ product: 15, faq: 3, policy: 2, page: 0 });
    expect(page1.counts.chunks).toBeGreaterThan(20);
    const page2 = await listKnowledge(db.prisma, shop.id, { page: 2, pageSize: 10 });
    const alaska = [...page1.items, ...page2.items].find((item) => item.sourceId === "1001")!;
    expect(alaska).toMatchObject({ sourceType: "product", title: "Пуховик «Аляска» зимний", price: "12990", url: "https://shop.example/products/alaska" });
    expect(alaska.chunks).toBeGreaterThan(1);
    expect(alaska.updatedAt).toBeInstanceOf(Date);
    expect(new Set([...page1.items, ...page2.items].map((item) => item.sourceId)).size).toBe(20);
    const faq = await listKnowledge(db.prisma, shop.id, { sourceType: "faq" });
    expect(faq.total).toBe(3);
    expect(faq.items.every((item) => item.sourceType === "faq")).toBe(true);
  });
});
