import { RequestType, setUpValidRequest, setUpValidSession } from "@shopify/shopify-api/test-helpers";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../support/app-server";
import { WEBHOOK_SECRET } from "../support/shopify-webhooks";
import { ConsoleClient } from "../console/console-client";

/**
 * Issue 16 item 13, with Shopify configured: the standalone console is never framed and runs only
 * its own scripts; the embedded admin is framed only by Shopify's admin and the session's own store.
 */
const API_KEY = "headers-api-key";
const STORE = "headers-store";
const SCOPES = "read_products,read_inventory,read_content,read_legal_policies";
// shopify-app-remix answers 410 to anything isbot() flags, Node's own user agent included.
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ SHOPIFY_API_KEY: API_KEY, SHOPIFY_API_SECRET: WEBHOOK_SECRET, SHOPIFY_APP_URL: "https://palompy.example.com", SCOPES, PALOMPY_EMBEDDER: "local" });
  const domain = `${STORE}.myshopify.com`;
  const session = setUpValidSession({ shop: domain, expires: undefined, scope: SCOPES, isOnline: false, id: `offline_${domain}`, accessToken: "token" });
  await new PrismaSessionStorage(app.context.db.prisma).storeSession(session);
  await app.context.db.prisma.shop.create({ data: { name: "Headers shop", platform: "shopify", domain } });
});
afterAll(() => app?.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers: { "user-agent": BROWSER, ...headers }, redirect: "manual" });

function expectConsoleHeaders(response: Response, path: string) {
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp, path).toContain("frame-ancestors 'none'");
  expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
  expect(csp, path).toContain("object-src 'none'");
  expect(csp, path).not.toContain("myshopify.com");
  expect(response.headers.get("x-frame-options"), path).toBe("DENY");
  expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
  expect(response.headers.get("referrer-policy"), path).toBe("same-origin");
}

describe("the standalone console (/admin)", () => {
  it("/admin/login?shop=attacker.myshopify.com is not framable by that store, nor by anyone", async () => {
    const response = await get("/admin/login?shop=attacker.myshopify.com");
    expect(response.status).toBe(200);
    expectConsoleHeaders(response, "/admin/login?shop=…");
    expect(response.headers.get("content-security-policy")?.match(/frame-ancestors/g)).toHaveLength(1);
  });

  it("every inline script of a console page carries the response's nonce, a fresh one each time", async () => {
    const first = await get("/admin/login");
    const nonce = /'nonce-([^']+)'/.exec(first.headers.get("content-security-policy")!)![1];
    const html = await first.text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inline.length).toBeGreaterThan(0);
    for (const [, attributes] of inline) expect(attributes).toContain(`nonce="${nonce}"`);
    const second = /'nonce-([^']+)'/.exec((await get("/admin/login")).headers.get("content-security-policy")!)![1];
    expect(second).not.toBe(nonce);
  });

  it("redirects, data requests, downloads and errors under /admin get the headers too", async () => {
    for (const path of ["/admin", "/admin/leads.csv", "/admin/login.data", "/admin/no-such-page"]) expectConsoleHeaders(await get(path), path);
  });

  it("a logged-in console page has them", async () => {
    const client = new ConsoleClient(app.url);
    expect((await client.logIn(TEST_ADMIN_TOKEN)).status).toBe(302);
    const picker = await client.get("/admin/login?pick=1");
    expect(await picker.text()).toContain("Headers shop");
    expectConsoleHeaders(picker, "/admin/login?pick=1");
  });
});

describe("the embedded admin (/app)", () => {
  const frameAncestors = (response: Response) => /frame-ancestors ([^;]*)/.exec(response.headers.get("content-security-policy") ?? "")?.[1]?.trim().split(/\s+/) ?? [];

  it("is framed by Shopify's admin and the session's own store only", async () => {
    const request = await setUpValidRequest({ type: RequestType.Admin, store: STORE, apiKey: API_KEY, apiSecretKey: WEBHOOK_SECRET }, new Request(`${app.url}/app/leads`, { headers: { "user-agent": BROWSER } }));
    const response = await fetch(request, { redirect: "manual" });
    expect(response.status).toBe(200);
    const ancestors = frameAncestors(response);
    expect(ancestors).toContain("https://admin.shopify.com");
    expect(ancestors).toContain(`https://${STORE}.myshopify.com`);
    expect(ancestors.filter((origin) => origin.endsWith(".myshopify.com"))).toEqual([`https://${STORE}.myshopify.com`]);
  });

  it("a session's page with another store in ?shop= is not framable by that store (the library sends it out of the frame)", async () => {
    const request = await setUpValidRequest({ type: RequestType.Admin, store: STORE, apiKey: API_KEY, apiSecretKey: WEBHOOK_SECRET }, new Request(`${app.url}/app/leads`, { headers: { "user-agent": BROWSER } }));
    const url = new URL(request.url);
    url.searchParams.set("shop", "attacker.myshopify.com");
    const response = await fetch(new Request(url, { headers: request.headers }), { redirect: "manual" });
    expect(frameAncestors(response)).not.toContain("https://attacker.myshopify.com");
  });

  it("without ?shop= it still says who may frame it", async () => {
    for (const path of ["/app", "/app/leads"]) {
      const response = await get(path);
      expect(frameAncestors(response), `${path} → ${response.status}`).toEqual(["https://admin.shopify.com"]);
    }
  });
});
