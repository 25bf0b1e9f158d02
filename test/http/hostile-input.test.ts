import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";

/** Issue 8, items 5, 8 and 9: what an attacker or a broken client sends must end in a documented 4xx, never a 500. */

const catalog = {
  products: [{ id: "p-1", name: "Alpine Down Jacket", description: "Warm goose down jacket for winter.", price: 100, url: "/products/jacket" }],
  faq: [{ id: "faq-1", question: "How long does delivery take?", answer: "Delivery takes 2 to 5 business days." }],
};

/** node:http, because fetch() refuses to send TRACE at all. */
function rawRequest(url: string, method: string, body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: body ? { "content-type": "application/json" } : {} }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function expectError(response: Response, status: number, code?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string; field?: string } };
  expect(typeof body.error.code).toBe("string");
  expect(typeof body.error.message).toBe("string");
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}

describe("hostile input at the HTTP boundary", () => {
  let app: TestApp;
  let shop: { id: string; publicKey: string };
  const sessionId = crypto.randomUUID();
  const post = (path: string, body: unknown) =>
    fetch(`${app.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  beforeAll(async () => {
    app = await startTestApp({ SHOPIFY_API_KEY: undefined, SHOPIFY_API_SECRET: undefined });
    const created = await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name: "Hostile shop" }) });
    shop = (await created.json()) as { id: string; publicKey: string };
    expect((await app.admin(`/api/shops/${shop.id}/data?wait=true`, { method: "POST", body: JSON.stringify(catalog) })).status).toBe(200);
  });
  afterAll(() => app?.close());

  describe("item 5: NUL characters are dropped, lone surrogates refused naming the field", () => {
    it("answers a chat message and page url holding NUL characters", async () => {
      const response = await post("/api/chat", {
        shopPublicKey: shop.publicKey,
        sessionId,
        message: "Do you have a warm\u0000 jacket?",
        page: { url: "https://shop.example/\u0000x", title: "Home\u0000" },
      });
      expect(response.status).toBe(200);
      const reply = (await response.json()) as { answer: string; messageId: string };
      const logged = await app.context.db.prisma.chatLog.findFirstOrThrow({ where: { id: reply.messageId } });
      expect(logged.message).toBe("Do you have a warm jacket?");

      const feedback = await post("/api/chat/feedback", { shopPublicKey: shop.publicKey, sessionId, messageId: reply.messageId, vote: "down", comment: "bad\u0000 answer" });
      expect(feedback.status).toBe(200);
    });

    it("refuses a lone surrogate in a chat message with 422 naming the field", async () => {
      const error = await expectError(await post("/api/chat", { shopPublicKey: shop.publicKey, sessionId, message: "jacket \ud800 please" }), 422, "invalid_text");
      expect(error.field).toBe("message");
    });

    it("accepts analytics metadata with NUL characters", async () => {
      const response = await post("/api/analytics/events", {
        shopPublicKey: shop.publicKey,
        sessionId,
        events: [{ type: "page_view", occurredAt: new Date().toISOString(), pageUrl: "https://shop.example/\u0000", metadata: { "k\u0000": "v\u0000" } }],
      });
      expect(response.status).toBe(202);
    });

    it("imports text with NUL characters and refuses a lone surrogate naming the product field", async () => {
      const withNul = { products: [{ ...catalog.products[0], description: "Warm\u0000 goose down jacket." }], faq: catalog.faq };
      expect((await app.admin(`/api/shops/${shop.id}/data?wait=true`, { method: "POST", body: JSON.stringify(withNul) })).status).toBe(200);
      const withSurrogate = { products: [{ ...catalog.products[0], name: "Jacket \udc00" }], faq: catalog.faq };
      const error = await expectError(await app.admin(`/api/shops/${shop.id}/data?wait=true`, { method: "POST", body: JSON.stringify(withSurrogate) }), 422, "invalid_text");
      expect(error.field).toBe("products[0].name");
    });

    it("creates a shop whose name held a NUL character", async () => {
      const response = await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name: "Nul\u0000 shop" }) });
      expect(response.status).toBe(201);
      expect(((await response.json()) as { name: string }).name).toBe("Nul shop");
    });

    it("refuses a NUL in the query string naming the parameter", async () => {
      const error = await expectError(await fetch(`${app.url}/api/surveys/active?shopPublicKey=${shop.publicKey}&lang=ru%00`), 422, "invalid_text");
      expect(error.field).toBe("lang");
    });
  });

  describe("item 8: methods, unknown paths and Shopify routes", () => {
    it("answers TRACE /api/chat with 405 JSON and Allow", async () => {
      const response = await rawRequest(`${app.url}/api/chat`, "TRACE");
      expect(response.status).toBe(405);
      expect(response.headers["content-type"]).toMatch(/application\/json/);
      expect(response.headers.allow).toBe("POST");
      expect(JSON.parse(response.text)).toMatchObject({ error: { code: "method_not_allowed" } });
    });

    it("answers a GET on the import route with 405 JSON, Allow: POST", async () => {
      const response = await app.admin(`/api/shops/${shop.id}/data`);
      await expectError(response, 405, "method_not_allowed");
      expect(response.headers.get("allow")).toBe("POST");
    });

    it("answers wrong methods on every kind of route with 405 JSON and Allow", async () => {
      const cases: [string, string, string][] = [
        ["PUT", "/api/chat", "POST"],
        ["GET", "/api/chat", "POST"],
        ["DELETE", "/api/shops", "POST"],
        ["POST", `/api/surveys/active?shopPublicKey=${shop.publicKey}`, "GET, HEAD"],
        ["POST", `/api/shops/${shop.id}/knowledge`, "GET, HEAD"],
        ["GET", `/api/shops/${shop.id}/knowledge/product/p-1`, "DELETE"],
        ["PATCH", "/healthz", "GET, HEAD"],
        ["POST", "/demo", "GET, HEAD"],
        ["DELETE", "/widget.js", "GET, HEAD"],
      ];
      for (const [method, path, allow] of cases) {
        const response = await app.admin(path, { method, body: method === "GET" ? undefined : "{}" });
        expect({ method, path, status: response.status }).toEqual({ method, path, status: 405 });
        expect({ method, path, allow: response.headers.get("allow") }).toEqual({ method, path, allow });
        await expectError(response, 405, "method_not_allowed");
      }
    });

    it("answers unknown /api paths with 404 JSON", async () => {
      await expectError(await fetch(`${app.url}/api/nope`), 404, "not_found");
      await expectError(await post("/api/shops/x/y/z", {}), 404, "not_found");
    });

    it("answers what the fuzz test found before Remix, as JSON and never a 500", async () => {
      for (const origin of ["https://evil.example", "null", "not a url"]) {
        for (const path of ["/", "/app", "/products/", "/nope"]) {
          const response = await fetch(`${app.url}${path}`, { method: "POST", headers: { origin }, body: "{}" });
          expect({ origin, path, status: response.status }).toEqual({ origin, path, status: 403 });
          await expectError(response, 403, "cross_origin_write");
        }
      }
      // The public API stays open to every storefront origin.
      expect((await fetch(`${app.url}/api/chat/feedback`, { method: "POST", headers: { origin: "https://store.example" }, body: "{}" })).status).toBe(422);
      const options = await rawRequest(`${app.url}/healthz`, "OPTIONS");
      expect([options.status, options.headers.allow]).toEqual([405, "GET, HEAD"]);
      await expectError(await fetch(`${app.url}/api/%ZZ/x`), 404, "not_found");
      await expectError(await fetch(`${app.url}/api/a%0Ab/c`), 404, "not_found");
      await expectError(await fetch(`${app.url}/api/chat.data`, { method: "POST", body: "{}" }), 404, "not_found");
      const data = await expectError(await fetch(`${app.url}/api/surveys/active?_data=routes/api.surveys.active`), 400, "invalid_field");
      expect(data.field).toBe("_data");
      expect((await rawRequest(`${app.url}/api/%ED%A0%80`, "OPTIONS")).status).toBe(204);
    });

    it("answers Shopify routes with 404 JSON naming the reason when Shopify is not configured", async () => {
      for (const [method, path] of [["GET", "/app"], ["GET", "/app?shop=x.myshopify.com"], ["GET", "/auth/login"], ["POST", "/webhooks/app/uninstalled"]]) {
        const response = await fetch(`${app.url}${path}`, { method, body: method === "POST" ? "{}" : undefined });
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
        const error = await expectError(response, 404, "shopify_not_configured");
        expect(error.message).toMatch(/SHOPIFY_API_KEY/);
      }
    });
  });

  describe("item 9: analytics occurredAt must be near the server's clock", () => {
    const event = (occurredAt: string | number) => ({ shopPublicKey: shop.publicKey, sessionId, events: [{ type: "page_view", occurredAt }] });

    it("refuses 1999 and 2100 with 422 naming the field", async () => {
      for (const when of ["1999-01-01T00:00:00Z", "2100-01-01T00:00:00Z", Date.UTC(1999, 0, 1)]) {
        const error = await expectError(await post("/api/analytics/events", event(when)), 422, "invalid_field");
        expect(error.field).toBe("events[0].occurredAt");
      }
    });

    it("accepts events from the last 30 days and up to 48 hours ahead (clock skew)", async () => {
      const now = Date.now();
      for (const when of [now, now - 29 * 86_400_000, now + 47 * 3_600_000]) {
        expect((await post("/api/analytics/events", event(new Date(when).toISOString()))).status).toBe(202);
      }
      expect((await post("/api/analytics/events", event(now - 31 * 86_400_000))).status).toBe(422);
      expect((await post("/api/analytics/events", event(now + 49 * 3_600_000))).status).toBe(422);
    });
  });
});
