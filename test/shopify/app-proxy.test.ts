// First: the app's Shopify library must see the test's fetch, so no request leaves the machine.
import { routeShopifyAdminTo } from "../support/shopify-admin-route";
import "@shopify/shopify-api/adapters/node";
import { randomUUID } from "node:crypto";
import { ApiVersion, Session, shopifyApi } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHAT_BODY_MAX_BYTES } from "~/chat/schemas";
import { importKnowledge } from "~/knowledge/store.server";
import { startTestApp, type TestApp } from "../support/app-server";
import { signProxyQuery } from "../support/shopify-proxy";
import { WEBHOOK_SECRET } from "../support/shopify-webhooks";

/**
 * The widget API behind Shopify's App Proxy (https://{store}/apps/palompy/api/… →
 * {app}/proxy/api/…), through shopify-app-remix's real authenticate.public.appProxy.
 */

const API_KEY = "proxy-api-key";
const DOMAIN_A = "proxy-a.myshopify.com";
const DOMAIN_GONE = "proxy-gone.myshopify.com";
let app: TestApp;
let shopA: { id: string; publicKey: string };
let shopB: { id: string; publicKey: string };

/** The query Shopify adds to a proxied storefront request (plus the widget's own parameters). */
function proxyQuery(shop: string, extra: Record<string, string> = {}, timestamp = Math.trunc(Date.now() / 1000)): URLSearchParams {
  return new URLSearchParams({ ...extra, shop, logged_in_customer_id: "", path_prefix: "/apps/palompy", timestamp: String(timestamp) });
}

const proxyUrl = (path: string, query: URLSearchParams) => `${app.url}/proxy${path}?${query}`;

