import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { retrieve } from "~/knowledge/retrieve.server";
import { deleteItem } from "~/knowledge/store.server";
import { rawQuery } from "~/db/raw-sql.server";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { forgetTermFrequencies, rememberTermCounts, termWeighting } from "~/knowledge/term-weights.server";
import { createTestShop, openTestDatabase } from "../support/db";
import { recordStatements } from "../support/statements";
import { importInto } from "../support/knowledge";

/** The weights alone (one statement), as the ranking statement computes them, its counts remembered as it does. */
async function termWeights(prisma: PrismaClient, shopId: string, terms: string[]): Promise<number[]> {
  const weighting = termWeighting(shopId, terms);
  const [row] = await rawQuery<{ weights: number[]; counted: Array<{ term: string; frequency: number; total: number }> }>(
    prisma,
    Prisma.sql`WITH ${weighting.ctes}
      SELECT ARRAY(SELECT weight FROM term_weights ORDER BY position) AS weights,
        ARRAY(SELECT json_build_object('term', term, 'frequency', frequency, 'total', total) FROM (${weighting.countedRows}) counted) AS counted`,
  );
  rememberTermCounts(shopId, row.counted);
  return row.weights.map(Number);
}

let db: Database;
let lighting: string;
let garden: string;
const embedder = new LocalHashEmbedder();

/** A lighting shop: "light" is in every name, "leaves" in one. */
const lightingCatalog = {
  products: [
    ...Array.from({ length: 12 }, (_, i) => ({ id: `l${i}`, name: `Ceiling light fixture model ${i} with light bulb`, description: "A light for any room." })),
    { id: "leaf", name: "Pendant fixture with brass leaves", description: "Hand-made metal leaves around the shade." },
  ],
};

beforeAll(async () => {
  db = await openTestDatabase();
  lighting = (await createTestShop(db, "Lighting")).id;
  garden = (await createTestShop(db, "Garden")).id;
  await importInto(db, lighting, lightingCatalog);
  await importInto(db, garden, { products: [{ id: "g1", name: "Rake for leaves", description: "Collects leaves." }] });
});
afterAll(() => db?.close());

describe("term weights (IDF over the shop's own chunks)", () => {
  it("weighs a word the shop rarely uses above one on every item", async () => {
    const [light, leaves] = await termWeights(db.prisma, lighting, ["light:*", "leaves:*"]);
    expect(leaves).toBeGreaterThan(light * 3);
    expect((light + leaves) / 2).toBeCloseTo(1, 5);
  });

  it("puts the item with the rare word first although the common word fills the others' names", async () => {
    const lexical = await retrieve(db.prisma, embedder, lighting, "light fixtures with leaves", { mode: "lexical", limit: 3 });
    expect(lexical[0].sourceId).toBe("leaf");
    const hybrid = await retrieve(db.prisma, embedder, lighting, "light fixtures with leaves", { limit: 3 });
    expect(hybrid[0].sourceId).toBe("leaf");
  });

  it("counts only this shop's chunks, and forgets counts when the shop's knowledge changes", async () => {
    // "leaves" is rare in the lighting shop but in every chunk of the garden shop.
    const [gardenLeaves] = await termWeights(db.prisma, garden, ["leaves:*"]);
    const [lightingLeaves, lightingRake] = await termWeights(db.prisma, lighting, ["leaves:*", "rake:*"]);
    expect(gardenLeaves).toBe(1);
    expect(lightingRake).toBeGreaterThan(lightingLeaves);
    await importInto(db, lighting, { products: Array.from({ length: 12 }, (_, i) => ({ id: `rake${i}`, name: `Rake ${i}`, description: "" })) });
    const [leavesAfter, rakeAfter] = await termWeights(db.prisma, lighting, ["leaves:*", "rake:*"]);
    expect(rakeAfter).toBeLessThan(leavesAfter);
    for (let i = 0; i < 12; i++) await deleteItem(db.prisma, lighting, "product", `rake${i}`);
    const [leavesRestored, rakeRestored] = await termWeights(db.prisma, lighting, ["leaves:*", "rake:*"]);
    expect(rakeRestored).toBeGreaterThan(leavesRestored);
  });

  it("counts a term it does not know in the ranking's own statement, and weighs it the same whether counted there or remembered", async () => {
    forgetTermFrequencies(lighting);
    const { sent, stop } = recordStatements();
    try {
      const first = await retrieve(db.prisma, embedder, lighting, "brass pendant leaves", { mode: "lexical", limit: 3 });
      // One statement ranks (and counts), no statement of the counts' own; the chosen chunks' read,
      // when they were not read before (chunk-rows-cache.server.ts), is left out.
      const ranking = () => sent.filter((text) => !text.includes(`"itemTexts"`));
      expect(ranking()).toHaveLength(1);
      // On the embedded database a statement of a shape planned before is executed by name.
      expect(sent[0]).toMatch(/term_counts|EXECUTE palompy_\w+\(/);
      sent.length = 0;
      const again = await retrieve(db.prisma, embedder, lighting, "brass pendant leaves", { mode: "lexical", limit: 3 });
      expect(ranking()).toHaveLength(1);
      expect(again.map((chunk) => [chunk.chunkId, chunk.score])).toEqual(first.map((chunk) => [chunk.chunkId, chunk.score]));
    } finally {
      stop();
    }
    forgetTermFrequencies(lighting);
    const counted = await termWeights(db.prisma, lighting, ["brass:*", "light:*", "leaves:*"]);
    const remembered = await termWeights(db.prisma, lighting, ["brass:*", "light:*", "leaves:*"]);
    expect(remembered).toEqual(counted);
    expect(counted[0]).toBeGreaterThan(counted[1]);
  });
});
