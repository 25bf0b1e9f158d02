import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { rawQuery } from "~/db/raw-sql.server";
import { Prisma } from "~/generated/prisma/client";
import { createTestShop, openTestDatabase } from "../support/db";
import { importInto } from "../support/knowledge";

/**
 * A knowledge chunk's row, embedding included, stays in its heap page up to a page's size
 * (migration 20261207090000_chunk_rows_inline): the vector channel reads each row it measures, and
 * an embedding moved out of line made every one of those reads a lookup in the TOAST table.
 */
let db: Database;
let shopId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  shopId = (await createTestShop(db, "Inline rows")).id;
  const description = (i: number) =>
    `Hand-stitched canvas bag number ${i}: waxed cotton, brass buckles, a padded sleeve for a laptop and two side pockets. `.repeat(6);
  await importInto(db, shopId, {
    products: Array.from({ length: 12 }, (_, i) => ({ id: `bag-${i}`, name: `Canvas bag ${i}`, description: description(i), price: 4000 + i })),
  });
});
afterAll(() => db?.close());

describe("knowledge chunk rows", () => {
  it("keep a 512-dimension embedding in the row, out of the TOAST table, when the row is over 2 kB", async () => {
    const chunks = await rawQuery<{ source_id: string; chunk_index: number; text_bytes: number; embedding_bytes: number }>(
      db.prisma,
      Prisma.sql`SELECT source_id, chunk_index, octet_length(text) AS text_bytes, pg_column_size(embedding) AS embedding_bytes
        FROM knowledge_chunks WHERE shop_id = ${shopId}::uuid`,
    );
    expect(chunks.length).toBeGreaterThanOrEqual(12);
    // Over the 2 kB at which Postgres starts toasting a row, under a page.
    for (const chunk of chunks) expect(chunk.text_bytes + chunk.embedding_bytes).toBeGreaterThan(2_100);
    for (const chunk of chunks) expect(chunk.text_bytes + chunk.embedding_bytes).toBeLessThan(8_000);

    const [toast] = await rawQuery<{ name: string }>(db.prisma, Prisma.sql`SELECT reltoastrelid::regclass::text AS name FROM pg_class WHERE oid = 'knowledge_chunks'::regclass`);
    // The database is this file's own: any value out of line would be one of these rows'.
    const [outOfLine] = await rawQuery<{ values: number }>(db.prisma, Prisma.sql`SELECT count(DISTINCT chunk_id)::int AS values FROM ${Prisma.raw(toast.name)}`);
    expect(outOfLine.values).toBe(0);
    const [options] = await rawQuery<{ options: string[] }>(db.prisma, Prisma.sql`SELECT reloptions AS options FROM pg_class WHERE oid = 'knowledge_chunks'::regclass`);
    expect(options.options).toContain("toast_tuple_target=8160");
  });
});
