import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../support/app-server";
import { builtRoutes, fillPattern } from "./admin-routes";

let app: TestApp;
interface CreatedShop {
  id: string;
  publicKey: string;
  apiKey: string;
}
let shopA: CreatedShop;
let shopB: CreatedShop;

const withKey = (key: string, pathname: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${key}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(`${app.url}${pathname}`, { ...init, headers });
};

beforeAll(async () => {
  app = await startTestApp({ PALOMPY_RATE_ADMIN_PER_IP: "100000" });
  const create = async (name: string) => {
    const response = await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) });
    expect(response.status).toBe(201);
    return (await response.json()) as CreatedShop;
  };
  shopA = await create("Shop A");
  shopB = await create("Shop B");
});
afterAll(() => app?.close());

describe("shop API keys", () => {
  it("are returned once at creation and stored only as a hash", async () => {
    expect(shopA.apiKey).toMatch(/^psk_[A-Za-z0-9_-]{40,}$/);
    expect(shopA.apiKey).not.toBe(shopB.apiKey);
    const row = await app.context.db.prisma.shop.findUniqueOrThrow({ where: { id: shopA.id } });
    expect(row.apiKeyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(shopA.apiKey);
  });

  it("open their own shop's admin API", async () => {
    const response = await withKey(shopA.apiKey, `/api/shops/${shopA.id}/knowledge`);
    expect(response.status).toBe(200);
  });

  it("cannot create shops (operator only) and a wrong key is a 401", async () => {
    const create = await withKey(shopA.apiKey, "/api/shops", { method: "POST", body: JSON.stringify({ name: "x" }) });
    expect(create.status).toBe(403);
    expect((await create.json()).error.code).toBe("operator_only");
    const wrong = await withKey(`${shopA.apiKey.slice(0, -2)}xx`, `/api/shops/${shopA.id}/knowledge`);
    expect(wrong.status).toBe(401);
  });

  it("rotate: the new key works at once and the old one stops", async () => {
    const shop = (await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name: "Rotating" }) })).json()) as CreatedShop;
    const rotated = await withKey(shop.apiKey, `/api/shops/${shop.id}/keys`, { method: "POST" });
    expect(rotated.status).toBe(201);
    const { apiKey } = (await rotated.json()) as { apiKey: string };
    expect(apiKey).not.toBe(shop.apiKey);
    expect((await withKey(shop.apiKey, `/api/shops/${shop.id}/knowledge`)).status).toBe(401);
    expect((await withKey(apiKey, `/api/shops/${shop.id}/knowledge`)).status).toBe(200);
    // The operator can rotate any shop's key too; another shop's key cannot.
    expect((await app.admin(`/api/shops/${shop.id}/keys`, { method: "POST" })).status).toBe(201);
    expect((await withKey(shopA.apiKey, `/api/shops/${shop.id}/keys`, { method: "POST" })).status).toBe(404);
  });
});

describe("tenant isolation on every admin route in the build", () => {
  it("a shop key naming another shop's id gets the same 404 as an unknown shop, for every method", async () => {
    const routes = (await builtRoutes()).filter((route) => route.pattern.startsWith("/api/shops/:shopId"));
    // The routes this branch adds and the ones before it; any later route is picked up by itself.
    expect(routes.map((route) => route.pattern)).toEqual(
      expect.arrayContaining(["/api/shops/:shopId/settings", "/api/shops/:shopId/keys", "/api/shops/:shopId/console-links", "/api/shops/:shopId/knowledge"]),
    );
    const checked: string[] = [];
    for (const route of routes) {
      const methods = [...(route.hasLoader ? ["GET"] : []), ...(route.hasAction ? ["POST", "PATCH", "PUT", "DELETE"] : [])];
      for (const method of methods) {
        const url = fillPattern(route.pattern, shopB.id);
        const response = await withKey(shopA.apiKey, url, { method, body: method === "GET" ? undefined : "{}" });
        const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
        if (response.status === 405) {
          // A method the route does not take is refused before any shop is looked up: the same 405
          // for the key's own shop, so it tells nothing about another shop.
          const own = await withKey(shopA.apiKey, fillPattern(route.pattern, shopA.id), { method, body: method === "GET" ? undefined : "{}" });
          expect({ method, url: route.pattern, code: body.error?.code, own: own.status }).toEqual({ method, url: route.pattern, code: "method_not_allowed", own: 405 });
          continue;
        }
        expect({ method, url: route.pattern, status: response.status, code: body.error?.code }).toEqual({
          method,
          url: route.pattern,
          status: 404,
          code: "shop_not_found",
        });
        checked.push(`${method} ${route.pattern}`);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(6);
  });

  it("the operator token still opens every shop", async () => {
    for (const shop of [shopA, shopB]) {
      expect((await withKey(TEST_ADMIN_TOKEN, `/api/shops/${shop.id}/settings`)).status).toBe(200);
    }
  });
});

describe("console links", () => {
  it("are issued to the shop's key or the operator, short-lived, and open /admin/sso", async () => {
    const response = await withKey(shopA.apiKey, `/api/shops/${shopA.id}/console-links`, { method: "POST" });
    expect(response.status).toBe(201);
    const link = (await response.json()) as { url: string; expiresAt: string };
    expect(new URL(link.url).pathname).toBe("/admin/sso");
    expect(new URL(link.url).searchParams.get("token")).toBeTruthy();
    const ttl = Date.parse(link.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000);
    expect((await app.admin(`/api/shops/${shopB.id}/console-links`, { method: "POST" })).status).toBe(201);
    expect((await withKey(shopA.apiKey, `/api/shops/${shopB.id}/console-links`, { method: "POST" })).status).toBe(404);
  });
});
