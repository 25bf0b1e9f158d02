import { randomUUID } from "node:crypto";
import { RequestType, setUpValidRequest, setUpValidSession } from "@shopify/shopify-api/test-helpers";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensurePlatformShop } from "~/shops/shops.server";
import { startTestApp, type TestApp } from "../support/app-server";
import { WEBHOOK_SECRET } from "../support/shopify-webhooks";

/**
 * The merchant console inside Shopify's admin (/app/*), through shopify-app-remix's real
 * authenticate.admin (session token + stored offline session), with two installed stores: each
 * session must see its own shop's data and nothing of the other's.
 */

const API_KEY = "console-api-key";
const SCOPES = "read_products,read_inventory,read_online_store_pages,read_legal_policies";
const STORES = { alpine: "alpine-embedded", borea: "borea-embedded", orphan: "orphan-embedded" } as const;
type Store = (typeof STORES)[keyof typeof STORES];
let app: TestApp;
const shops: Record<string, { id: string; publicKey: string; conversationId: string; leadId: string }> = {};

// shopify-app-remix answers 410 to anything isbot() flags, Node's own user agent included.
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

/** A request as App Bridge sends it from the store's admin: document loads carry `id_token`, fetches a bearer token. */
const as = async (store: Store, path: string, init?: RequestInit) => {
  const request = new Request(`${app.url}${path}`, init);
  request.headers.set("user-agent", BROWSER);
  const type = init?.method && init.method !== "GET" ? RequestType.Bearer : RequestType.Admin;
  return fetch(await setUpValidRequest({ type, store, apiKey: API_KEY, apiSecretKey: WEBHOOK_SECRET }, request), { redirect: "manual" });
};
const page = async (store: Store, path: string) => {
  const response = await as(store, path);
  expect(response.status, path).toBe(200);
  return response.text();
};

/** A store with its offline session (what installation stores) and, unless it is the orphan, its Palompy shop with a conversation and a lead. */
async function install(store: Store, withShop: boolean) {
  const domain = `${store}.myshopify.com`;
  const session = setUpValidSession({ shop: domain, expires: undefined, scope: SCOPES, isOnline: false, id: `offline_${domain}`, accessToken: `token-${store}` });
  await new PrismaSessionStorage(app.context.db.prisma).storeSession(session);
  if (!withShop) return;
  const prisma = app.context.db.prisma;
  const shop = await ensurePlatformShop(prisma, { platform: "shopify", domain, name: `${store} shop` });
  const conversationId = randomUUID();
  const sessionId = randomUUID();
  await prisma.chatLog.create({
    data: { shopId: shop.id, sessionId, conversationId, message: `Question asked at ${store}`, answer: "…", language: "en", provider: "offline", retrievalMs: 1, generationMs: 1 },
  });
  const lead = await prisma.lead.create({ data: { shopId: shop.id, sessionId, email: `buyer@${store}.example` } });
  shops[store] = { id: shop.id, publicKey: shop.publicKey, conversationId, leadId: lead.id };
}

beforeAll(async () => {
  app = await startTestApp({
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: WEBHOOK_SECRET,
    SHOPIFY_APP_URL: "https://palompy.example.com",
    SCOPES,
    PALOMPY_EMBEDDER: "local",
  });
  await install(STORES.alpine, true);
  await install(STORES.borea, true);
  await install(STORES.orphan, false);
});
afterAll(() => app?.close());

