// Issue 19, round 14: a turn with an order number or an intent but no email or phone enriches the
// session's lead, and only a turn whose opening statement found such a lead sends the enrichment
// (so only it waits for its log row). Through the real routes: a lead the contact form left before
// any chat turn is still found and enriched; a session without one, or another shop's lead under the
// same session id, is not touched.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";

let app: TestApp;
let shop: { id: string; publicKey: string };
let other: { id: string; publicKey: string };

beforeAll(async () => {
  app = await startTestApp();
  shop = await app.createShop("Enrichment shop");
  other = await app.createShop("Another shop");
});
afterAll(() => app?.close());

const post = (path: string, body: unknown) => fetch(`${app.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const chat = async (shopPublicKey: string, sessionId: string, message: string) => {
  const response = await post("/api/chat", { shopPublicKey, sessionId, message });
  expect(response.status).toBe(200);
  return (await response.json()) as { collectedData: Record<string, string> };
};
const leadsOf = (shopId: string, sessionId: string) => app.context.db.prisma.lead.findMany({ where: { shopId, sessionId } });

describe("a turn's lead enrichment through /api/chat", () => {
  it("enriches a lead the contact form left before any chat turn of the session", async () => {
    const sessionId = randomUUID();
    const form = await post("/api/handoff", { shopPublicKey: shop.publicKey, sessionId, name: "Anna", email: "anna@example.org", message: "Call me about a tent" });
    expect(form.status).toBe(202);

    const reply = await chat(shop.publicKey, sessionId, "мой заказ 12345");
    expect(reply.collectedData).toMatchObject({ orderNumber: "12345" });
    const [lead] = await leadsOf(shop.id, sessionId);
    expect(lead).toMatchObject({ name: "Anna", email: "anna@example.org", orderNumber: "12345" });
  });

  it("enriches a lead an earlier turn of the conversation left", async () => {
    const sessionId = randomUUID();
    await chat(shop.publicKey, sessionId, "Напишите мне на olga@example.ru");
    const reply = await chat(shop.publicKey, sessionId, "where is my order #4521?");
    expect(reply.collectedData).toMatchObject({ orderNumber: "4521" });
    expect((await leadsOf(shop.id, sessionId))[0]).toMatchObject({ email: "olga@example.ru", orderNumber: "4521" });
  });

  it("makes no lead where the session has none, and leaves another shop's lead under the same session id alone", async () => {
    const sessionId = randomUUID();
    await post("/api/handoff", { shopPublicKey: other.publicKey, sessionId, email: "someone@example.org" });

    const reply = await chat(shop.publicKey, sessionId, "мой заказ 777");
    expect(reply.collectedData).toEqual({});
    expect(await leadsOf(shop.id, sessionId)).toEqual([]);
    expect((await leadsOf(other.id, sessionId))[0]).toMatchObject({ email: "someone@example.org", orderNumber: null });
  });
});
