import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { createAppContext, type AppContext } from "~/context.server";
import { enqueueJob } from "~/jobs/queue.server";
import { findJob, listJobs, MAX_JOB_ERRORS } from "~/jobs/records.server";
import { registerJobHandler, registeredJobKinds } from "~/jobs/registry";
import { testDatabaseEnv } from "../support/db";

let failuresLeft = 1;
let release: () => void = () => undefined;

registerJobHandler("test-count", async (_app, input: unknown, progress) => {
  const { items } = input as { items: string[] };
  await progress({ total: items.length });
  for (const [index, item] of items.entries()) {
    if (item.startsWith("bad")) await progress({ error: { item, message: `cannot use ${item}` } });
    await progress({ done: index + 1 });
  }
  return { counted: items.length };
});
registerJobHandler("test-flaky", async () => {
  if (failuresLeft-- > 0) throw new Error("provider answered 503");
  return { ok: true };
});
registerJobHandler("test-broken", async () => {
  throw new Error("always broken");
});
const quickRetryAttempts: number[] = [];
registerJobHandler(
  "test-quick-retry",
  async () => {
    quickRetryAttempts.push(Date.now());
    if (quickRetryAttempts.length === 1) throw new Error("provider answered 503");
    return { ok: true };
  },
  () => ({ retryLimit: 1, retryDelay: 1 }),
);
registerJobHandler("test-blocking", () => new Promise((resolve) => (release = () => resolve({ released: true }))));

describe("the job queue (pg-boss on the embedded database)", () => {
  let app: AppContext;
  let shopA: string;
  let shopB: string;
  beforeAll(async () => {
    app = await createAppContext(loadConfig({ NODE_ENV: "test", ...(await testDatabaseEnv()) }));
    shopA = (await app.db.prisma.shop.create({ data: { name: "A" } })).id;
    shopB = (await app.db.prisma.shop.create({ data: { name: "B" } })).id;
  });
  afterAll(async () => {
    release();
    await app?.jobs.stop(1_000);
    await app?.db.close();
  });

  const finished = (shopId: string, jobId: string) => app.jobs.waitFor(shopId, jobId, 60_000);

  it("runs a handler with progress and a bounded list of item errors", async () => {
    const items = Array.from({ length: MAX_JOB_ERRORS + 20 }, (_, i) => `bad-${i}`).concat(["ok-last"]);
    const { id } = await enqueueJob(app, { shopId: shopA, kind: "test-count", input: { items } });
    const job = await finished(shopA, id);
    expect(job).toMatchObject({ state: "succeeded", progress: { done: items.length, total: items.length }, result: { counted: items.length }, attempts: 1 });
    expect(job!.errors).toHaveLength(MAX_JOB_ERRORS);
    expect(job!.errors[0]).toEqual({ item: "bad-0", message: "cannot use bad-0" });
    expect(job!.errorCount).toBe(MAX_JOB_ERRORS + 20);
  });

  it("retries a failing handler and records the failed attempt", async () => {
    const { id } = await enqueueJob(app, { shopId: shopA, kind: "test-flaky", input: {} });
    const job = await finished(shopA, id);
    expect(job).toMatchObject({ state: "succeeded", attempts: 2, result: { ok: true } });
    expect(job!.errors).toEqual([{ message: "provider answered 503" }]);
  });

  it("starts a retry when its backoff delay ends, not at the queue's next poll", async () => {
    const { id } = await enqueueJob(app, { shopId: shopA, kind: "test-quick-retry", input: {} });
    const job = await finished(shopA, id);
    expect(job).toMatchObject({ state: "succeeded", attempts: 2 });
    // pg-boss delays this retry 1–2 s; the queue polls every 5 s, right after the failed attempt
    // first, so only the wake-up armed on the failure starts it within 4 s (a bound, not a benchmark).
    expect(quickRetryAttempts[1] - quickRetryAttempts[0]).toBeLessThan(4_000);
  });

  it("fails a job for good after its retries", async () => {
    const { id } = await enqueueJob(app, { shopId: shopA, kind: "test-broken", input: {} });
    const job = await app.jobs.waitFor(shopA, id, 90_000);
    expect(job).toMatchObject({ state: "failed", attempts: 4, errorCount: 4 });
    expect(job!.finishedAt).not.toBeNull();
  }, 120_000);

  it("returns the unfinished twin of a singleton job, and keeps shops apart", async () => {
    const first = await enqueueJob(app, { shopId: shopA, kind: "test-blocking", input: {}, singletonKey: "sync" });
    const twin = await enqueueJob(app, { shopId: shopA, kind: "test-blocking", input: {}, singletonKey: "sync" });
    expect(twin.id).toBe(first.id);
    const otherShop = await enqueueJob(app, { shopId: shopB, kind: "test-blocking", input: {}, singletonKey: "sync" });
    expect(otherShop.id).not.toBe(first.id);
    expect(await findJob(app.db.prisma, shopB, first.id)).toBeNull();
    expect((await listJobs(app.db.prisma, shopB, { page: 1, pageSize: 10 })).jobs.map((job) => job.id)).toEqual([otherShop.id]);
    await expect(enqueueJob(app, { shopId: shopA, kind: "no-such-kind", input: {} })).rejects.toThrow(/No handler/);
  });

  it("refuses an invalid kind name", () => {
    expect(() => registerJobHandler("Bad Kind!", async () => null)).toThrow(/Invalid job kind/);
  });

  it("polls an idle embedded database's queues once a minute, a server's every few seconds (a job queued here starts at once either way)", async () => {
    // The embedded database is one instance: its fetches only delayed the requests' statements.
    const fetch = /FROM\s+pgboss\.job\s+WHERE\s+name\s*=\s*\$1\s+AND\s+state\s*<\s*'active'/;
    const pool = app.db.pool;
    const query = pool.query;
    let fetches = 0;
    pool.query = function (this: typeof pool, ...args: Parameters<typeof query>) {
      const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string }).text;
      if (text && fetch.test(text)) fetches++;
      return (query as (...values: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      await new Promise((resolve) => setTimeout(resolve, 6_000));
    } finally {
      pool.query = query;
    }
    // A worker's wake or a finished job's next fetch may fall in the window; a poll every few
    // seconds is at least one fetch for each queue.
    const queues = registeredJobKinds().length;
    if (app.db.kind === "pglite") expect(fetches).toBeLessThan(queues / 2);
    else expect(fetches).toBeGreaterThanOrEqual(queues);
    const job = await enqueueJob(app, { shopId: shopA, kind: "test-count", input: { items: ["x"] } });
    expect(await app.jobs.waitFor(shopA, job.id, 2_000)).toMatchObject({ state: "succeeded" });
  });
});
