import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { parseImportPayload, type ImportPayload } from "~/knowledge/payload";
import { identifierTokens, lexicalQueries, retrieve, withoutExcludedWords, type RetrievalMode } from "~/knowledge/retrieve.server";
import { shopSynonyms, synonymExpansions } from "~/knowledge/synonyms";
import { deleteItem, importKnowledge, listKnowledge } from "~/knowledge/store.server";
import { createTestShop, openTestDatabase } from "../support/db";
import { catalog } from "./fixtures/catalog";

let db: Database;
let shopA: string;
let shopB: string;
const embedder = new LocalHashEmbedder();

function payload(json: unknown): ImportPayload {
  const parsed = parseImportPayload(json);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.data;
}

/** Shop B sells look-alikes: same ids, names and SKUs with a marker, so any leak is visible. */
function shopBCatalog() {
  return {
    products: catalog.products.map((product) => ({
      ...product,
      name: `${product.name} (B)`,
      description: `SHOPB ${product.description}`,
      sku: `${product.sku}-B`,
      variants: [],
    })),
    faq: [{ question: "Сколько стоит доставка?", answer: "SHOPB: доставка бесплатная всегда." }],
    policies: [],
  };
}

beforeAll(async () => {
  db = await openTestDatabase();
  shopA = (await createTestShop(db, "Shop A")).id;
  shopB = (await createTestShop(db, "Shop B")).id;
  await importKnowledge(db.prisma, embedder, shopA, payload(catalog), { mode: "full" });
  await importKnowledge(db.prisma, embedder, shopB, payload(shopBCatalog()), { mode: "full" });
});
afterAll(() => db?.close());

const top = async (query: string, mode: RetrievalMode = "hybrid", shopId = shopA) =>
  (await retrieve(db.prisma, embedder, shopId, query, { mode, limit: 5 })).map((chunk) => chunk.sourceId);

