import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { retrieve, retrieveAll, type RetrievalRequest } from "~/knowledge/retrieve.server";
import { createTestShop, openTestDatabase, testPostgresUrl } from "../support/db";
import { importInto } from "../support/knowledge";
import { recordStatements } from "../support/statements";

/**
 * A chat turn's retrievals at once (its queries and a returns question's policy pass): each must be
 * exactly what `retrieve` alone returns, in fewer statements on the embedded database.
 */
let db: Database;
let shopId: string;
let otherShopId: string;
const embedder = new LocalHashEmbedder();

const catalog = (prefix: string) => ({
  products: ["tent", "jacket", "sleeping bag", "boots", "headlamp", "thermos"].map((kind, i) => ({
    id: `${prefix}-${i}`,
    name: `${prefix} ${kind} ${i}`,
    description: `A ${kind} for ${i % 2 ? "winter" : "summer"} trips, ${400 + i * 50} g.`,
    sku: `${prefix.toUpperCase()}-${100 + i}`,
    price: 2000 + i * 500,
    tags: [kind],
  })),
  faq: [{ id: `${prefix}-faq-pay`, question: "Can I pay on delivery?", answer: "Cash or card to the courier on delivery." }],
  policies: [{ id: `${prefix}-returns`, title: "Returns", content: "Unworn items can be returned within 30 days; worn boots cannot be returned." }],
});

beforeAll(async () => {
  db = await openTestDatabase();
  shopId = (await createTestShop(db, "Trail")).id;
  otherShopId = (await createTestShop(db, "Other")).id;
  await importInto(db, shopId, catalog("trail"));
  await importInto(db, otherShopId, catalog("other"));
  // The shop's term counts known, as after its first chat turn: its statements are planned once.
  await retrieve(db.prisma, embedder, shopId, "tent boots returns", { limit: 10 });
});
afterAll(() => db?.close());

const requests: RetrievalRequest[] = [
  { query: "can I return worn boots", options: { limit: 10 } },
  { query: "winter jacket TRAIL-101", options: { limit: 10 } },
  { query: "returns worn", options: { limit: 3, mode: "lexical" } },
  { query: "?!", options: { limit: 10 } },
];

const ranking = (chunks: Array<{ chunkId: string; score: number; similarity: number | null; lexicalRank: number | null; exactMatch: boolean; text: string }>) =>
  chunks.map((chunk) => [chunk.chunkId, chunk.score.toFixed(9), chunk.similarity?.toFixed(9) ?? null, chunk.lexicalRank?.toFixed(9) ?? null, chunk.exactMatch, chunk.text]);

describe("several retrievals at once", () => {
  it("returns for each request what retrieve returns for it alone, from the shop's own chunks only", async () => {
    const together = await retrieveAll(db.prisma, embedder, shopId, requests);
    expect(together).toHaveLength(requests.length);
    for (const [i, request] of requests.entries()) {
      const alone = await retrieve(db.prisma, embedder, shopId, request.query, request.options);
      expect(ranking(together[i]), request.query).toEqual(ranking(alone));
      expect(together[i].every((chunk) => chunk.sourceId.startsWith("trail"))).toBe(true);
    }
    expect(together[0].length).toBeGreaterThan(0);
    expect(together[3]).toEqual([]);
  });

  it.skipIf(!!testPostgresUrl)("sends the channels' statements planned once in one message, reads the chosen chunks in one statement, and not again", async () => {
    const freshId = (await createTestShop(db, "Fresh")).id;
    await importInto(db, freshId, catalog("trail"));
    // Its term counts known (its statements planned once), no chunk chosen yet.
    expect(await retrieve(db.prisma, embedder, freshId, "zzzq", { mode: "lexical" })).toEqual([]);
    const sentOf = async () => {
      const { sent, stop } = recordStatements();
      try {
        return { found: await retrieveAll(db.prisma, embedder, freshId, requests.slice(0, 3)), sent };
      } finally {
        stop();
      }
    };
    const first = await sentOf();
    const executes = first.sent.filter((text) => text.includes("EXECUTE palompy_generic_"));
    expect(executes).toHaveLength(1);
    expect(executes[0].match(/EXECUTE palompy_generic_/g)).toHaveLength(3);
    // The chosen chunks' rows (COLUMNS: title, url, price…) are read in one statement: this small shop's all at once.
    const readsRows = (text: string) => text.includes("title, url, price");
    expect(first.sent.filter(readsRows)).toHaveLength(1);
    const again = await sentOf();
    expect(again.sent.filter(readsRows)).toHaveLength(0);
    expect(again.found.map(ranking)).toEqual(first.found.map(ranking));
    expect(again.found.flat().every((chunk) => chunk.sourceId.startsWith("trail"))).toBe(true);
  });

  it("answers from the item as it is now after the item is imported again", async () => {
    const before = await retrieve(db.prisma, embedder, shopId, "trail thermos 5", { limit: 1 });
    expect(before[0].sourceId).toBe("trail-5");
    expect(Number(before[0].price)).toBe(4500);
    const changed = catalog("trail");
    changed.products[5] = { ...changed.products[5], price: 3900, description: "A thermos for winter trips, now lighter." };
    await importInto(db, shopId, { products: [changed.products[5]] });
    const after = await retrieve(db.prisma, embedder, shopId, "trail thermos 5", { limit: 1 });
    expect(after[0].sourceId).toBe("trail-5");
    expect(Number(after[0].price)).toBe(3900);
    expect(after[0].text).toContain("now lighter");
    expect(after[0].chunkId).not.toBe(before[0].chunkId);
  });
});
