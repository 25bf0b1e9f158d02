import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { createAppContext, type AppContext } from "~/context.server";
import { createServerDatabase, testPostgresUrl } from "../support/db";

/**
 * Two app contexts, each with its own pool and job queue (pg-boss), on one database: for the
 * database that is two instances.
 */
const startTogether = async () => {
  const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: await createServerDatabase({ empty: true }) });
  return Promise.all([createAppContext(config), createAppContext(config)]);
};
const close = async (instances: AppContext[]) => {
  for (const app of instances) {
    await app.jobs.stop(1_000);
    await app.db.close();
  }
};

describe("the job queue on two instances of one PostgreSQL database", () => {
  const instances: AppContext[] = [];
  beforeAll(async () => {
    if (!testPostgresUrl) throw new Error("needs a PostgreSQL server: bash scripts/postgres-test-server.sh run npx vitest run --config vitest.postgres.config.ts");
    instances.push(...(await startTogether()));
  });
  afterAll(() => close(instances));

  it("start together on an empty database, every time (migrations, pg-boss's schema, its queues)", async () => {
    for (let round = 0; round < 3; round++) await close(await startTogether());
  });

  it("creates new queues from both instances at once (a fresh database, or a deploy that adds job kinds)", async () => {
    const names = Array.from({ length: 5 }, (_, i) => `test-new-${i}`);
    await Promise.all(instances.flatMap((app) => names.map((name) => app.jobs.schedule(name, "0 0 1 1 *", async () => undefined))));
    const rows = await instances[0].db.runner.query<{ name: string }>(`SELECT name FROM pgboss.queue WHERE name LIKE 'palompy-test-new-%' ORDER BY name`);
    expect(rows.map((row) => row.name)).toEqual(names.map((name) => `palompy-${name}`));
  });

  it("fires once in the one minute its cron matches, though both instances registered it", { timeout: 240_000 }, async () => {
    // A daily cron on the minute about to start (or just started): during this test it matches
    // that minute only, so every run beyond the first would be a duplicate.
    const now = new Date();
    const minute = new Date(now);
    minute.setUTCSeconds(0, 0);
    if (now.getUTCSeconds() > 15) minute.setTime(minute.getTime() + 60_000);
    const cron = `${minute.getUTCMinutes()} ${minute.getUTCHours()} * * *`;
    const runs: string[] = [];
    await Promise.all(instances.map((app, i) => app.jobs.schedule("test-tick", cron, async () => runs.push(`instance ${i}`))));

    // pg-boss checks schedules every 30 s (one instance at a time, under a lock in the database),
    // moves a due one to its queue within 5 s, and the schedule's worker polls every 30 s.
    const settled = minute.getTime() + 60_000 + 40_000;
    while (Date.now() < settled) await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(runs).toHaveLength(1);
  });
});