describe("retrieve (local embedder)", () => {
  it("finds a winter jacket from a Russian description of need", async () => {
    expect((await top("тёплая куртка для зимы")).slice(0, 2)).toContain("1001");
  });

  it("finds waterproof hiking boots in English", async () => {
    expect((await top("waterproof hiking boots"))[0]).toBe("1002");
    expect((await top("waterproof hiking boots", "vector"))[0]).toBe("1002");
    expect((await top("waterproof hiking boots", "lexical"))[0]).toBe("1002");
  });

  it("finds a product by exact SKU, first, flagged exactMatch", async () => {
    const [first] = await retrieve(db.prisma, embedder, shopA, "SKU TR-2291");
    expect(first).toMatchObject({ sourceId: "1002", exactMatch: true, sku: "TR-2291" });
    expect(first.score).toBeGreaterThan(1);
  });

  it("finds a product by a variant SKU and by its id, case-insensitively", async () => {
    const [variant] = await retrieve(db.prisma, embedder, shopA, "есть ли al-1001-l в наличии?");
    expect(variant).toMatchObject({ sourceId: "1001", exactMatch: true });
    const [byId] = await retrieve(db.prisma, embedder, shopA, "product 1013");
    expect(byId).toMatchObject({ sourceId: "1013", exactMatch: true });
  });

  it("ignores accents, case and ё/е", async () => {
    expect((await top("cafe racer"))[0]).toBe("1006");
    expect((await top("CAFÉ RACER", "lexical"))[0]).toBe("1006");
    expect((await top("елочные игрушки"))[0]).toBe("1007");
    expect((await top("ёлочные игрушки", "lexical"))[0]).toBe("1007");
  });

  it("answers FAQ and policy questions in both languages", async () => {
    const delivery = await retrieve(db.prisma, embedder, shopA, "сколько стоит доставка по России?", { limit: 3 });
    expect(delivery[0]).toMatchObject({ sourceType: "faq" });
    expect(delivery[0].text).toContain("390 ₽");
    const returns = await retrieve(db.prisma, embedder, shopA, "how can I return my order?", { limit: 3 });
    expect(returns[0]).toMatchObject({ sourceType: "faq", title: "How do I return an item?" });
    const [warranty] = await retrieve(db.prisma, embedder, shopA, "is there a warranty on jackets?", { limit: 3 });
    expect(warranty).toMatchObject({ sourceType: "policy", title: "Warranty policy" });
  });

  it("tolerates word forms and small typos through the vector channel", async () => {
    expect(await top("палки для треккинга", "vector")).toContain("1008");
    expect((await top("polarised sunglases", "vector"))[0]).toBe("1011");
  });

  it("tolerates typos and diminutives on names through trigram similarity, in hybrid mode", async () => {
    expect(await top("палкм", "lexical")).not.toContain("1008");
    expect(await top("палкм")).toContain("1008");
  });

  it("uses the shop's synonyms from its settings", async () => {
    const before = await retrieve(db.prisma, embedder, shopA, "gizmo for the snow", { mode: "lexical", limit: 5 });
    expect(before.map((chunk) => chunk.sourceId)).not.toContain("1001");
    const after = await retrieve(db.prisma, embedder, shopA, "gizmo for the snow", { mode: "lexical", limit: 5, synonyms: [["gizmo", "пуховик"]] });
    expect(after.map((chunk) => chunk.sourceId)).toContain("1001");
  });

  it("runs hybrid, vector-only and lexical-only, reporting each channel's score", async () => {
    const hybrid = await retrieve(db.prisma, embedder, shopA, "термос для зимней рыбалки", { mode: "hybrid" });
    const vector = await retrieve(db.prisma, embedder, shopA, "термос для зимней рыбалки", { mode: "vector" });
    const lexical = await retrieve(db.prisma, embedder, shopA, "термос для зимней рыбалки", { mode: "lexical" });
    for (const results of [hybrid, vector, lexical]) expect(results[0].sourceId).toBe("1014");
    expect(hybrid[0].similarity).toBeGreaterThan(0);
    expect(hybrid[0].lexicalRank).toBeGreaterThan(0);
    expect(vector.every((chunk) => chunk.lexicalRank === null && chunk.similarity !== null)).toBe(true);
    expect(lexical.every((chunk) => chunk.similarity === null && chunk.lexicalRank !== null)).toBe(true);
    expect(vector.length).toBe(8);
    const exact = await retrieve(db.prisma, embedder, shopA, "термос для зимней рыбалки", { mode: "vector", exact: true });
    expect(exact.map((chunk) => chunk.chunkId)).toEqual(vector.map((chunk) => chunk.chunkId));
  });

  it("returns nothing for empty or symbol-only queries", async () => {
    expect(await retrieve(db.prisma, embedder, shopA, "   ")).toEqual([]);
    expect(await retrieve(db.prisma, embedder, shopA, "?!", { mode: "lexical" })).toEqual([]);
  });
});

describe("tenant isolation", () => {
  const leaks = (chunks: { text: string; title: string }[], marker: RegExp) => chunks.filter((chunk) => marker.test(chunk.text) || marker.test(chunk.title));

  it("never returns another shop's chunks on any channel", async () => {
    for (const mode of ["hybrid", "vector", "lexical"] as const) {
      for (const query of ["тёплая куртка для зимы", "waterproof hiking boots", "SHOPB", "сколько стоит доставка", "TR-2291-B"]) {
        const fromA = await retrieve(db.prisma, embedder, shopA, query, { mode, limit: 50, candidates: 100 });
        expect(leaks(fromA, /SHOPB|\(B\)/)).toEqual([]);
        const fromB = await retrieve(db.prisma, embedder, shopB, query, { mode, limit: 50, candidates: 100 });
        expect(fromB.filter((chunk) => !/SHOPB/.test(chunk.text))).toEqual([]);
      }
    }
  });

  it("does not match another shop's SKU or variant SKU", async () => {
    expect((await retrieve(db.prisma, embedder, shopB, "TR-2291")).filter((chunk) => chunk.exactMatch)).toEqual([]);
    expect((await retrieve(db.prisma, embedder, shopB, "AL-1001-L")).filter((chunk) => chunk.exactMatch)).toEqual([]);
    const [own] = await retrieve(db.prisma, embedder, shopB, "TR-2291-B");
    expect(own).toMatchObject({ sourceId: "1002", exactMatch: true, title: "Trail Runner hiking boots (B)" });
  });

  it("lists, deletes and fully re-imports one shop without touching the other", async () => {
    const before = await listKnowledge(db.prisma, shopA);
    expect(await deleteItem(db.prisma, shopB, "product", "1002")).toBe(1);
    await importKnowledge(db.prisma, embedder, shopB, payload({ products: [], faq: [], policies: [], pages: [] }), { mode: "full" });
    expect((await listKnowledge(db.prisma, shopB)).total).toBe(0);
    const after = await listKnowledge(db.prisma, shopA);
    expect(after.counts).toEqual(before.counts);
    expect((await top("waterproof hiking boots"))[0]).toBe("1002");
  });
});

