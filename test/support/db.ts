import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "~/db/open.server";

/**
 * The PostgreSQL server of the second test pass (scripts/test.sh runs it through
 * scripts/postgres-test-server.sh), or undefined on the first pass, which runs on PGlite.
 */
export const testPostgresUrl = process.env.PALOMPY_TEST_POSTGRES_URL || undefined;

/** The migrated database every test file's database is copied from (test/support/global-setup.ts). */
export const TEMPLATE_ENV = "PALOMPY_TEST_POSTGRES_TEMPLATE";

/** `url` with another database name. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs statements on the server's maintenance database (CREATE/DROP DATABASE cannot run in the target). */
export async function onServer<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(url, "postgres") });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const created: string[] = [];

/** Drops every database this test file created, connections and all (test/support/file-setup.ts runs it after each file). */
export async function dropCreatedDatabases(): Promise<void> {
  if (!testPostgresUrl || created.length === 0) return;
  const names = created.splice(0);
  await onServer(testPostgresUrl, async (client) => {
    for (const database of names) await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });
}

/**
 * A new database on the test server for this test file: a copy of the migrated template, or empty
 * (`empty: true`, for the migrator's own tests). Dropped after the file: no file sees another's data.
 */
export async function createServerDatabase(options: { empty?: boolean } = {}): Promise<string> {
  if (!testPostgresUrl) throw new Error("PALOMPY_TEST_POSTGRES_URL is not set: run through scripts/postgres-test-server.sh");
  const template = options.empty ? "template0" : process.env[TEMPLATE_ENV];
  if (!template) throw new Error(`${TEMPLATE_ENV} is not set: test/support/global-setup.ts creates it`);
  const name = `palompy_test_${randomBytes(6).toString("hex")}`;
  await onServer(testPostgresUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  created.push(name);
  return databaseUrl(testPostgresUrl, name);
}

/**
 * Where a test's app keeps its data, as configuration: `memory://` (or the folder given) on
 * PGlite, a fresh database on the PostgreSQL pass. A folder stands for data that outlives an app
 * restart, so the same folder maps to the same database within a file.
 */
export async function testDatabaseEnv(dataDir = "memory://"): Promise<{ PALOMPY_DATA_DIR?: string; DATABASE_URL?: string }> {
  if (!testPostgresUrl) return { PALOMPY_DATA_DIR: dataDir, DATABASE_URL: undefined };
  if (dataDir === "memory://") return { DATABASE_URL: await createServerDatabase(), PALOMPY_DATA_DIR: undefined };
  let url = byFolder.get(dataDir);
  if (!url) {
    url = await createServerDatabase();
    byFolder.set(dataDir, url);
  }
  return { DATABASE_URL: url, PALOMPY_DATA_DIR: undefined };
}
const byFolder = new Map<string, string>();

/** A fresh, fully migrated database for one test file: in-memory PGlite with pgvector, or its own database on the PostgreSQL pass. */
export async function openTestDatabase(): Promise<Database> {
  if (!testPostgresUrl) return openDatabase({ kind: "pglite", dataDir: "memory://" });
  return openDatabase({ kind: "postgres", url: await createServerDatabase() });
}

export async function createTestShop(db: Database, name = "Test shop") {
  return db.prisma.shop.create({ data: { name } });
}
