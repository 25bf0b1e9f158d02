import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../support/app-server";

/** Issue 8 items 6 and 10 over HTTP, with small limits so the floods stay short (failed admin logins: admin-auth-lockout.test.ts). */
describe("abuse limits", () => {
  let app: TestApp;
  let shop: { id: string; publicKey: string };
  beforeAll(async () => {
    app = await startTestApp({
      PALOMPY_RATE_ADMIN_PER_IP: "30",
      PALOMPY_RATE_ADMIN_AUTH_FAILURES_PER_IP: "10",
      PALOMPY_RATE_CHAT_PER_SESSION: "2",
      PALOMPY_RATE_CHAT_PER_SHOP: "5",
      // One long window, so no flood below straddles two and starts counting afresh.
      PALOMPY_RATE_WINDOW_MS: String(24 * 3_600_000),
    });
    const created = await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name: "Limits shop" }) });
    shop = (await created.json()) as { id: string; publicKey: string };
    const catalog = { faq: [{ id: "faq-1", question: "How long does delivery take?", answer: "Delivery takes 2 to 5 business days." }] };
    expect((await app.admin(`/api/shops/${shop.id}/data?wait=true`, { method: "POST", body: JSON.stringify(catalog) })).status).toBe(200);
  });
  afterAll(() => app?.close());

  const knowledge = (token: string) => fetch(`${app.url}/api/shops/${shop.id}/knowledge`, { headers: { authorization: `Bearer ${token}` } });

  it("item 6: valid requests keep their own per-address limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await knowledge(TEST_ADMIN_TOKEN)).status);
    expect(statuses).toContain(429);
    const refused = await knowledge(TEST_ADMIN_TOKEN);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("item 10: chats refused by their session's limit leave the shop's limit to other shoppers", async () => {
    const chat = (sessionId: string) =>
      fetch(`${app.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId, message: "How long does delivery take?" }),
      });
    const attacker = crypto.randomUUID();
    const flood: number[] = [];
    for (let i = 0; i < 8; i++) flood.push((await chat(attacker)).status);
    expect(flood.filter((status) => status === 200)).toHaveLength(2);
    expect(flood.filter((status) => status === 429)).toHaveLength(6);
    for (let i = 0; i < 3; i++) expect((await chat(crypto.randomUUID())).status).toBe(200);
  });
});