describe("query builders", () => {
  it("builds a safe OR tsquery with prefixes for longer words, and no vocabulary of its own", () => {
    expect(lexicalQueries("Тёплая куртка для зимы?")).toEqual({ terms: ["тёплая:*", "куртка:*", "зимы:*"], own: "тёплая:* | куртка:* | зимы:*", ownAll: "тёплая:* & куртка:* & зимы:*", all: "тёплая:* | куртка:* | зимы:*" });
    expect(lexicalQueries("a & b | !c:* 'x' (42)").all).toBe("42");
    expect(lexicalQueries("").all).toBe("");
    // Words of other verticals stay what they are (the old outdoor lexicon turned them into gear).
    for (const question of ["маска для лица", "пенка для умывания", "memory card", "корм для кошки", "кожа", "холодильник"]) {
      const { own, all } = lexicalQueries(question);
      expect(all).toBe(own);
    }
  });

  it("expands a query with the shop's own synonyms only", () => {
    const synonyms = shopSynonyms({ synonyms: [["пуховик", "куртка на пуху"], ["tee", "t-shirt"], "junk", [1, "x"], ["solo"]] });
    expect(synonyms).toEqual([["пуховик", "куртка на пуху"], ["tee", "t-shirt"]]);
    expect(shopSynonyms({ synonyms: "nope" })).toEqual([]);
    expect(shopSynonyms(null)).toEqual([]);
    expect(synonymExpansions("Есть пуховики?", synonyms)).toEqual(["куртка на пуху"]);
    expect(lexicalQueries("white tee", synonyms).all).toBe("white:* | tee | (t <-> shirt)");
    expect(lexicalQueries("white tee").all).toBe("white:* | tee");
  });

  it("drops what the shopper says they do not want", () => {
    expect(withoutExcludedWords("headphones without microphone")).toBe("headphones");
    expect(withoutExcludedWords("куртка без капюшона")).toBe("куртка");
    expect(withoutExcludedWords("without")).toBe("without");
  });
  it("extracts identifier tokens trimming outer punctuation", () => {
    expect(identifierTokens("SKU: «TR-2291»?")).toEqual(["sku", "tr-2291"]);
  });
});

describe("embedder failure", () => {
  const failing = { modelId: embedder.modelId, dimensions: 512, embed: async () => Promise.reject(new Error("provider down")) };

  it("degrades hybrid retrieval to lexical and identifier channels", async () => {
    const errors: unknown[] = [];
    const results = await retrieve(db.prisma, failing, shopA, "waterproof hiking boots TR-2291", { onVectorError: (error) => errors.push(error) });
    expect(results[0]).toMatchObject({ sourceId: "1002", exactMatch: true, similarity: null });
    expect(errors).toHaveLength(1);
  });

  it("fails vector-only retrieval", async () => {
    await expect(retrieve(db.prisma, failing, shopA, "boots", { mode: "vector" })).rejects.toThrow("provider down");
  });
});
