import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { TestApp } from "./app-server";

/**
 * A shopper's visit through the same public endpoints the widget calls (and the merchant's survey
 * API for the survey), so console pages under test show data stored by the app's own code paths:
 * chat logs, a handoff lead, and an active NPS survey with one answer. Returns the survey's id.
 */
export async function seedShopperActivity(app: TestApp, shop: { id: string; publicKey: string }): Promise<{ surveyId: string }> {
  const post = (pathname: string, body: unknown) => fetch(`${app.url}${pathname}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const sessionId = randomUUID();
  for (const message of ["Do you have a warm jacket for winter hiking?", "What is your return policy?"]) {
    const chat = await post("/api/chat", { shopPublicKey: shop.publicKey, sessionId, message });
    expect(chat.status, `chat: ${message}`).toBe(200);
  }
  const handoff = await post("/api/handoff", {
    shopPublicKey: shop.publicKey,
    sessionId,
    name: "Olga Petrova",
    email: "olga.petrova@example.com",
    phone: "+49 30 1234 5678",
    message: "We need 20 jackets for our team, can someone call me about a corporate order?",
  });
  expect(handoff.status, "handoff").toBe(202);

  const created = await app.admin(`/api/shops/${shop.id}/surveys`, {
    method: "POST",
    body: JSON.stringify({
      title: { en: "One quick question" },
      questions: [
        { id: "nps", type: "nps", text: { en: "Would you recommend our store to a friend?" }, required: true },
        { id: "why", type: "text", text: { en: "What could we do better?" } },
      ],
    }),
  });
  expect(created.status, "survey created").toBe(201);
  const surveyId = ((await created.json()) as { survey: { id: string } }).survey.id;
  expect((await app.admin(`/api/shops/${shop.id}/surveys/${surveyId}/activate`, { method: "POST" })).status, "survey activated").toBe(200);
  const answered = await post(`/api/surveys/${surveyId}/responses`, { shopPublicKey: shop.publicKey, sessionId, answers: { nps: 9, why: "More sizes of the down jacket, please." } });
  expect(answered.status, "survey answered").toBe(201);
  return { surveyId };
}
