import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";
import { testPostgresUrl } from "../support/db";

const catalog = {
  products: [
    {
      id: "p-100",
      name: "Alpine Down Jacket",
      description: "<p>Warm <strong>800-fill</strong> goose down jacket for winter hikes, rated to -25 °C.</p>",
      price: "18990.00",
      currency: "RUB",
      sku: "JKT-4100",
      url: "/products/alpine-down-jacket",
    },
    {
      id: "p-101",
      name: "Термокружка Steel 450 мл",
      description: "Стальная термокружка держит чай горячим 6 часов. Крышка с клапаном.",
      price: 1490,
      sku: "MUG-450",
    },
  ],
  faq: [{ id: "faq-1", question: "How long does delivery take?", answer: "Delivery across Russia takes 2 to 5 business days." }],
  policies: [{ id: "returns", title: "Returns", content: "Unworn items can be returned within 30 days of delivery." }],
};

describe("standalone admin API over HTTP", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  const createShop = (name: string) => app.createShop(name);

  it("answers /healthz and /readyz", async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", database: testPostgresUrl ? "postgres" : "pglite" });
  });

  it("refuses a missing or wrong bearer token with 401", async () => {
    const missing = await fetch(`${app.url}/api/shops`, { method: "POST", body: JSON.stringify({ name: "x" }) });
    expect(missing.status).toBe(401);
    const wrong = await fetch(`${app.url}/api/shops`, {
      method: "POST",
      headers: { authorization: "Bearer nope", "content-type": "application/json" },
      body: JSON.stringify({ name: "x" }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: "unauthorized" } });
    const almost = await fetch(`${app.url}/api/shops`, {
      method: "POST",
      headers: { authorization: "Bearer test-admin-token-012345678", "content-type": "application/json" },
      body: JSON.stringify({ name: "x" }),
    });
    expect(almost.status).toBe(401);
  });

  it("creates a shop with a public key", async () => {
    const shop = await createShop("Alpine Store");
    expect(shop.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(shop.publicKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(shop.publicKey).not.toBe(shop.id);
  });

  it("names the field on bad input and never answers 500", async () => {
    const noName = await app.admin("/api/shops", { method: "POST", body: JSON.stringify({}) });
    expect(noName.status).toBe(422);
    expect((await noName.json()).error.field).toBe("name");

    const notJson = await app.admin("/api/shops", { method: "POST", body: "{name:" });
    expect(notJson.status).toBe(400);

    const shop = await createShop("Bad payloads");
    const badProduct = await app.admin(`/api/shops/${shop.id}/data`, {
      method: "POST",
      body: JSON.stringify({ products: [{ id: "1", name: "", description: "x" }] }),
    });
    expect(badProduct.status).toBe(422);
    expect((await badProduct.json()).error.field).toMatch(/^products\[0\]\.name$/);

    const tooLong = await app.admin(`/api/shops/${shop.id}/data`, {
      method: "POST",
      body: JSON.stringify({ products: [{ id: "1", name: "Big", description: "word ".repeat(30_000) }] }),
    });
    expect(tooLong.status).toBe(413);
    expect((await tooLong.json()).error.field).toBe("products[0].description");

    const unknownShop = await app.admin(`/api/shops/00000000-0000-4000-8000-000000000000/data`, {
      method: "POST",
      body: JSON.stringify(catalog),
    });
    expect(unknownShop.status).toBe(404);
    const malformedShop = await app.admin(`/api/shops/not-a-uuid/knowledge`);
    expect(malformedShop.status).toBe(404);
  });

  const waitForJob = async (shopId: string, jobId: string) => {
    for (let attempt = 0; attempt < 300; attempt++) {
      const job = await (await app.admin(`/api/shops/${shopId}/jobs/${jobId}`)).json();
      if (job.state === "succeeded" || job.state === "failed") return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${jobId} did not finish`);
  };

  it("imports as a background job, re-imports for free, lists and deletes knowledge", async () => {
    const shop = await createShop("Import shop");
    const queued = await app.admin(`/api/shops/${shop.id}/data`, { method: "POST", body: JSON.stringify(catalog) });
    expect(queued.status).toBe(202);
    const { jobId, status } = await queued.json();
    expect(status).toBe("queued");
    expect(queued.headers.get("location")).toBe(`/api/shops/${shop.id}/jobs/${jobId}`);
    const job = await waitForJob(shop.id, jobId);
    expect(job).toMatchObject({ id: jobId, kind: "knowledge-import", state: "succeeded", progress: { done: 4, total: 4 }, errors: [], attempts: 1 });
    const firstBody = job.result;
    expect(firstBody).toMatchObject({ unchanged: 0, removed: 0 });
    expect(firstBody.chunks).toBeGreaterThanOrEqual(4);
    expect(firstBody.embedded).toBe(firstBody.chunks);

    const againResponse = await app.admin(`/api/shops/${shop.id}/data?wait=true`, { method: "POST", body: JSON.stringify(catalog) });
    expect(againResponse.status).toBe(200);
    const again = await againResponse.json();
    expect(again).toMatchObject({ status: "ok", embedded: 0, removed: 0, chunks: firstBody.chunks, unchanged: firstBody.chunks });
    expect(again.jobId).not.toBe(jobId);

    const jobs = await (await app.admin(`/api/shops/${shop.id}/jobs?pageSize=10`)).json();
    expect(jobs.total).toBe(2);
    expect(jobs.jobs.map((listed: { id: string }) => listed.id)).toEqual([again.jobId, jobId]);

    const listing = await (await app.admin(`/api/shops/${shop.id}/knowledge?pageSize=10`)).json();
    expect(listing.total).toBe(4);
    expect(listing.counts).toMatchObject({ product: 2, faq: 1, policy: 1 });
    expect(listing.items.map((item: { sourceId: string }) => item.sourceId).sort()).toEqual(["faq-1", "p-100", "p-101", "returns"]);

    const deleted = await app.admin(`/api/shops/${shop.id}/knowledge/product/p-101`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    const deletedAgain = await app.admin(`/api/shops/${shop.id}/knowledge/product/p-101`, { method: "DELETE" });
    expect(deletedAgain.status).toBe(404);

    const withoutFaq = { ...catalog, faq: [] };
    const full = await (await app.admin(`/api/shops/${shop.id}/data?wait=true`, { method: "POST", body: JSON.stringify(withoutFaq) })).json();
    expect(full.removed).toBeGreaterThanOrEqual(1);
  });

  it("shows a shop only its own jobs", async () => {
    const owner = await createShop("Job owner");
    const other = await createShop("Job snoop");
    const { jobId } = await (await app.admin(`/api/shops/${owner.id}/data`, { method: "POST", body: JSON.stringify(catalog) })).json();
    expect((await app.admin(`/api/shops/${owner.id}/jobs/${jobId}`)).status).toBe(200);
    const snooped = await app.admin(`/api/shops/${other.id}/jobs/${jobId}`);
    expect(snooped.status).toBe(404);
    expect((await snooped.json()).error).toMatchObject({ code: "job_not_found", field: "jobId" });
    expect(await (await app.admin(`/api/shops/${other.id}/jobs`)).json()).toMatchObject({ jobs: [], total: 0 });
    expect((await app.admin(`/api/shops/${owner.id}/jobs/not-a-uuid`)).status).toBe(404);
    expect((await app.admin(`/api/shops/${owner.id}/jobs?pageSize=1000`)).status).toBe(422);
    await waitForJob(owner.id, jobId);
  });

  it("keeps shops apart: one shop's admin calls never touch another's knowledge", async () => {
    const a = await createShop("Shop A");
    const b = await createShop("Shop B");
    await app.admin(`/api/shops/${a.id}/data?wait=true`, { method: "POST", body: JSON.stringify(catalog) });
    const deleteFromB = await app.admin(`/api/shops/${b.id}/knowledge/product/p-100`, { method: "DELETE" });
    expect(deleteFromB.status).toBe(404);
    const listA = await (await app.admin(`/api/shops/${a.id}/knowledge`)).json();
    expect(listA.counts.product).toBe(2);
    const listB = await (await app.admin(`/api/shops/${b.id}/knowledge`)).json();
    expect(listB.total).toBe(0);
    await app.admin(`/api/shops/${b.id}/data?wait=true`, { method: "POST", body: JSON.stringify({ products: [], faq: [], policies: [] }) });
    const listAAfter = await (await app.admin(`/api/shops/${a.id}/knowledge`)).json();
    expect(listAAfter.total).toBe(4);
  });
});

describe("admin API with no token configured", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ PALOMPY_ADMIN_TOKEN: undefined });
  });
  afterAll(() => app?.close());

  it("refuses with a message saying how to enable it", async () => {
    const response = await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name: "x" }) });
    expect(response.status).toBe(503);
    expect((await response.json()).error.message).toMatch(/PALOMPY_ADMIN_TOKEN/);
  });
});
