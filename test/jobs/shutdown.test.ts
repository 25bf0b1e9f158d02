import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { createAppContext, type AppContext } from "~/context.server";
import { enqueueJob } from "~/jobs/queue.server";
import { findJob } from "~/jobs/records.server";
import { registerJobHandler } from "~/jobs/registry";
import { JobInterrupted } from "~/jobs/types";
import { testDatabaseEnv, testPostgresUrl } from "../support/db";

let queries = 0;
let stoppedWith: unknown;

// Busy with the database and silent: no progress report, where the queue could stop it.
registerJobHandler("test-busy", async (app) => {
  const until = Date.now() + 60_000;
  try {
    while (Date.now() < until) {
      await app.db.prisma.$queryRaw`SELECT 1 AS one FROM pg_sleep(0.02)`;
      queries++;
    }
  } catch (error) {
    stoppedWith = error;
    throw error;
  }
  return { finished: true };
});

describe(`stopping the job queue on ${testPostgresUrl ? "PostgreSQL" : "the embedded database"}`, () => {
  let app: AppContext;
  beforeAll(async () => {
    app = await createAppContext(loadConfig({ NODE_ENV: "test", ...(await testDatabaseEnv()) }));
  });
  afterAll(async () => {
    await app?.jobs.stop(1_000);
    await app?.db.close();
  });

  it("interrupts a running job at its next query and hands it back to the queue before the database closes", async () => {
    const shop = await app.db.prisma.shop.create({ data: { name: "Busy" } });
    const { id } = await enqueueJob(app, { shopId: shop.id, kind: "test-busy", input: {} });
    const deadline = Date.now() + 30_000;
    while (queries < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(queries).toBeGreaterThanOrEqual(3);

    await app.jobs.stop(10_000);
    expect(stoppedWith).toBeInstanceOf(JobInterrupted);
    const counted = queries;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(queries).toBe(counted);
    // The merchant's view says it will run again (pg-boss retries it on the next start).
    expect(await findJob(app.db.prisma, shop.id, id)).toMatchObject({ state: "queued", attempts: 1 });
  });
});