describe("embedded console (/app/*)", () => {
  it("lists the console pages in App Bridge's NavMenu", async () => {
    const html = await page(STORES.alpine, "/app");
    for (const path of ["/app/conversations", "/app/leads", "/app/knowledge", "/app/surveys", "/app/analytics", "/app/settings", "/app/install"]) {
      expect(html, path).toContain(`href="${path}"`);
    }
  });

  it("renders every page for the session's shop", async () => {
    for (const path of ["/app/conversations", "/app/leads", "/app/knowledge", "/app/surveys", "/app/surveys/new", "/app/analytics", "/app/settings", "/app/install"]) {
      const html = await page(STORES.alpine, path);
      expect(html, path).toMatch(/<link rel="stylesheet" href="\/assets\/styles-[^"]+\.css"/);
    }
    expect(await page(STORES.alpine, "/app/install")).toContain(shops[STORES.alpine].publicKey);
  });

  it("each store sees its own conversations and leads, never the other's", async () => {
    for (const [mine, theirs] of [
      [STORES.alpine, STORES.borea],
      [STORES.borea, STORES.alpine],
    ] as const) {
      const conversations = await page(mine, "/app/conversations");
      expect(conversations).toContain(`Question asked at ${mine}`);
      expect(conversations).not.toContain(`Question asked at ${theirs}`);
      // Links stay inside the embedded app.
      expect(conversations).toContain(`href="/app/conversations/${shops[mine].conversationId}"`);
      expect(await page(mine, `/app/conversations/${shops[mine].conversationId}`)).toContain(`Question asked at ${mine}`);
      expect((await as(mine, `/app/conversations/${shops[theirs].conversationId}`)).status).toBe(404);

      const leads = await page(mine, "/app/leads");
      expect(leads).toContain(`buyer@${mine}.example`);
      expect(leads).not.toContain(`buyer@${theirs}.example`);
      const csv = await as(mine, "/app/leads.csv");
      expect(csv.status).toBe(200);
      expect(csv.headers.get("content-type")).toContain("text/csv");
      const rows = await csv.text();
      expect(rows).toContain(`buyer@${mine}.example`);
      expect(rows).not.toContain(`buyer@${theirs}.example`);
    }
  });

  it("changes a lead's status with the session token alone, but not another store's lead", async () => {
    const prisma = app.context.db.prisma;
    const own = await as(STORES.alpine, "/app/leads", { method: "POST", body: new URLSearchParams({ leadId: shops[STORES.alpine].leadId, status: "contacted" }) });
    expect(own.status).toBe(200);
    expect((await prisma.lead.findUniqueOrThrow({ where: { id: shops[STORES.alpine].leadId } })).status).toBe("contacted");
    const foreign = await as(STORES.alpine, "/app/leads", { method: "POST", body: new URLSearchParams({ leadId: shops[STORES.borea].leadId, status: "closed" }) });
    expect(foreign.status).toBe(404);
    expect((await prisma.lead.findUniqueOrThrow({ where: { id: shops[STORES.borea].leadId } })).status).toBe("new");
  });

  it("a settings change made in the embedded page is stored and reaches the widget config", async () => {
    const bad = await as(STORES.borea, "/app/settings", { method: "POST", body: new URLSearchParams({ "greeting.en": "Hi", "contact.email": "nope" }) });
    expect(bad.status).toBe(422);
    const saved = await as(STORES.borea, "/app/settings", { method: "POST", body: new URLSearchParams({ "greeting.en": "Welcome to Borea!", "greeting.ru": "Добро пожаловать в Borea!", position: "bottom-left" }) });
    expect(saved.status).toBe(200);
    const config = await (await fetch(`${app.url}/api/widget/config?shopPublicKey=${shops[STORES.borea].publicKey}`)).json();
    expect(config).toMatchObject({ greeting: { en: "Welcome to Borea!", ru: "Добро пожаловать в Borea!" }, position: "bottom-left" });
    const settingsHtml = await page(STORES.borea, "/app/settings");
    expect(settingsHtml).toContain("Welcome to Borea!");
    // App Bridge's save bar: the admin shows its own Save/Discard while the form has changes.
    expect(settingsHtml).toMatch(/<form[^>]*data-save-bar=""/);
    expect(await page(STORES.alpine, "/app/settings")).not.toContain("Welcome to Borea!");
  });

  it("creates a survey and opens its editor, results and CSV under /app/surveys", async () => {
    const survey = { title: { en: "Embedded survey" }, questions: [{ id: "nps", type: "nps", text: { en: "Would you recommend us?" } }] };
    const created = await as(STORES.alpine, "/app/surveys/new", { method: "POST", body: new URLSearchParams({ intent: "save", survey: JSON.stringify(survey) }) });
    expect(created.status).toBe(302);
    const location = created.headers.get("location") ?? "";
    expect(location).toMatch(/^\/app\/surveys\/[\w-]+$/);
    const surveyId = location.split("/").pop()!;
    expect(await page(STORES.alpine, "/app/surveys")).toContain(`href="/app/surveys/${surveyId}"`);
    expect(await page(STORES.alpine, location)).toContain("Would you recommend us?");
    expect(await page(STORES.alpine, `${location}/results`)).toContain("Embedded survey");
    expect((await as(STORES.alpine, `${location}/results.csv`)).status).toBe(200);
    // The other store cannot open it.
    expect((await as(STORES.borea, location)).status).toBe(404);
    expect((await as(STORES.borea, `${location}/results.csv`)).status).toBe(404);
  });

  it("gives no data without a valid session token, and 404 to a store without a Palompy shop", async () => {
    for (const path of ["/app/conversations", "/app/leads", "/app/leads.csv", "/app/settings"]) {
      const bare = await fetch(`${app.url}${path}`, { redirect: "manual", headers: { "user-agent": BROWSER } });
      expect(bare.status, path).not.toBe(200);
      expect(await bare.text(), path).not.toMatch(/buyer@|Question asked at/);
      const forged = await fetch(`${app.url}${path}`, { redirect: "manual", headers: { "user-agent": BROWSER, authorization: "Bearer not.a.token" } });
      expect(forged.status, path).not.toBe(200);
      expect(await forged.text(), path).not.toMatch(/buyer@|Question asked at/);
    }
    const posted = await fetch(`${app.url}/app/settings`, { method: "POST", body: new URLSearchParams({ greeting: "Forged" }), headers: { "user-agent": BROWSER } });
    expect(posted.status).not.toBe(200);
    expect(JSON.stringify(await app.context.db.prisma.shop.findMany({ select: { settings: true } }))).not.toContain("Forged");

    const orphan = await as(STORES.orphan, "/app/leads.csv");
    expect(orphan.status).toBe(404);
    expect(await orphan.json()).toMatchObject({ message: expect.stringContaining("no Palompy shop") });
    expect((await as(STORES.orphan, "/app/conversations")).status).toBe(404);
  });
});
