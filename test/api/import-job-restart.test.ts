import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";

// Long enough to be caught mid-way: several write batches of the local embedder's chunks.
const PRODUCTS = 1_500;
const catalog = {
  products: Array.from({ length: PRODUCTS }, (_, i) => ({
    id: `sku-${i}`,
    name: `Trail jacket model ${i}`,
    description: `A waterproof trail jacket, model ${i}, with taped seams and a hood. ${"Breathable membrane and recycled lining. ".repeat(1 + (i % 4))}`,
    price: 100 + (i % 300),
  })),
};

type Job = { id: string; state: string; progress: { done: number; total: number | null }; attempts: number; result: Record<string, number> | null };

describe("an import job survives a restart", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "palompy-restart-"));
  // Waiting is bounded: with 0 s, ?wait=true answers 202 at once when the job is not done.
  const env = { PALOMPY_DATA_DIR: dataDir, PALOMPY_JOB_WAIT_SECONDS: "0" };
  let app: TestApp | undefined;
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const job = async (shopId: string, jobId: string): Promise<Job> => (await app!.admin(`/api/shops/${shopId}/jobs/${jobId}`)).json();
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  it("closing the app mid-job and reopening the same data folder finishes the job", { timeout: 300_000 }, async () => {
    app = await startTestApp(env);
    const shop = await app.createShop("Restart shop");
    const response = await app.admin(`/api/shops/${shop.id}/data?wait=true`, { method: "POST", body: JSON.stringify(catalog) });
    expect(response.status).toBe(202);
    const { jobId } = await response.json();

    await until("the first batch", async () => {
      const current = await job(shop.id, jobId);
      return current.state === "running" && current.progress.done > 0;
    });
    await app.close();
    app = undefined;

    app = await startTestApp(env);
    const resumed = await job(shop.id, jobId);
    expect(resumed.state).not.toBe("succeeded");
    expect(resumed.progress.done).toBeGreaterThan(0);
    expect(resumed.progress.done).toBeLessThan(PRODUCTS);

    let finished: Job | undefined;
    await until("the resumed job", async () => {
      finished = await job(shop.id, jobId);
      return finished.state === "succeeded" || finished.state === "failed";
    });
    expect(finished).toMatchObject({ state: "succeeded", progress: { done: PRODUCTS, total: PRODUCTS } });
    expect(finished!.attempts).toBeGreaterThanOrEqual(2);
    // Batches written before the restart were not embedded again.
    expect(finished!.result!.unchanged).toBeGreaterThan(0);
    const listing = await (await app.admin(`/api/shops/${shop.id}/knowledge?pageSize=1`)).json();
    expect(listing.counts.product).toBe(PRODUCTS);
  });
});
