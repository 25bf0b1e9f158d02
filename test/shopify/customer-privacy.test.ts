import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { createAppContext, type AppContext } from "~/context.server";
import { dispatchShopifyJob } from "~/shopify/dispatch.server";
import { customerDataReportResponse } from "~/shopify/customer-privacy.server";
import { waitFor } from "../support/shopify-webhooks";

/**
 * The privacy jobs on the real job queue: a data request leaves a report the merchant downloads and
 * a job that keeps no personal data; a redaction also removes the customer's reports, survey
 * answers and what finished privacy jobs held — in this shop only.
 */

const CUSTOMER = { customerId: "191167", email: "john@example.com", phone: "555-625-1199" };
let app: AppContext;

beforeAll(async () => {
  app = await createAppContext(loadConfig({ NODE_ENV: "test", PALOMPY_DATA_DIR: "memory://", PALOMPY_EMBEDDER: "local" }));
});
afterAll(async () => {
  await app?.jobs.stop(1_000);
  await app?.db.close();
});

async function storeWithCustomer(domain: string) {
  const { prisma } = app.db;
  const shop = await prisma.shop.create({ data: { name: domain, platform: "shopify", domain } });
  const sessionId = randomUUID();
  await prisma.lead.create({ data: { shopId: shop.id, sessionId, email: CUSTOMER.email, name: "John", phone: "5556251199" } });
  await prisma.chatLog.create({
    data: { shopId: shop.id, sessionId, conversationId: randomUUID(), message: "I'm John, john@example.com", answer: "Thanks John!", language: "en", provider: "offline", retrievalMs: 1, generationMs: 1 },
  });
  const survey = await prisma.survey.create({ data: { shopId: shop.id, title: "How did we do?", questions: [] } });
  await prisma.surveyResponse.create({ data: { surveyId: survey.id, shopId: shop.id, sessionId, answers: { q1: "Great, write me at john@example.com" } } });
  return { shop, sessionId, input: { shopId: shop.id, shopDomain: domain, ...CUSTOMER } };
}

async function runJob(shopId: string, job: Parameters<typeof dispatchShopifyJob>[1]) {
  await dispatchShopifyJob(app, job);
  return waitFor(async () => {
    const row = await app.db.prisma.backgroundJob.findFirst({ where: { shopId, kind: job.kind.replaceAll(".", "-") }, orderBy: { createdAt: "desc" } });
    return row && ["succeeded", "failed"].includes(row.state) && row;
  }, 30_000);
}

const holdsCustomer = (value: unknown) => /john@example\.com|555-?625-?1199|5556251199/.test(JSON.stringify(value));

describe("customer privacy jobs", () => {
  it("a data request's report is downloadable as JSON for its store only, and the finished job keeps no personal data", async () => {
    const { shop, input } = await storeWithCustomer("privacy-a.myshopify.com");
    const job = await runJob(shop.id, { shopId: shop.id, kind: "shopify.customers.data_request", input: { ...input, requestId: "9999" } });
    expect(job.state).toBe("succeeded");
    expect(holdsCustomer(job.input)).toBe(false);
    expect(holdsCustomer(job.result)).toBe(false);

    const stored = await app.db.prisma.customerDataRequest.findFirstOrThrow({ where: { shopId: shop.id, platformRequestId: "9999" } });
    const response = await customerDataReportResponse(app, shop.id, stored.id);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="customer-data-request-9999.json"');
    const report = (await response.json()) as { requestId: string; leads: { email: string }[]; chat: { message: string }[]; surveyResponses: unknown[] };
    expect(report.requestId).toBe("9999");
    expect(report.leads).toEqual([expect.objectContaining({ email: CUSTOMER.email })]);
    expect(report.surveyResponses).toHaveLength(1);

    const other = await app.db.prisma.shop.create({ data: { name: "b", platform: "shopify", domain: "privacy-b.myshopify.com" } });
    await expect(customerDataReportResponse(app, other.id, stored.id)).rejects.toMatchObject({ status: 404 });
    await expect(customerDataReportResponse(app, shop.id, "not-a-uuid")).rejects.toMatchObject({ status: 400, field: "requestId" });
  });

  it("customers/redact also removes the customer's reports, survey answers and what privacy jobs held, in this shop only", async () => {
    const kept = await storeWithCustomer("privacy-kept.myshopify.com");
    await runJob(kept.shop.id, { shopId: kept.shop.id, kind: "shopify.customers.data_request", input: { ...kept.input, requestId: "1" } });
    const { shop, input } = await storeWithCustomer("privacy-c.myshopify.com");
    await runJob(shop.id, { shopId: shop.id, kind: "shopify.customers.data_request", input: { ...input, requestId: "2" } });
    const job = await runJob(shop.id, { shopId: shop.id, kind: "shopify.customers.redact", input });
    expect(job.state).toBe("succeeded");
    expect(job.result).toMatchObject({ leadsDeleted: 1, reportsDeleted: 1, surveyResponsesDeleted: 1 });

    const { prisma } = app.db;
    expect(await prisma.customerDataRequest.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await prisma.surveyResponse.count({ where: { shopId: shop.id } })).toBe(0);
    const jobs = await prisma.backgroundJob.findMany({ where: { shopId: shop.id } });
    expect(jobs).toHaveLength(2);
    for (const row of jobs) expect(holdsCustomer([row.input, row.result])).toBe(false);
    expect(holdsCustomer(await prisma.chatLog.findMany({ where: { shopId: shop.id } }))).toBe(false);

    // The other store's customer data is untouched.
    expect(await prisma.customerDataRequest.count({ where: { shopId: kept.shop.id } })).toBe(1);
    expect(await prisma.surveyResponse.count({ where: { shopId: kept.shop.id } })).toBe(1);
    expect(await prisma.lead.count({ where: { shopId: kept.shop.id } })).toBe(1);
  });
});
