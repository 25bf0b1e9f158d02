import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { createTestShop, openTestDatabase } from "../support/db";
import { importInto } from "../support/knowledge";

/**
 * PGlite has no autovacuum: an import refreshes the chunks' planner statistics itself by
 * autovacuum's rule (50 changed rows plus a tenth of the rows last counted), and the trigram
 * match is costed as the expensive call it is — together they let a shop's names be matched
 * through the trigram index instead of comparing every name with every word.
 */
let db: Database;
let shopId: string;
const embedder = new LocalHashEmbedder();

const products = (count: number, prefix: string) => ({
  products: Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, name: `${prefix} lantern model ${i}`, description: "A lantern for the garden." })),
});

const importIntoShop = (json: unknown) => importInto(db, shopId, json, embedder);

const countedRows = async () =>
  Number((await db.pool.query<{ rows: number }>("SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = 'knowledge_chunks'::regclass")).rows[0].rows);

beforeAll(async () => {
  db = await openTestDatabase();
  shopId = (await createTestShop(db, "Lanterns")).id;
});
afterAll(() => db?.close());

describe("planner statistics after an import", () => {
  it("are left alone after a few changed chunks and refreshed once 50 plus a tenth of the table changed", async () => {
    const before = await countedRows();
    expect((await importIntoShop(products(10, "a"))).embedded).toBe(10);
    expect(await countedRows()).toBe(before);

    await importIntoShop(products(60, "b"));
    expect(await countedRows()).toBe(70);

    // 50 + 7 needed now: 55 changed chunks are not enough, 60 more are.
    await importIntoShop(products(55, "c"));
    expect(await countedRows()).toBe(70);
    await importIntoShop(products(60, "d"));
    expect(await countedRows()).toBe(185);
  });

  it("cost the trigram word match as an expensive call, so a shop's names are looked up in the trigram index", async () => {
    const costs = await db.pool.query<{ proname: string; procost: number }>(
      "SELECT p.proname, p.procost::float8 AS procost FROM pg_operator o JOIN pg_proc p ON p.oid = o.oprcode WHERE o.oprname IN ('<%', '%>') ORDER BY 1",
    );
    expect(costs.rows).toEqual([
      { proname: "word_similarity_commutator_op", procost: 100 },
      { proname: "word_similarity_op", procost: 100 },
    ]);
    const plan = await db.pool.query<{ "QUERY PLAN": string }>(
      `EXPLAIN SELECT c.id FROM knowledge_chunks c, unnest($2::text[]) AS w
       WHERE c.shop_id = $1::uuid AND c.chunk_index = 0 AND w <% lower(c.title)`,
      [shopId, ["lantrn", "gardn"]],
    );
    expect(plan.rows.map((row) => row["QUERY PLAN"]).join("\n")).toContain("knowledge_chunks_title_trgm_idx");
  });
});
