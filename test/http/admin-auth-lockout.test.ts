import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../support/app-server";

/**
 * Issue 16 item 15: a 429 only for wrong tokens still checks every guess (a guess that gets a 200
 * instead of a 429 is the right one). Past the failure limit the address is refused whatever it sends.
 */
/** One long window, so the flood below cannot straddle two and start counting afresh. */
const WINDOW_MS = 24 * 3_600_000;

describe("admin API authentication failures", () => {
  let app: TestApp;
  let shopId: string;
  beforeAll(async () => {
    app = await startTestApp({
      PALOMPY_RATE_ADMIN_PER_IP: "1000",
      PALOMPY_RATE_ADMIN_AUTH_FAILURES_PER_IP: "10",
      PALOMPY_RATE_WINDOW_MS: String(WINDOW_MS),
    });
    shopId = (await app.createShop("Lockout shop")).id;
  });
  afterAll(() => app?.close());

  const knowledge = (token: string) => fetch(`${app.url}/api/shops/${shopId}/knowledge`, { headers: { authorization: `Bearer ${token}` } });

  it("a valid token works while the failures stay under the limit", async () => {
    for (let i = 0; i < 9; i++) expect((await knowledge(`guess-${i}`)).status).toBe(401);
    expect((await knowledge(TEST_ADMIN_TOKEN)).status).toBe(200);
  });

  it("past the limit every request from the address is a 429 with the time left, a valid token and a shop key included", async () => {
    expect((await knowledge("guess-9")).status).toBe(401);
    const after: number[] = [];
    for (let i = 10; i < 14; i++) after.push((await knowledge(`guess-${i}`)).status);
    expect(after).toEqual([429, 429, 429, 429]);
    for (const token of [TEST_ADMIN_TOKEN, "", "psk_nothing"]) {
      const refused = await knowledge(token);
      expect(refused.status, token || "no token").toBe(429);
      // Windows are fixed spans from the epoch (UTC midnights for this one): the time left is what
      // remains of the current one, whatever the hour the test runs (it ran short after 23:00 UTC).
      const now = Date.now();
      const left = Math.ceil((Math.floor(now / WINDOW_MS) * WINDOW_MS + WINDOW_MS - now) / 1000);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(left - 60);
      expect(retryAfter).toBeLessThanOrEqual(left + 1);
    }
    const create = await fetch(`${app.url}/api/shops`, { method: "POST", headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" }, body: '{"name":"x"}' });
    expect(create.status).toBe(429);
  });
});
