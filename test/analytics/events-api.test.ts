import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";

describe("POST /api/analytics/events", () => {
  let app: TestApp;
  let shop: { id: string; publicKey: string };
  const sessionId = randomUUID();

  beforeAll(async () => {
    app = await startTestApp({ PALOMPY_RATE_PUBLIC_PER_IP: "40" });
    const response = await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name: "Events shop" }) });
    shop = await response.json();
  });
  afterAll(() => app?.close());

  // sendBeacon posts a string body as text/plain, which the endpoint must accept.
  const post = (body: unknown, headers: Record<string, string> = { "content-type": "text/plain;charset=UTF-8" }) =>
    fetch(`${app.url}/api/analytics/events`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  const batch = (events: unknown[], extra: Record<string, unknown> = {}) => ({ shopPublicKey: shop.publicKey, sessionId, events, ...extra });
  const event = (type = "page_view", extra: Record<string, unknown> = {}) => ({ type, occurredAt: Date.now(), pageUrl: "https://store.example/p/1", ...extra });

  it("stores a batch sent like a beacon, with CORS for any storefront", async () => {
    const response = await post(batch([event("widget_init", { metadata: { language: "ru" } }), event("widget_toggle", { metadata: { open: true, buttonId: "launcher" } })]));
    expect(response.status).toBe(202);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.json()).toEqual({ accepted: 2 });
    const rows = await app.context.db.prisma.widgetEvent.findMany({ where: { shopId: shop.id }, orderBy: { type: "asc" } });
    expect(rows.map((r) => r.type)).toEqual(["widget_init", "widget_toggle"]);
    expect(rows[0]).toMatchObject({ sessionId, pageUrl: "https://store.example/p/1", metadata: { language: "ru" } });
  });

  it("answers the CORS preflight", async () => {
    const response = await fetch(`${app.url}/api/analytics/events`, { method: "OPTIONS" });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
  });

  it("never stores an event as happening in the future", async () => {
    const sid = randomUUID();
    const response = await post(batch([event("page_visible", { occurredAt: new Date(Date.now() + 86_400_000).toISOString() })], { sessionId: sid }));
    expect(response.status).toBe(202);
    const row = await app.context.db.prisma.widgetEvent.findFirstOrThrow({ where: { sessionId: sid } });
    expect(row.occurredAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it.each([
    ["an unknown event type", () => batch([event("hack_the_planet")]), 422, "events[0].type"],
    ["a malformed session id", () => batch([event()], { sessionId: "abc" }), 422, "sessionId"],
    ["a malformed public key", () => batch([event()], { shopPublicKey: "nope" }), 422, "shopPublicKey"],
    ["an empty batch", () => batch([]), 422, "events"],
    ["a non-http page URL", () => batch([event("page_view", { pageUrl: "javascript:alert(1)" })]), 422, "events[0].pageUrl"],
    ["a bad timestamp", () => batch([event("page_view", { occurredAt: "yesterday" })]), 422, "events[0].occurredAt"],
    ["oversized metadata", () => batch([event("page_view", { metadata: { blob: "x".repeat(3000) } })]), 422, "events[0].metadata"],
    ["more than 50 events", () => batch(Array.from({ length: 51 }, () => event())), 413, "events"],
  ])("refuses %s, naming the field", async (_name, makeBody, status, field) => {
    // Built lazily: the shop exists only once beforeAll has run.
    const response = await post(makeBody());
    expect(response.status).toBe(status);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect((await response.json()).error.field).toBe(field);
  });

  it("refuses a body over 64 KB with 413 and invalid JSON with 400", async () => {
    const big = await post(JSON.stringify(batch([event("page_view", { metadata: { pad: "x".repeat(70_000) } })])));
    expect(big.status).toBe(413);
    expect((await big.json()).error.field).toBe("body");
    const broken = await post("{not json");
    expect(broken.status).toBe(400);
  });

  it("answers 404 naming shopPublicKey for an unknown shop, and stores nothing", async () => {
    const sid = randomUUID();
    const response = await post(batch([event()], { shopPublicKey: randomUUID(), sessionId: sid }));
    expect(response.status).toBe(404);
    expect((await response.json()).error.field).toBe("shopPublicKey");
    expect(await app.context.db.prisma.widgetEvent.count({ where: { sessionId: sid } })).toBe(0);
  });

  it("refuses GET with 405", async () => {
    expect((await fetch(`${app.url}/api/analytics/events`)).status).toBe(405);
  });

  it("rate-limits per client address with Retry-After", async () => {
    let limited: Response | undefined;
    // Counters are per fixed minute: 2 × 40 + 5 requests exceed the limit inside one window even
    // when a minute boundary falls in the middle of the loop (it once did, and 45 were not enough).
    for (let i = 0; i < 85 && !limited; i++) {
      const response = await post(batch([event()]));
      if (response.status === 429) limited = response;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited?.headers.get("access-control-allow-origin")).toBe("*");
  });
});
