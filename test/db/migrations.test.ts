import { PGlite } from "@electric-sql/pglite";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { vector } from "@electric-sql/pglite/vector";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, pendingMigrations, readMigrations } from "~/db/migrate.server";
import { openDatabase, type Database } from "~/db/open.server";
import { serveWire } from "../../server/pglite-wire.mjs";
import { createServerDatabase, testPostgresUrl } from "../support/db";

describe(`migrations on ${testPostgresUrl ? "an empty PostgreSQL database" : "the embedded database (PGlite)"}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(testPostgresUrl ? { kind: "postgres", url: await createServerDatabase({ empty: true }) } : { kind: "pglite", dataDir: "memory://" });
  });
  afterAll(() => db.close());

  it("applies every committed migration once, and re-running applies nothing", async () => {
    expect(await pendingMigrations(db.runner)).toEqual([]);
    expect(await applyMigrations(db.runner)).toEqual([]);
    const rows = await db.runner.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"`);
    expect(rows.map((row) => row.migration_name)).toEqual(readMigrations().map((migration) => migration.name));
  });

  it("creates the HNSW and full-text indexes that Prisma's schema language cannot", async () => {
    const rows = await db.runner.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'knowledge_chunks'`,
    );
    const definitions = rows.map((row) => row.indexdef).join("\n");
    expect(definitions).toMatch(/USING hnsw \(\(\(embedding\)::vector\(512\)\) vector_cosine_ops\)/);
    expect(definitions).toMatch(/USING gin \(search_vector\)/);
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const [first, ...rest] = readMigrations();
    const tampered = { ...first, sql: `${first.sql}\n-- edited`, checksum: "0".repeat(64) };
    await expect(applyMigrations(db.runner, [tampered, ...rest])).rejects.toThrow(/checksum mismatch/);
  });

  it("rolls back a failing migration and records nothing", async () => {
    const broken = { name: "29990101000000_broken", sql: "CREATE TABLE half_done (id int); SELECT no_such_function();", checksum: "x" };
    await expect(applyMigrations(db.runner, [...readMigrations(), broken])).rejects.toThrow(/29990101000000_broken failed/);
    const tables = await db.runner.query(`SELECT 1 FROM pg_tables WHERE tablename = 'half_done'`);
    expect(tables).toHaveLength(0);
    expect(await pendingMigrations(db.runner, [...readMigrations(), broken])).toEqual([broken.name]);
  });
});

describe(`the PostgreSQL path (@prisma/adapter-pg over the wire, ${testPostgresUrl ? "PostgreSQL server" : "the embedded database's wire server"})`, () => {
  let pglite: PGlite;
  let server: Awaited<ReturnType<typeof serveWire>>;
  let url: string;

  beforeAll(async () => {
    if (testPostgresUrl) {
      url = await createServerDatabase({ empty: true });
      return;
    }
    pglite = await PGlite.create("memory://", { extensions: { vector, unaccent, pg_trgm } });
    // The server takes the pool's several connections in turns onto the one PGlite backend.
    server = await serveWire(pglite, { host: "127.0.0.1", port: 0, maxConnections: 20 });
    url = `postgresql://postgres@${server.address}/postgres?sslmode=disable`;
  });
  afterAll(async () => {
    await server?.stop();
    await pglite?.close();
  });

  it("migrates through node-postgres, idempotently, and serves Prisma queries", async () => {
    const first = await openDatabase({ kind: "postgres", url });
    const shop = await first.prisma.shop.create({ data: { name: "Wire shop" } });
    expect(shop.publicKey).toMatch(/^[0-9a-f-]{36}$/);
    await first.close();

    const second = await openDatabase({ kind: "postgres", url });
    expect(await pendingMigrations(second.runner)).toEqual([]);
    const ledger = await second.runner.query(`SELECT migration_name FROM "_prisma_migrations"`);
    expect(ledger).toHaveLength(readMigrations().length);
    expect(await second.prisma.shop.count()).toBe(1);
    await second.close();
  });
});
