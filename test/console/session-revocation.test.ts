import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../support/app-server";
import { ConsoleClient } from "./console-client";

/**
 * Issue 16 item 6: the console cookie used to hold {csrf, operator, shopId} and nothing else, so a
 * saved copy kept opening the shop after logout, key rotation or a new operator token. Item 14: a
 * one-time link must not silently switch a logged-in browser to another shop.
 */
let app: TestApp;
type Shop = { id: string; publicKey: string; apiKey: string };
let shop: Shop;
let other: Shop;

beforeAll(async () => {
  app = await startTestApp({ PALOMPY_RATE_ADMIN_PER_IP: "100000", PALOMPY_EMBEDDER: "local" });
  const create = async (name: string) => (await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) })).json()) as Shop;
  shop = await create("Revocation Store");
  other = await create("Attacker Store");
});
afterAll(() => app?.close());

/** What a saved copy of the cookie opens: the leads page (200) or the login (302). */
const replay = async (cookie: string) => (await fetch(`${app.url}/admin/leads`, { headers: { cookie }, redirect: "manual" })).status;

async function loggedIn(key: string): Promise<ConsoleClient> {
  const client = new ConsoleClient(app.url);
  expect((await client.logIn(key)).status).toBe(302);
  return client;
}

async function asOperatorIn(shopId: string): Promise<ConsoleClient> {
  const client = await loggedIn(TEST_ADMIN_TOKEN);
  await client.page("/admin/login?pick=1");
  expect((await client.post("/admin/login", { intent: "pick", shopId })).status).toBe(302);
  return client;
}

async function consoleLink(shopId: string): Promise<string> {
  const response = await app.admin(`/api/shops/${shopId}/console-links`, { method: "POST" });
  const { url } = (await response.json()) as { url: string };
  return new URL(url).pathname + new URL(url).search;
}

const linksUsed = () => app.context.db.prisma.consoleLinkUse.count();

