import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { checkReadiness, compareVersions, pgvectorProblem } from "~/db/readiness.server";
import { openTestDatabase } from "../support/db";

describe("readiness", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db?.close());

  it("is ready on the embedded database: migrated, pgvector with iterative scans", async () => {
    const readiness = await checkReadiness(db.runner);
    expect(readiness).toMatchObject({ ready: true, problems: [], pendingMigrations: [] });
    expect(compareVersions(readiness.pgvector!, "0.8.0")).toBeGreaterThanOrEqual(0);
  });

  it("names the problem when pgvector is missing or older than 0.8", () => {
    expect(pgvectorProblem("0.7.4")).toMatch(/pgvector 0\.7\.4 is too old: 0\.8\.0 or newer/);
    expect(pgvectorProblem(null)).toMatch(/not installed/);
    expect(pgvectorProblem("0.8.0")).toBeNull();
    expect(pgvectorProblem("0.10.1")).toBeNull();
    expect(compareVersions("0.10.0", "0.8.1")).toBe(1);
  });

  it("runs chat-turn vector queries with the session's iterative scan setting, outside any transaction", async () => {
    const [row] = await db.runner.query<{ iterative: string; ef: string }>(
      "SELECT current_setting('hnsw.iterative_scan') AS iterative, current_setting('hnsw.ef_search') AS ef",
    );
    expect(row).toEqual({ iterative: "relaxed_order", ef: "100" });
  });
});
