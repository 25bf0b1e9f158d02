import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";

let app: TestApp;
let shop: { id: string; publicKey: string; apiKey: string };
let other: { id: string; publicKey: string; apiKey: string };

const asShop = (pathname: string, init: RequestInit = {}) =>
  fetch(`${app.url}${pathname}`, {
    ...init,
    headers: { authorization: `Bearer ${shop.apiKey}`, "content-type": "application/json", ...(init.headers as Record<string, string>) },
  });
const patch = (body: unknown) => asShop(`/api/shops/${shop.id}/settings`, { method: "PATCH", body: JSON.stringify(body) });

beforeAll(async () => {
  app = await startTestApp({ PALOMPY_RATE_ADMIN_PER_IP: "100000", PALOMPY_RATE_PUBLIC_PER_IP: "100000", PALOMPY_EMBEDDER: "local" });
  const create = async (name: string) => (await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) })).json()) as typeof shop;
  shop = await create("Alpine Store");
  other = await create("Other Store");
});
afterAll(() => app?.close());

describe("GET|PATCH /api/shops/:id/settings", () => {
  it("starts empty, stores a valid patch field by field, and null clears a field", async () => {
    expect((await (await asShop(`/api/shops/${shop.id}/settings`)).json()).settings).toEqual({});
    const first = await patch({
      assistantName: "Anna",
      greeting: "Hi! Ask me anything about our jackets.",
      tone: "friendly and concise",
      contact: { email: "help@alpine.example", phone: "+7 900 000-00-00", hours: "Mon–Fri 9–18" },
      quickPrompts: { en: ["Where is my order?"], ru: ["Где мой заказ?"] },
      perks: { en: { returnsDays: 30 } },
      color: "#1a73e8",
      position: "bottom-left",
      defaultLanguage: "en",
      allowedOrigins: ["https://alpine.example/"],
      handoff: { email: "owner@alpine.example", webhookUrl: "https://hooks.alpine.example/palompy" },
      retentionDays: 180,
      synonyms: [["парка", "пуховик"]],
    });
    expect(first.status).toBe(200);
    const { settings } = await first.json();
    expect(settings.allowedOrigins).toEqual(["https://alpine.example"]);
    const second = await (await patch({ tone: null, greeting: "Hello again" })).json();
    expect(second.settings.tone).toBeUndefined();
    // A plain string is the default language's greeting (defaultLanguage is "en" here).
    expect(second.settings.greeting).toEqual({ en: "Hello again" });
    expect(second.settings.contact.email).toBe("help@alpine.example");
    expect((await (await asShop(`/api/shops/${shop.id}/settings`)).json()).settings).toEqual(second.settings);
  });

  it("refuses bad input with a 4xx naming the field, and changes nothing", async () => {
    const cases: [unknown, number, string][] = [
      [{ color: "blue" }, 422, "color"],
      [{ contact: { email: "not-an-email" } }, 422, "contact.email"],
      [{ allowedOrigins: ["https://shop.example/path"] }, 422, "allowedOrigins[0]"],
      [{ retentionDays: 0 }, 422, "retentionDays"],
      [{ synonyms: [["alone"]] }, 422, "synonyms[0]"],
      [{ handoff: { webhookUrl: "ftp://x.example" } }, 422, "handoff.webhookUrl"],
      [{ unknownField: 1 }, 422, "body"],
      [{ greeting: "x".repeat(301) }, 413, "greeting"],
      [{ greeting: { en: "" } }, 422, "greeting.en"],
      [{ greeting: { en: "x".repeat(301) } }, 413, "greeting.en"],
      [{ greeting: { de: "Hallo" } }, 422, "greeting"],
    ];
    const before = await (await asShop(`/api/shops/${shop.id}/settings`)).json();
    for (const [body, status, field] of cases) {
      const response = await patch(body);
      expect({ body, status: response.status }).toEqual({ body, status });
      expect((await response.json()).error.field).toBe(field);
    }
    expect(await (await asShop(`/api/shops/${shop.id}/settings`)).json()).toEqual(before);
    const notJson = await asShop(`/api/shops/${shop.id}/settings`, { method: "PATCH", body: "{" });
    expect(notJson.status).toBe(400);
    const wrongMethod = await asShop(`/api/shops/${shop.id}/settings`, { method: "POST", body: "{}" });
    expect(wrongMethod.status).toBe(405);
  });

  it("another shop's key cannot read or write them", async () => {
    const headers = { authorization: `Bearer ${other.apiKey}`, "content-type": "application/json" };
    expect((await fetch(`${app.url}/api/shops/${shop.id}/settings`, { headers })).status).toBe(404);
    expect((await fetch(`${app.url}/api/shops/${shop.id}/settings`, { method: "PATCH", headers, body: '{"greeting":"hacked"}' })).status).toBe(404);
    expect((await (await asShop(`/api/shops/${shop.id}/settings`)).json()).settings.greeting).toEqual({ en: "Hello again" });
  });
});

describe("GET /api/widget/config", () => {
  it("serves only the public part, cached, with an ETag that answers 304 until the settings change", async () => {
    const url = `${app.url}/api/widget/config?shopPublicKey=${shop.publicKey}`;
    const first = await fetch(url, { headers: { origin: "https://alpine.example" } });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toMatch(/max-age=60/);
    expect(first.headers.get("access-control-allow-origin")).toBe("https://alpine.example");
    const etag = first.headers.get("etag")!;
    const config = await first.json();
    expect(config).toMatchObject({ greeting: { en: "Hello again" }, assistantName: "Anna", color: "#1a73e8", position: "bottom-left", quickPrompts: { en: ["Where is my order?"] } });
    expect(JSON.stringify(config)).not.toMatch(/owner@alpine|hooks\.alpine|allowedOrigins|help@alpine/);

    const again = await fetch(url, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    await patch({ greeting: "Changed greeting" });
    const changed = await fetch(url, { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect((await changed.json()).greeting).toEqual({ en: "Changed greeting" });
    expect((await fetch(`${app.url}/api/widget/config?shopPublicKey=${randomUUID()}`)).status).toBe(404);
  });
});

describe("allowed storefront origins (CORS allowlist)", () => {
  it("answers listed origins with their own origin, refuses others with 403, and stays * when the list is empty", async () => {
    const url = `${app.url}/api/surveys/active?shopPublicKey=${shop.publicKey}`;
    const listed = await fetch(url, { headers: { origin: "https://alpine.example" } });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("access-control-allow-origin")).toBe("https://alpine.example");
    expect(listed.headers.get("vary")).toMatch(/origin/i);
    const stranger = await fetch(url, { headers: { origin: "https://evil.example" } });
    expect(stranger.status).toBe(403);
    expect((await stranger.json()).error.code).toBe("origin_not_allowed");
    const chat = await fetch(`${app.url}/api/chat`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId: randomUUID(), message: "hi" }),
    });
    expect(chat.status).toBe(403);
    const open = await fetch(`${app.url}/api/surveys/active?shopPublicKey=${other.publicKey}`, { headers: { origin: "https://evil.example" } });
    expect(open.status).toBe(200);
    expect(open.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("the assistant uses the configured contacts", () => {
  it("an 'I don't know' answer names the configured email and hours", async () => {
    const response = await fetch(`${app.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId: randomUUID(), message: "Do you offer gift wrapping for corporate clients?", lang: "en" }),
    });
    expect(response.status).toBe(200);
    const reply = await response.json();
    expect(reply.answer).toContain("help@alpine.example");
    expect(reply.answer).toContain("Mon–Fri 9–18");
  });
});
