// Runs once before all test files. Route tests need the built server (`npm run build` runs first
// in scripts/test.sh); nothing else is shared between files.
import { randomBytes } from "node:crypto";
import { openDatabase } from "~/db/open.server";
import { databaseUrl, onServer, TEMPLATE_ENV } from "./db";

export default async function setup() {
  process.env.NODE_ENV = "test";
  const server = process.env.PALOMPY_TEST_POSTGRES_URL;
  if (!server) return undefined;
  // The PostgreSQL pass: tests get their databases through test/support/db.ts, never this one.
  delete process.env.DATABASE_URL;
  // Migrated once; every test file copies it (CREATE DATABASE … TEMPLATE) instead of migrating.
  const template = `palompy_template_${randomBytes(4).toString("hex")}`;
  await onServer(server, (client) => client.query(`CREATE DATABASE ${template}`));
  const db = await openDatabase({ kind: "postgres", url: databaseUrl(server, template) });
  await db.close();
  process.env[TEMPLATE_ENV] = template;
  return async () => {
    await onServer(server, (client) => client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  };
}
