import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "~/config.server";
import { createAppContext, type AppContext } from "~/context.server";
import { enqueueJob } from "~/jobs/queue.server";
import { registerJobHandler } from "~/jobs/registry";
import { log } from "~/log.server";
import { testDatabaseEnv, testPostgresUrl } from "../support/db";

const DROPPED = "job queue statement after the database closed, dropped";

let runs = 0;
let firstRunStarted!: () => void;
const started = new Promise<void>((resolve) => (firstRunStarted = resolve));
let releaseFirstRun!: () => void;
const released = new Promise<void>((resolve) => (releaseFirstRun = resolve));

// The first run neither queries nor reports progress, so stopping the queue cannot interrupt it:
// it outlives the grace period and returns only when the test says so, after the database closed.
registerJobHandler(
  "test-outlives-grace",
  async () => {
    runs++;
    if (runs === 1) {
      firstRunStarted();
      await released;
    }
    return { run: runs };
  },
  () => ({ retryLimit: 3, retryDelay: 1 }),
);

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe(`a job handler that outlives the shutdown grace period on ${testPostgresUrl ? "PostgreSQL" : "the embedded database"}`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "palompy-late-write-"));
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let app: AppContext | undefined;

  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    vi.restoreAllMocks();
    releaseFirstRun();
    await app?.jobs.stop(1_000);
    await app?.db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("has pg-boss's late statements dropped and logged, not rejected on the ended pool, and the job runs again after the restart", async () => {
    process.on("unhandledRejection", onUnhandled);
    const info = vi.spyOn(log, "info");
    const dropLogged = () => info.mock.calls.some(([message]) => message === DROPPED);
    const env = { NODE_ENV: "test" as const, ...(await testDatabaseEnv(dataDir)) };

    const first = await createAppContext(loadConfig(env));
    app = first;
    const shop = await first.db.prisma.shop.create({ data: { name: "Late" } });
    const { id } = await enqueueJob(first, { shopId: shop.id, kind: "test-outlives-grace", input: {} });
    await started;

    await first.jobs.stop(0);
    // When the grace period ends pg-boss fails the job it still sees running: a retry, not left active until its expiry.
    const queued = await first.db.pool.query<{ state: string }>("SELECT state::text FROM pgboss.job WHERE id = $1", [id]);
    expect(queued.rows).toEqual([{ state: "retry" }]);
    await first.db.close();
    app = undefined;
    expect(dropLogged()).toBe(false);

    // The handler returns now: pg-boss records its outcome from a promise nobody awaits.
    releaseFirstRun();
    await until(() => dropLogged() || unhandled.length > 0, 10_000);
    // Rejections are reported after the microtasks that produced them: give them a timer turn.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(unhandled).toEqual([]);
    expect(info).toHaveBeenCalledWith(DROPPED, { statement: expect.stringContaining("pgboss.job") });

    app = await createAppContext(loadConfig(env));
    const job = await app.jobs.waitFor(shop.id, id, 30_000);
    expect(job).toMatchObject({ state: "succeeded", attempts: 2, result: { run: 2 } });
  });
});
