import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { retrieve } from "~/knowledge/retrieve.server";
import { createTestShop, openTestDatabase, testPostgresUrl } from "../support/db";
import { recordStatements } from "../support/statements";
import { importInto } from "../support/knowledge";

/**
 * On the embedded database the chat's channels' statement is planned once for every question
 * (rawQuery's `generic`). What it returns must be what a statement planned for its question
 * returns (a transaction's client has no lane: Prisma sends the statement, planned per question),
 * for a small shop, whose vectors it reads whole, and for a larger one beside it, whose vector
 * channel is a statement of its own.
 */
let db: Database;
let small: string;
let large: string;
const embedder = new LocalHashEmbedder();

const KINDS = ["tent", "jacket", "sleeping bag", "backpack", "headlamp", "thermos", "trekking poles", "boots"];
const COLOURS = ["red", "blue", "green", "black", "orange"];

const catalog = (count: number, prefix: string) => ({
  products: Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    name: `${prefix} ${COLOURS[i % COLOURS.length]} ${KINDS[i % KINDS.length]} ${i}`,
    description: `A ${KINDS[(i + 3) % KINDS.length]} companion, ${300 + i * 7} g, for ${i % 2 ? "winter" : "summer"} trips.`,
    sku: `${prefix.toUpperCase()}-${1000 + i}`,
    price: 1000 + i * 10,
    tags: [KINDS[i % KINDS.length]],
  })),
  faq: [{ id: `${prefix}-faq-delivery`, question: "How long does delivery take?", answer: "Orders ship within two days; delivery takes 3-5 days." }],
});

beforeAll(async () => {
  db = await openTestDatabase();
  small = (await createTestShop(db, "Small")).id;
  large = (await createTestShop(db, "Large")).id;
  await importInto(db, small, catalog(30, "trail"));
  await importInto(db, large, catalog(260, "depot"));
});
afterAll(() => db?.close());

const QUESTIONS = [
  "lightweight red tent for two",
  "winter jacket",
  "how long does delivery take",
  "TRAIL-1004",
  "blue sleping bag",
  "thermos",
  "a black headlamp for summer trips that weighs little and fits a backpack with poles",
];

const ranking = (chunks: Array<{ sourceId: string; score: number; similarity: number | null; lexicalRank: number | null }>) =>
  chunks.map((chunk) => [chunk.sourceId, chunk.score.toFixed(9), chunk.similarity?.toFixed(9) ?? null, chunk.lexicalRank?.toFixed(9) ?? null]);

describe.skipIf(!!testPostgresUrl)("the channels' statement planned once (embedded database)", () => {
  it("returns, for every question and shop, what a statement planned for that question returns, and only that shop's items", async () => {
    for (const shopId of [small, large]) {
      for (const question of QUESTIONS) {
        for (const mode of ["hybrid", "lexical"] as const) {
          const once = await retrieve(db.prisma, embedder, shopId, question, { limit: 10, mode });
          const planned = await db.prisma.$transaction((tx) => retrieve(tx as never, embedder, shopId, question, { limit: 10, mode }));
          expect(ranking(once), `${question} (${mode})`).toEqual(ranking(planned));
          if (mode === "hybrid") expect(once.length).toBeGreaterThan(0);
          expect(once.every((chunk) => chunk.sourceId.startsWith(shopId === small ? "trail" : "depot"))).toBe(true);
        }
      }
    }
  });

  it("sends one channels' statement for a shop known to be small, a second for the vectors of a larger one, and plans a long question for itself", async () => {
    const { sent, stop } = recordStatements();
    try {
      const statements = async (shopId: string, question: string) => {
        sent.length = 0;
        await retrieve(db.prisma, embedder, shopId, question, { limit: 10 });
        // The chosen chunks' read is left out: a chunk read once is kept (chunk-rows-cache.server.ts).
        return sent.filter((text) => !text.includes(`"itemTexts"`));
      };
      // Both shops' sizes are known from the first test's term counts.
      const smallShop = await statements(small, "green backpack");
      expect(smallShop).toHaveLength(1);
      expect(smallShop[0]).toMatch(/^SET LOCAL plan_cache_mode = force_generic_plan;\nEXECUTE palompy_generic_\w+\(/);
      const largeShop = await statements(large, "green backpack");
      expect(largeShop).toHaveLength(2);
      expect(largeShop.filter((text) => text.startsWith("SET LOCAL plan_cache_mode"))).toHaveLength(1);
      expect(largeShop.some((text) => text.includes("'vector'::text AS channel") && !text.startsWith("SET LOCAL"))).toBe(true);
      const long = await statements(small, "green red blue black orange tent jacket backpack headlamp thermos");
      expect(long[0]).toMatch(/^WITH\s+term_counts/);
    } finally {
      stop();
    }
  });

  it("plans one statement for every question of a small shop, whichever channels the question needs", async () => {
    const { sent, stop } = recordStatements();
    try {
      // A SKU (identifier and variant-SKU channels), words too short for the name channels, a name
      // with a typo, one word: each asks for a different set of channels.
      for (const question of ["TRAIL-1004", "TRAIL-1004 in red?", "a red one", "blue sleping bag", "thermos"]) {
        await retrieve(db.prisma, embedder, small, question, { limit: 10 });
      }
      const executed = new Set(sent.flatMap((text) => /EXECUTE (palompy_generic_\w+)\(/.exec(text)?.[1] ?? []));
      expect(executed.size).toBe(1);
    } finally {
      stop();
    }
  });
});