describe("console sessions end on the server", () => {
  it("logout: a saved copy of the cookie no longer opens the shop", async () => {
    const client = await loggedIn(shop.apiKey);
    await client.page("/admin");
    const saved = client.cookieHeader;
    expect(await replay(saved)).toBe(200);
    expect((await client.post("/admin/logout", {})).status).toBe(302);
    expect(await replay(saved)).toBe(302);
  });

  it("key rotation through the admin API ends the sessions of the old key and of one-time links, not the operator's", async () => {
    const byKey = await loggedIn(shop.apiKey);
    const byLink = new ConsoleClient(app.url);
    expect((await byLink.get(await consoleLink(shop.id))).status).toBe(302);
    const operator = await asOperatorIn(shop.id);
    const elsewhere = await loggedIn(other.apiKey);
    for (const client of [byKey, byLink, operator, elsewhere]) expect(await replay(client.cookieHeader)).toBe(200);
    const rotated = await app.admin(`/api/shops/${shop.id}/keys`, { method: "POST" });
    expect(rotated.status).toBe(201);
    shop.apiKey = ((await rotated.json()) as { apiKey: string }).apiKey;
    expect(await replay(byKey.cookieHeader)).toBe(302);
    expect(await replay(byLink.cookieHeader)).toBe(302);
    expect(await replay(operator.cookieHeader)).toBe(200);
    expect(await replay(elsewhere.cookieHeader)).toBe(200);
  });

  it("key rotation from the console keeps the session that asked and ends the shop's others", async () => {
    const asking = await loggedIn(shop.apiKey);
    const another = await loggedIn(shop.apiKey);
    await asking.page("/admin/install");
    const rotated = await asking.post("/admin/install", {});
    expect(rotated.status).toBe(200);
    shop.apiKey = /psk_[\w-]+/.exec(await rotated.text())![0];
    expect(await replay(asking.cookieHeader)).toBe(200);
    expect(await replay(another.cookieHeader)).toBe(302);
  });

  it("a new operator token ends the operator's sessions", async () => {
    const operator = await asOperatorIn(other.id);
    expect(await replay(operator.cookieHeader)).toBe(200);
    const config = app.context.config as { adminToken: string | undefined };
    config.adminToken = "a-rotated-operator-token-0123456789";
    try {
      expect(await replay(operator.cookieHeader)).toBe(302);
      const picker = await fetch(`${app.url}/admin/login?pick=1`, { headers: { cookie: operator.cookieHeader } });
      expect(await picker.text()).not.toContain("Attacker Store");
    } finally {
      config.adminToken = TEST_ADMIN_TOKEN;
    }
  });

  it("a session expires on the server after 12 hours, whatever the browser keeps", async () => {
    const client = await loggedIn(other.apiKey);
    const row = await app.context.db.prisma.consoleSession.findFirstOrThrow({ where: { shopId: other.id }, orderBy: { createdAt: "desc" } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(12 * 3_600_000);
    expect(await replay(client.cookieHeader)).toBe(200);
    // Twelve hours later (the row's clock, not the browser's).
    await app.context.db.prisma.consoleSession.update({ where: { id: row.id }, data: { createdAt: new Date(Date.now() - 12 * 3_600_000 - 1), expiresAt: new Date(Date.now() - 1) } });
    expect(await replay(client.cookieHeader)).toBe(302);
  });

  it("the cookie carries a session token, not the shop, and the database only its hash", async () => {
    const client = await loggedIn(other.apiKey);
    const value = decodeURIComponent(/__palompy_console=([^;]+)/.exec(client.cookieHeader)![1]);
    const payload = Buffer.from(value.slice(0, value.lastIndexOf(".")), "base64").toString("utf8");
    expect(payload).not.toContain(other.id);
    const sid = (JSON.parse(payload) as { sid: string }).sid;
    expect(await app.context.db.prisma.consoleSession.count({ where: { id: sid } })).toBe(0);
  });
});

describe("one-time links and a browser logged in to another shop (login CSRF)", () => {
  it("a plain GET asks for a click and leaves the merchant in their shop; the click switches", async () => {
    const merchant = await loggedIn(shop.apiKey);
    const planted = await consoleLink(other.id);
    const before = await linksUsed();
    const page = await merchant.get(planted);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Open Attacker Store");
    expect(html).toContain("Revocation Store");
    expect(await linksUsed()).toBe(before);
    expect(await merchant.page("/admin")).toContain("Revocation Store");
    // A forged post (no form token of this session) cannot spend it either.
    const token = new URLSearchParams(planted.split("?")[1]).get("token")!;
    expect((await merchant.post("/admin/sso", { token }, { csrf: "forged" })).status).toBe(403);
    expect((await new ConsoleClient(app.url).post("/admin/sso", { token }, { csrf: null })).status).toBe(403);
    expect(await linksUsed()).toBe(before);
    // The merchant's own click, from the page.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
    const click = await merchant.post(planted, { token }, { csrf });
    expect(click.status).toBe(302);
    expect(click.headers.get("location")).toBe("/admin");
    expect(await merchant.page("/admin")).toContain("Attacker Store");
    expect(await linksUsed()).toBe(before + 1);
  });

  it("the operator is asked too", async () => {
    const operator = await asOperatorIn(shop.id);
    const response = await operator.get(await consoleLink(other.id));
    expect(response.status).toBe(200);
    expect(await operator.page("/admin")).toContain("Revocation Store");
  });

  it("a browser logged out, or logged in to the link's own shop, is logged in at once", async () => {
    const fresh = new ConsoleClient(app.url);
    expect((await fresh.get(await consoleLink(shop.id))).headers.get("location")).toBe("/admin");
    const same = await loggedIn(shop.apiKey);
    expect((await same.get(await consoleLink(shop.id))).headers.get("location")).toBe("/admin");
  });

  it("a HEAD does not spend the link", async () => {
    const link = await consoleLink(shop.id);
    const before = await linksUsed();
    const sessions = await app.context.db.prisma.consoleSession.count();
    const head = await fetch(`${app.url}${link}`, { method: "HEAD", redirect: "manual" });
    expect(head.status).toBe(200);
    expect(await linksUsed()).toBe(before);
    expect(await app.context.db.prisma.consoleSession.count()).toBe(sessions);
    const get = await new ConsoleClient(app.url).get(link);
    expect(get.status).toBe(302);
    expect(get.headers.get("location")).toBe("/admin");
  });
});
