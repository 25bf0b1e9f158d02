import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { vector } from "@electric-sql/pglite/vector";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client";
import { applyMigrations, type SqlRunner } from "./migrate.server";

export type DatabaseTarget = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseTarget["kind"];
  /** Raw access for the migrator and the readiness probe. */
  runner: SqlRunner;
  close(): Promise<void>;
}

/**
 * Opens the database (embedded PGlite in a folder, or a PostgreSQL server with pgvector when a URL
 * is given) and applies pending migrations before anything else may use it.
 */
export async function openDatabase(target: DatabaseTarget, options: { migrate?: boolean } = {}): Promise<Database> {
  const database = target.kind === "pglite" ? await openPGlite(target.dataDir) : openPostgres(target.url);
  if (options.migrate !== false) {
    try {
      await database.migrate();
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

type OpenedDatabase = Database & { migrate(): Promise<unknown> };

async function openPGlite(dataDir: string): Promise<OpenedDatabase> {
  if (!dataDir.startsWith("memory://")) fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, { extensions: { vector, unaccent, pg_trgm } });
  // pglite-prisma-adapter is typed against an older @prisma/driver-adapter-utils than the client;
  // the runtime contract is the same (queries, transactions and migrations run through it).
  const adapter = new PrismaPGlite(client) as unknown as SqlDriverAdapterFactory;
  const prisma = new PrismaClient({ adapter });
  const runner: SqlRunner = {
    exec: async (sql) => {
      await client.exec(sql);
    },
    query: async <Row>(sql: string, params: unknown[] = []) => (await client.query<Row>(sql, params)).rows,
  };
  return {
    prisma,
    kind: "pglite",
    runner,
    migrate: () => applyMigrations(runner),
    close: async () => {
      await prisma.$disconnect();
      await client.close();
    },
  };
}

function openPostgres(url: string): OpenedDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const runnerOn = (target: pg.Pool | pg.PoolClient): SqlRunner => ({
    exec: async (sql) => {
      await target.query(sql);
    },
    query: async <Row>(sql: string, params: unknown[] = []) => (await target.query(sql, params)).rows as Row[],
  });
  return {
    prisma,
    kind: "postgres",
    runner: runnerOn(pool),
    // The advisory lock and each migration's transaction belong to one session: one connection.
    migrate: async () => {
      const client = await pool.connect();
      try {
        return await applyMigrations(runnerOn(client));
      } finally {
        client.release();
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
