import { openDatabase, type Database } from "~/db/open.server";

/** A fresh, fully migrated embedded Postgres (PGlite with pgvector) in memory for one test file. */
export function openTestDatabase(): Promise<Database> {
  return openDatabase({ kind: "pglite", dataDir: "memory://" });
}

export async function createTestShop(db: Database, name = "Test shop") {
  return db.prisma.shop.create({ data: { name } });
}
