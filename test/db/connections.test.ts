import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { openTestDatabase, testPostgresUrl } from "../support/db";

describe(`connections to ${testPostgresUrl ? "PostgreSQL" : "the embedded database"}`, () => {
  let db: Database;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  beforeAll(async () => {
    db = await openTestDatabase();
    process.on("warning", onWarning);
  });
  afterAll(async () => {
    process.off("warning", onWarning);
    await db?.close();
  });

  it("runs the tests with --throw-deprecation, so a deprecated call fails the test that made it", () => {
    expect(process.execArgv).toContain("--throw-deprecation");
  });

  it("opens every new pooled connection with the session settings, one query at a time per client", async () => {
    // More queries than the pool has connections: on a server the pool opens new ones meanwhile,
    // and a connection's first query must not run alongside a session-setup query on it.
    const rows = await Promise.all(
      Array.from({ length: 16 }, () =>
        db.pool.query<{ iterative: string; ef: string }>(
          "SELECT current_setting('hnsw.iterative_scan') AS iterative, current_setting('hnsw.ef_search') AS ef, pg_sleep(0.05)",
        ),
      ),
    );
    expect(rows.map((result) => ({ iterative: result.rows[0].iterative, ef: result.rows[0].ef }))).toEqual(
      Array(16).fill({ iterative: "relaxed_order", ef: "100" }),
    );
    if (testPostgresUrl) expect(db.pool.totalCount).toBeGreaterThan(1);
    expect(warnings).toEqual([]);
  });
});
