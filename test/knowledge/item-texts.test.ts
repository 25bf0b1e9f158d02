import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { parseImportPayload } from "~/knowledge/payload";
import { retrieve } from "~/knowledge/retrieve.server";
import { importKnowledge } from "~/knowledge/store.server";
import { createTestShop, openTestDatabase } from "../support/db";
import { ridgeJacketCatalog } from "./fixtures/ridge-jacket";

/**
 * A product long enough for several chunks keeps its variant lines in the last one; retrieval hands
 * every chunk text of a chosen product over with it (the answer reads the variant lines from them).
 */
const catalog = (sku: string) => ridgeJacketCatalog({ sku });

let db: Database;
const shops: Record<"own" | "other", string> = { own: "", other: "" };
const embedder = new LocalHashEmbedder();

beforeAll(async () => {
  db = await openTestDatabase();
  for (const [name, sku] of [["own", "RSJ"], ["other", "OTHER"]] as const) {
    shops[name] = (await createTestShop(db, `Item texts ${name}`)).id;
    const parsed = parseImportPayload(catalog(sku));
    if (!parsed.ok) throw new Error(parsed.message);
    await importKnowledge(db.prisma, embedder, shops[name], parsed.data, { mode: "full" });
  }
});
afterAll(() => db?.close());

describe("retrieval reads a chosen product's every chunk text with it", () => {
  it("gives a multi-chunk product all its chunk texts in order, its variant lines among them, and none to a FAQ entry", async () => {
    const chunks = await db.prisma.knowledgeChunk.findMany({ where: { shopId: shops.own, sourceId: "jacket" }, orderBy: { chunkIndex: "asc" }, select: { text: true } });
    expect(chunks.length).toBeGreaterThan(1);
    const found = await retrieve(db.prisma, embedder, shops.own, "ridge shell jacket wash", { limit: 10 });
    const jacket = found.filter((chunk) => chunk.sourceId === "jacket");
    expect(jacket.length).toBeGreaterThan(0);
    for (const chunk of jacket) expect(chunk.itemTexts).toEqual(chunks.map((row) => row.text));
    expect(jacket[0].itemTexts!.join("\n")).toContain("RSJ-XL");
    const faq = found.find((chunk) => chunk.sourceType === "faq");
    expect(faq).toBeDefined();
    expect(faq!.itemTexts).toBeUndefined();
  });

  it("never reads another shop's chunks of the same product id", async () => {
    const found = await retrieve(db.prisma, embedder, shops.own, "ridge shell jacket", { limit: 10 });
    const texts = found.flatMap((chunk) => chunk.itemTexts ?? []).join("\n");
    expect(texts).toContain("RSJ-S");
    expect(texts).not.toContain("OTHER-");
  });
});
