import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { createAppContext, type AppContext } from "~/context.server";
import { createServerDatabase, databaseUrl, testPostgresUrl } from "../support/db";

/**
 * PALOMPY_DB_POOL_SIZE caps the connections one instance opens to the server: its requests'
 * queries, its background jobs' and the job queue's (pg-boss) together, counted by the server
 * itself (pg_stat_activity) while far more queries than connections are in flight.
 */
const QUERIES_IN_FLIGHT = 40;

/**
 * The server's peak count, the pool's own peak, and the connections the pool closed meanwhile: a
 * closed connection's backend is listed by the server until it has exited, so while the pool
 * replaces one (seen once on a loaded CI machine) the server may briefly list one more.
 */
async function peakConnections(app: AppContext, database: string): Promise<{ server: number; pool: number; closed: number }> {
  const observer = new pg.Client({ connectionString: databaseUrl(testPostgresUrl!, "postgres") });
  await observer.connect();
  // Client connections only: an autovacuum worker busy in the fresh database is listed with its
  // name too (a count of 4 for a pool of 3, once on a loaded CI machine).
  const count = async () => (await observer.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'", [database])).rows[0].n;
  // A connection the pool closes for idling (10 s, easily reached on a loaded machine before the
  // load starts) is listed until its backend has exited, and one closing while the load opens
  // another was counted twice. So every connection is used once just before (none can reach its
  // idle time during the load), and the server must first agree with the pool.
  await Promise.all(Array.from({ length: app.db.pool.options.max * 2 }, () => app.db.pool.query("SELECT pg_sleep(0.05)")));
  for (let waited = 0; waited < 5_000 && (await count()) > app.db.pool.totalCount; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  let peak = 0;
  let poolPeak = 0;
  let closed = 0;
  const onRemove = () => closed++;
  app.db.pool.on("remove", onRemove);
  let done = false;
  const sampling = (async () => {
    while (!done) {
      poolPeak = Math.max(poolPeak, app.db.pool.totalCount);
      peak = Math.max(peak, await count());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    await Promise.all([
      ...Array.from({ length: QUERIES_IN_FLIGHT / 2 }, () => app.db.prisma.$queryRaw`SELECT pg_sleep(0.3)::text AS slept`),
      ...Array.from({ length: QUERIES_IN_FLIGHT / 4 }, () => app.db.backgroundPrisma.$queryRaw`SELECT pg_sleep(0.3)::text AS slept`),
      ...Array.from({ length: QUERIES_IN_FLIGHT / 4 }, () => app.db.pool.query("SELECT pg_sleep(0.3)")),
      app.jobs.schedule("test-pool-size", "0 0 1 1 *", async () => undefined),
    ]);
  } finally {
    done = true;
    await sampling;
    app.db.pool.off("remove", onRemove);
    await observer.end();
  }
  return { server: peak, pool: poolPeak, closed };
}

describe("PALOMPY_DB_POOL_SIZE on a PostgreSQL server", () => {
  beforeAll(() => {
    if (!testPostgresUrl) throw new Error("needs a PostgreSQL server: bash scripts/postgres-test-server.sh run npx vitest run --config vitest.postgres.config.ts");
  });

  // 12 is above the default of 10: an ignored setting would show up as 10 there.
  for (const size of [3, 12]) {
    describe(`set to ${size}`, () => {
      let app: AppContext;
      let database: string;
      beforeAll(async () => {
        const url = await createServerDatabase();
        database = new URL(url).pathname.slice(1);
        app = await createAppContext(loadConfig({ NODE_ENV: "test", DATABASE_URL: url, PALOMPY_DB_POOL_SIZE: String(size) }));
      });
      afterAll(async () => {
        await app?.jobs.stop(1_000);
        await app?.db.close();
      });

      it(`opens ${size} connections under load and never more, counted by the server`, async () => {
        const peak = await peakConnections(app, database);
        expect(peak.pool).toBe(size);
        expect(peak.server).toBeGreaterThanOrEqual(size);
        expect(peak.server).toBeLessThanOrEqual(size + peak.closed);
      });
    });
  }

  it("is refused at start-up outside 2–100 or when not a number, naming the variable", () => {
    for (const value of ["1", "101", "ten", "2.5"]) {
      expect(() => loadConfig({ NODE_ENV: "test", DATABASE_URL: testPostgresUrl, PALOMPY_DB_POOL_SIZE: value })).toThrow(/PALOMPY_DB_POOL_SIZE/);
    }
    expect(loadConfig({ NODE_ENV: "test", DATABASE_URL: testPostgresUrl }).database).toMatchObject({ kind: "postgres", poolSize: 10 });
    expect(loadConfig({ NODE_ENV: "test", DATABASE_URL: testPostgresUrl, PALOMPY_DB_POOL_SIZE: "25" }).database).toMatchObject({ poolSize: 25 });
  });
});
