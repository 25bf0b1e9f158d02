// GET /api/shops/:id/analytics/summary against the production build: real chat turns through the
// public API, validation naming the field, and tenant isolation.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";

describe("analytics summary API", () => {
  let app: TestApp;
  let shopA: { id: string; publicKey: string };
  let shopB: { id: string; publicKey: string };

  beforeAll(async () => {
    app = await startTestApp();
    const create = async (name: string) => (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) })).json();
    shopA = await create("Shop A");
    shopB = await create("Shop B");
    const data = {
      products: [{ id: "tent", name: "Trail tent", description: "A two-person tent for hiking, 2.1 kg.", price: "199", currency: "EUR" }],
      faq: [{ question: "How long is delivery?", answer: "Delivery takes 3–5 days." }],
      policies: [],
    };
    expect((await app.admin(`/api/shops/${shopA.id}/data?wait=true`, { method: "POST", body: JSON.stringify(data) })).status).toBe(200);
    const ask = async (message: string) => {
      const response = await fetch(`${app.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ shopPublicKey: shopA.publicKey, sessionId: randomUUID(), message, lang: "ru" }),
      });
      expect(response.status).toBe(200);
    };
    // Questions the catalog cannot answer, asked in several wordings: the gap to fill.
    for (const message of ["Вы принимаете подарочные сертификаты?", "Принимаете подарочные сертификаты??", "вы принимаете подарочные сертификаты"]) await ask(message);
    await ask("How long is delivery?");
  });
  afterAll(() => app?.close());

  const summary = (shopId: string, query = "") => app.admin(`/api/shops/${shopId}/analytics/summary${query}`);

  it("summarises the last 30 days by default, with the unanswered question as a knowledge gap", async () => {
    const response = await summary(shopA.id);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.series).toHaveLength(31);
    expect(Date.parse(body.range.to) - Date.parse(body.range.from)).toBe(30 * 86_400_000);
    expect(body.totals).toMatchObject({ messages: 4, conversations: 4, leads: 0 });
    const gap = body.knowledgeGaps.find((g: { example: string }) => /сертификат/i.test(g.example));
    expect(gap).toMatchObject({ count: 3, unanswered: 3 });
    expect(body.knowledgeGaps.some((g: { example: string }) => /delivery/i.test(g.example))).toBe(false);
    expect(body.topQuestions[0]).toMatchObject({ count: 3 });
  });

  it("takes a date range and top", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const body = await (await summary(shopA.id, `?from=${today}&to=${today}&top=1`)).json();
    expect(body.series).toEqual([expect.objectContaining({ date: today, messages: 4 })]);
    expect(body.topQuestions).toHaveLength(1);
    const past = await (await summary(shopA.id, "?from=2020-01-01&to=2020-01-31")).json();
    expect(past.totals.messages).toBe(0);
    expect(past.series).toHaveLength(31);
  });

  it.each([
    ["?from=yesterday", "from"],
    ["?to=2026-13-45", "to"],
    ["?from=2026-11-10&to=2026-11-01", "from"],
    ["?from=2020-01-01&to=2022-01-01", "to"],
    ["?top=0", "top"],
  ])("refuses %s with 422 naming %s", async (query, field) => {
    const response = await summary(shopA.id, query);
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.field).toBe(field);
  });

  it("never counts another shop's data, and 404s an unknown shop", async () => {
    const body = await (await summary(shopB.id)).json();
    expect(body.totals).toMatchObject({ messages: 0, conversations: 0, widgetOpens: 0 });
    expect(body.knowledgeGaps).toEqual([]);
    expect((await summary(randomUUID())).status).toBe(404);
    expect((await summary("nope")).status).toBe(404);
    expect((await fetch(`${app.url}/api/shops/${shopA.id}/analytics/summary`)).status).toBe(401);
  });
});