function proxiedChat(query: URLSearchParams, body: unknown, headers: Record<string, string> = {}) {
  return fetch(proxyUrl("/api/chat", query), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

beforeAll(async () => {
  app = await startTestApp({
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: WEBHOOK_SECRET,
    SHOPIFY_APP_URL: "https://palompy.example.com",
    PALOMPY_EMBEDDER: "local",
    PALOMPY_RATE_CHAT_PER_IP: "100000",
    PALOMPY_RATE_PUBLIC_PER_IP: "100000",
    PALOMPY_RATE_CHAT_PER_SESSION: "4",
  });
  const { prisma } = app.context.db;
  const created = await prisma.shop.create({ data: { name: "Proxy A", platform: "shopify", domain: DOMAIN_A } });
  shopA = { id: created.id, publicKey: created.publicKey };
  await prisma.shop.create({ data: { name: "Gone", platform: "shopify", domain: DOMAIN_GONE, status: "uninstalled" } });
  shopB = await app.createShop("Other Store");
  const faqOnly = (id: string, question: string, answer: string) => ({ products: [], faq: [{ id, question, answer }], policies: [], pages: [] });
  await importKnowledge(prisma, app.context.embedder, shopA.id, faqOnly("a-faq", "Do you sell surfboards?", "Yes, proxy-a surfboards from 30 000 ₽."), { mode: "full" });
  await importKnowledge(prisma, app.context.embedder, shopB.id, faqOnly("b-faq", "Do you sell surfboards?", "Shop B secret: surfboards at 10 000 ₽."), { mode: "full" });
});
afterAll(() => app?.close());

describe("the test signer is Shopify's scheme", () => {
  const api = shopifyApi({ apiKey: API_KEY, apiSecretKey: WEBHOOK_SECRET, apiVersion: ApiVersion.October25, hostName: "palompy.example.com", isEmbeddedApp: true });

  it("shopify-api's own validation accepts it, repeated parameters included, and refuses a tampered query", async () => {
    const query = proxyQuery(DOMAIN_A, { b: "2" });
    query.append("a", "x");
    query.append("a", "y");
    const signed = signProxyQuery(query);
    expect(await api.utils.validateHmac(signed, { signator: "appProxy" })).toBe(true);
    signed.set("shop", "someone-else.myshopify.com");
    expect(await api.utils.validateHmac(signed, { signator: "appProxy" })).toBe(false);
  });

  it("gives the signature shopify-api's test helper gives", async () => {
    const request = await setUpValidRequest({ type: RequestType.Public, store: "proxy-a", apiSecretKey: WEBHOOK_SECRET }, new Request("https://x.test/proxy?x=1"));
    const theirs = new URL(request.url).searchParams;
    const unsigned = new URLSearchParams(theirs);
    unsigned.delete("signature");
    expect(signProxyQuery(unsigned).get("signature")).toBe(theirs.get("signature"));
  });
});

describe("widget API through the App Proxy", () => {
  it("a signed chat turn answers from the signed shop's knowledge, as JSON even when SSE is asked for", async () => {
    const sessionId = randomUUID();
    const response = await proxiedChat(signProxyQuery(proxyQuery(DOMAIN_A)), { shopPublicKey: shopA.publicKey, sessionId, message: "Do you sell surfboards?" }, { accept: "text/event-stream" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body.sources[0]).toMatchObject({ type: "faq", id: "a-faq" });
    expect(body.answer).toContain("proxy-a surfboards");
    const log = await app.context.db.prisma.chatLog.findUniqueOrThrow({ where: { id: body.messageId } });
    expect(log.shopId).toBe(shopA.id);
  });

  it("another shop's public key in the body does not reach that shop: the signed shop answers", async () => {
    const response = await proxiedChat(signProxyQuery(proxyQuery(DOMAIN_A)), { shopPublicKey: shopB.publicKey, sessionId: randomUUID(), message: "Do you sell surfboards?" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.answer).not.toContain("Shop B secret");
    expect(body.sources.map((source: { id: string }) => source.id)).not.toContain("b-faq");
    const log = await app.context.db.prisma.chatLog.findUniqueOrThrow({ where: { id: body.messageId } });
    expect(log.shopId).toBe(shopA.id);

    const events = await fetch(proxyUrl("/api/analytics/events", signProxyQuery(proxyQuery(DOMAIN_A))), {
      method: "POST",
      body: JSON.stringify({ shopPublicKey: shopB.publicKey, sessionId: randomUUID(), events: [{ type: "page_view", occurredAt: Date.now(), pageUrl: "https://proxy-a.myshopify.com/" }] }),
    });
    expect(events.status).toBe(202);
    expect(await app.context.db.prisma.widgetEvent.count({ where: { shopId: shopA.id } })).toBe(1);
    expect(await app.context.db.prisma.widgetEvent.count({ where: { shopId: shopB.id } })).toBe(0);
  });

  it("GET endpoints take the widget's own query next to Shopify's (config, active survey)", async () => {
    const config = await fetch(proxyUrl("/api/widget/config", signProxyQuery(proxyQuery(DOMAIN_A, { shopPublicKey: shopB.publicKey }))));
    expect(config.status).toBe(200);
    expect(config.headers.get("etag")).toBeTruthy();
    const survey = await fetch(proxyUrl("/api/surveys/active", signProxyQuery(proxyQuery(DOMAIN_A, { shopPublicKey: shopA.publicKey, lang: "en", url: "https://proxy-a.myshopify.com/" }))));
    expect(survey.status).toBe(200);
    expect(await survey.json()).toEqual({ survey: null });
  });

  it("a bad, missing or stale signature is a JSON 401, and nothing is answered", async () => {
    const body = { shopPublicKey: shopA.publicKey, sessionId: randomUUID(), message: "Do you sell surfboards?" };
    const tampered = signProxyQuery(proxyQuery("someone-else.myshopify.com"));
    tampered.set("shop", DOMAIN_A);
    const unsigned = proxyQuery(DOMAIN_A);
    const wrongSecret = signProxyQuery(proxyQuery(DOMAIN_A), "not-the-app-secret");
    const stale = signProxyQuery(proxyQuery(DOMAIN_A, {}, Math.trunc(Date.now() / 1000) - 3600));
    const doubled = signProxyQuery(proxyQuery(DOMAIN_A));
    doubled.append("signature", doubled.get("signature")!);
    for (const query of [tampered, unsigned, wrongSecret, stale, doubled]) {
      const response = await proxiedChat(query, body);
      expect(response.status, query.toString()).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "invalid_signature", field: "signature" } });
    }
  });

  it("a signed request for an uninstalled store is 410, for an unknown store 404, for a non-store domain 422", async () => {
    const body = { shopPublicKey: shopA.publicKey, sessionId: randomUUID(), message: "Hello" };
    const gone = await proxiedChat(signProxyQuery(proxyQuery(DOMAIN_GONE)), body);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ error: { code: "shop_uninstalled" } });
    const unknown = await proxiedChat(signProxyQuery(proxyQuery("never-installed.myshopify.com")), body);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "shop_not_found" } });
    const notAStore = await proxiedChat(signProxyQuery(proxyQuery("example.com")), body);
    expect(notAStore.status).toBe(422);
  });

  it("keeps the size limit and the JSON errors of the direct API", async () => {
    const query = () => signProxyQuery(proxyQuery(DOMAIN_A));
    const tooLarge = await proxiedChat(query(), "x".repeat(CHAT_BODY_MAX_BYTES + 1));
    expect(tooLarge.status).toBe(413);
    const invalid = await proxiedChat(query(), { sessionId: "nope", message: "" });
    expect(invalid.status).toBe(422);
    const wrongMethod = await fetch(proxyUrl("/api/chat", query()));
    expect(wrongMethod.status).toBe(405);
    const elsewhere = await fetch(proxyUrl("/api/nothing-here", query()));
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("answers hostile input with a 4xx JSON error, never a 5xx, signed or not", async () => {
    const signed = (extra: Record<string, string> = {}) => signProxyQuery(proxyQuery(DOMAIN_A, extra));
    const doubledShop = proxyQuery(DOMAIN_A);
    doubledShop.append("shop", "proxy-gone.myshopify.com");
    const cases: [string, URLSearchParams, RequestInit][] = [
      ["/api/chat", signed(), { method: "POST", body: "{not json" }],
      ["/api/chat", signed(), { method: "POST", body: JSON.stringify([1, 2]) }],
      ["/api/chat", signed({ q: "\u0000" }), { method: "POST", body: "{}" }],
      ["/api/chat", signProxyQuery(doubledShop), { method: "POST", body: "{}" }],
      ["/api/chat", new URLSearchParams({ signature: "zz" }), { method: "POST", body: "{}" }],
      ["/api/chat/feedback", signed(), { method: "POST", body: JSON.stringify({ shopPublicKey: shopA.publicKey, sessionId: randomUUID(), messageId: randomUUID(), vote: "up" }) }],
      ["/api/surveys/not-a-uuid/responses", signed(), { method: "POST", body: JSON.stringify({ shopPublicKey: shopA.publicKey, sessionId: randomUUID(), answers: {} }) }],
      ["/api/handoff", signed(), { method: "POST", body: JSON.stringify({ sessionId: 5 }) }],
      ["/api/surveys/active", signed({ url: "y".repeat(5000) }), { method: "GET" }],
    ];
    for (const [path, query, init] of cases) {
      const response = await fetch(proxyUrl(path, query), init);
      expect(response.status, `${path} ${init.body ?? ""}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${path} ${init.body ?? ""}`).toBeLessThan(500);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    }
  });

  it("never loads the store's offline token: one that expired and cannot be refreshed is no 503 for the shopper", async () => {
    routeShopifyAdminTo(undefined);
    const storage = new PrismaSessionStorage(app.context.db.prisma);
    const hourAgo = new Date(Date.now() - 3_600_000);
    await storage.storeSession(
      new Session({ id: `offline_${DOMAIN_A}`, shop: DOMAIN_A, state: "", isOnline: false, accessToken: "shpat_expired", scope: "read_products", expires: hourAgo, refreshToken: "shprt_x", refreshTokenExpires: new Date(Date.now() + 86_400_000) }),
    );
    try {
      const response = await proxiedChat(signProxyQuery(proxyQuery(DOMAIN_A)), { shopPublicKey: shopA.publicKey, sessionId: randomUUID(), message: "Do you sell surfboards?" });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { answer: string }).answer).toContain("proxy-a surfboards");
    } finally {
      await storage.deleteSession(`offline_${DOMAIN_A}`);
    }
  });

  it("keeps the per-session chat limit", async () => {
    const sessionId = randomUUID();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await proxiedChat(signProxyQuery(proxyQuery(DOMAIN_A)), { shopPublicKey: shopA.publicKey, sessionId, message: `Hi ${i}` });
      statuses.push(response.status);
      await response.body?.cancel();
      if (response.status === 429) break;
    }
    expect(statuses.at(-1)).toBe(429);
  });
});
