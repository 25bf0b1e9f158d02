import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { retrieve, type RetrievedChunk } from "~/knowledge/retrieve.server";
import { createTestShop, openTestDatabase } from "../support/db";
import { importInto } from "../support/knowledge";
import { recordStatements } from "../support/statements";
import { ridgeJacketCatalog } from "./fixtures/ridge-jacket";

/**
 * A small shop's chunk rows are read whole at the first chosen chunk this process has not read:
 * the same rows, item texts included, as reading the chosen chunks alone gives, only ever to that shop.
 */

let db: Database;
const shops = { ahead: "", byChunk: "" };
const embedder = new LocalHashEmbedder();

beforeAll(async () => {
  db = await openTestDatabase();
  for (const name of ["ahead", "byChunk"] as const) {
    shops[name] = (await createTestShop(db, `Chosen rows ${name}`)).id;
    await importInto(db, shops[name], ridgeJacketCatalog());
  }
});
afterAll(() => db?.close());

/** What a chosen chunk says, without the ids that differ between shops. */
const content = (chunks: RetrievedChunk[]) =>
  chunks.map(({ sourceType, sourceId, title, url, price, currency, image, sku, text, itemTexts }) => ({ sourceType, sourceId, title, url, price, currency, image, sku, text, itemTexts })).sort((a, b) => a.text.localeCompare(b.text));
const readsWholeShop = (text: string) => text.includes(`chunk_index AS "chunkIndex"`);
const readsChosen = (text: string) => text.includes(`"itemTexts"`);

async function retrieveRecorded(shop: keyof typeof shops, query: string, mode?: "vector") {
  const { sent, stop } = recordStatements();
  try {
    return { found: await retrieve(db.prisma, embedder, shops[shop], query, { limit: 10, ...(mode ? { mode } : {}) }), sent };
  } finally {
    stop();
  }
}

async function chunkIdsOf(shopId: string): Promise<Set<string>> {
  return new Set((await db.prisma.knowledgeChunk.findMany({ where: { shopId }, select: { id: true } })).map((row) => row.id));
}

describe("a small shop's chosen rows read ahead", () => {
  it("reads the whole shop once, as the chosen chunks alone would read, and no row after it", async () => {
    // Its size not yet counted (no lexical channel ran): the chosen chunks alone are read.
    const byChunk = await retrieveRecorded("byChunk", "ridge shell jacket wash", "vector");
    expect(byChunk.sent.filter(readsChosen)).toHaveLength(1);
    expect(byChunk.sent.filter(readsWholeShop)).toHaveLength(0);

    // Its size counted (a lexical retrieval that chose nothing), no chunk of it read yet.
    expect(await retrieve(db.prisma, embedder, shops.ahead, "zzzq", { mode: "lexical" })).toEqual([]);
    const ahead = await retrieveRecorded("ahead", "ridge shell jacket wash", "vector");
    expect(ahead.sent.filter(readsWholeShop)).toHaveLength(1);
    expect(ahead.sent.filter(readsChosen)).toHaveLength(0);
    expect(content(ahead.found)).toEqual(content(byChunk.found));
    const jacket = ahead.found.find((chunk) => chunk.sourceId === "jacket");
    expect(jacket?.itemTexts?.length).toBeGreaterThan(1);
    expect(jacket?.itemTexts?.join("\n")).toContain("RSJ-XL");

    const mug = await retrieveRecorded("ahead", "enamel mug");
    expect(mug.sent.filter((text) => readsWholeShop(text) || readsChosen(text))).toHaveLength(0);
    expect(mug.found[0]?.sourceId).toBe("mug");
  });

  it("serves each shop only its own rows", async () => {
    const owned = { ahead: await chunkIdsOf(shops.ahead), byChunk: await chunkIdsOf(shops.byChunk) };
    for (const shop of ["ahead", "byChunk"] as const) {
      const found = await retrieve(db.prisma, embedder, shops[shop], "ridge shell jacket enamel mug wash", { limit: 10 });
      expect(found.length).toBeGreaterThan(2);
      expect(found.every((chunk) => owned[shop].has(chunk.chunkId))).toBe(true);
    }
  });

  it("reads the shop whole again after its knowledge is written, and serves the new text", async () => {
    await retrieve(db.prisma, embedder, shops.ahead, "enamel mug", { limit: 3 });
    await importInto(db, shops.ahead, ridgeJacketCatalog({ mug: "A camp mug, 400 ml, now with a lid." }));
    // The import forgets the shop's counts: one retrieval counts again, the next miss reads ahead.
    const after = [await retrieveRecorded("ahead", "enamel mug lid"), await retrieveRecorded("ahead", "enamel mug lid")];
    expect(after.flatMap(({ sent }) => sent).filter(readsWholeShop)).toHaveLength(1);
    expect(after[1].found[0]?.sourceId).toBe("mug");
    expect(after[1].found[0]?.text).toContain("now with a lid");
  });
});
