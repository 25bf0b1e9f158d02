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

  it.skipIf(!!testPostgresUrl)("sends the channels' statements planned once in one message and reads all the chosen chunks in one statement", async () => {
    const { sent, stop } = recordStatements();
    try {
      await retrieveAll(db.prisma, embedder, shopId, requests.slice(0, 3));
    } finally {
      stop();
    }
    const executes = sent.filter((text) => text.includes("EXECUTE palompy_generic_"));
    expect(executes).toHaveLength(1);
    expect(executes[0].match(/EXECUTE palompy_generic_/g)).toHaveLength(3);
    expect(sent.filter((text) => text.includes(`"itemTexts"`))).toHaveLength(1);
  });
});
