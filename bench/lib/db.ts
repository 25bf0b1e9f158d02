import { openDatabase, type Database } from "~/db/open.server";
import type { Embedder } from "~/knowledge/embedders/types";
import { MAX_FAQ, MAX_PAGES, MAX_POLICIES, MAX_PRODUCTS, parseImportPayload, type ImportPayload } from "~/knowledge/payload";
import { importKnowledge, type ImportResult } from "~/knowledge/store.server";

/** A fresh, migrated in-memory PGlite (with pgvector), like the app's test databases. */
export function openBenchDatabase(): Promise<Database> {
  return openDatabase({ kind: "pglite", dataDir: "memory://" });
}

export async function createShop(db: Database, name: string): Promise<string> {
  const shop = await db.prisma.shop.create({ data: { name } });
  return shop.id;
}

type RawCatalog = { products?: unknown[]; faq?: unknown[]; policies?: unknown[]; pages?: unknown[] };

/**
 * Imports a catalog of any size through the real importer: split into payloads within the API's
 * per-request limits, each validated by parseImportPayload and imported in "merge" mode.
 */
export async function importCatalog(db: Database, embedder: Embedder, shopId: string, catalog: RawCatalog): Promise<ImportResult & { items: ImportResult["items"] }> {
  const total: ImportResult = { chunks: 0, embedded: 0, unchanged: 0, removed: 0, items: { added: 0, updated: 0, unchanged: 0, removed: 0 } };
  const limits = { products: MAX_PRODUCTS, faq: MAX_FAQ, policies: MAX_POLICIES, pages: MAX_PAGES } as const;
  const pieces: RawCatalog[] = [];
  for (const key of Object.keys(limits) as (keyof typeof limits)[]) {
    const list = catalog[key] ?? [];
    for (let start = 0; start < list.length; start += limits[key]) pieces.push({ [key]: list.slice(start, start + limits[key]) });
  }
  for (const piece of pieces) {
    const parsed = parseImportPayload(piece);
    if (!parsed.ok) throw new Error(`catalog rejected by the import API (${parsed.status} at ${parsed.field}): ${parsed.message}`);
    const result = await importKnowledge(db.prisma, embedder, shopId, parsed.data as ImportPayload, { mode: "merge" });
    total.chunks += result.chunks;
    total.embedded += result.embedded;
    total.unchanged += result.unchanged;
    for (const key of ["added", "updated", "unchanged"] as const) total.items[key] += result.items[key];
  }
  return total;
}
