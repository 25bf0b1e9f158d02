import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";

/**
 * A direct widget call counts its address in its shop's lookup (app/http/public-route.server.ts):
 * these are the cases where that statement is not sent, or counts less, and the limits must hold all the same.
 */
describe("widget calls: the address's limit where the shop is never looked up", () => {
  let app: TestApp;
  let shop: { id: string; publicKey: string };
  beforeAll(async () => {
    app = await startTestApp({
      PALOMPY_RATE_CHAT_PER_IP: "4",
      PALOMPY_RATE_PUBLIC_PER_IP: "3",
      PALOMPY_RATE_CHAT_PER_SESSION: "50",
      PALOMPY_RATE_CHAT_PER_SHOP: "50",
      PALOMPY_RATE_WINDOW_MS: String(24 * 3_600_000),
    });
    shop = await app.createShop("Limits at the door");
  });
  afterAll(() => app?.close());

  const chat = (body: unknown) => fetch(`${app.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const counter = async (key: string) =>
    Number((await app.context.db.prisma.$queryRaw<{ count: number }[]>`SELECT count FROM rate_limit_counters WHERE key = ${key}`)[0]?.count ?? 0);

  const addressCount = async () =>
    Number((await app.context.db.prisma.$queryRaw<{ count: number }[]>`SELECT sum(count)::int AS count FROM rate_limit_counters WHERE key LIKE 'chat:ip:%'`)[0]?.count ?? 0);

  it("answers an uninstalled shop's chat 410 without counting it against that shop's session or shop", async () => {
    const other = await app.createShop("Uninstalled");
    await app.context.db.prisma.shop.update({ where: { id: other.id }, data: { status: "uninstalled" } });
    const sessionId = crypto.randomUUID();
    expect((await chat({ shopPublicKey: other.publicKey, sessionId, message: "How long does delivery take?" })).status).toBe(410);
    expect([await counter(`chat:session:${other.id}:${sessionId}`), await counter(`chat:shop:${other.id}`), await addressCount()]).toEqual([0, 0, 1]);
  });

  it("counts a chat refused for its body or its key against the address: the fifth from one address is 429 whatever it sends", async () => {
    const statuses: number[] = [];
    statuses.push((await chat({ shopPublicKey: shop.publicKey, sessionId: "not-a-uuid", message: "hi" })).status);
    statuses.push((await chat({ shopPublicKey: "not-a-key", sessionId: crypto.randomUUID(), message: "hi" })).status);
    statuses.push((await chat({ shopPublicKey: crypto.randomUUID(), sessionId: crypto.randomUUID(), message: "hi" })).status);
    expect(statuses).toEqual([422, 422, 404]);
    expect(await addressCount()).toBe(4);
    const refused = await chat({ shopPublicKey: shop.publicKey, sessionId: crypto.randomUUID(), message: "How long does delivery take?" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Refused at the address: the shop's own counter never moved.
    expect(await counter(`chat:shop:${shop.id}`)).toBe(0);
  });

  it("counts the public endpoints' calls for unknown shops against the address", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${app.url}/api/widget/config?shopPublicKey=${crypto.randomUUID()}`)).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
  });
});
