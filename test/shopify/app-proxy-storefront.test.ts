import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importKnowledge } from "~/knowledge/store.server";
import { startTestApp, type TestApp } from "../support/app-server";
import { signProxyQuery } from "../support/shopify-proxy";
import { WEBHOOK_SECRET } from "../support/shopify-webhooks";
import { launchBrowser, recordConsole, widget } from "../widget/browser";
import { closeWithin } from "../support/bounded-teardown";

/**
 * The theme app extension's widget in Chromium on a fake Shopify storefront that forwards
 * /apps/palompy/* to the app's /proxy/* the way Shopify does (shop, timestamp, path_prefix and a
 * signature added to the query): every API call stays on the store's origin, the chat chunk comes
 * from the app.
 */

const DOMAIN = "proxy-store.myshopify.com";
const EXTENSION_ASSET = path.resolve(__dirname, "../../extensions/palompy-chat/assets/palompy-widget.js");
let app: TestApp;
let browser: Browser;
let store: http.Server;
let storeUrl: string;
let publicKey: string;
const proxied: string[] = [];

/** Shopify's side of the App Proxy: the storefront path below the prefix goes to {app}/proxy, signed. */
async function forward(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  proxied.push(`${req.method} ${url.pathname}`);
  const query = new URLSearchParams(url.search);
  for (const name of ["shop", "timestamp", "signature", "path_prefix", "logged_in_customer_id"]) query.delete(name);
  query.set("shop", DOMAIN);
  query.set("logged_in_customer_id", "");
  query.set("path_prefix", "/apps/palompy");
  query.set("timestamp", String(Math.trunc(Date.now() / 1000)));
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const upstream = await fetch(`${app.url}/proxy${url.pathname.slice("/apps/palompy".length)}?${signProxyQuery(query)}`, {
    method: req.method,
    headers: { "content-type": req.headers["content-type"] ?? "text/plain", accept: req.headers.accept ?? "*/*" },
    body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
  });
  const headers: Record<string, string> = {};
  for (const name of ["content-type", "etag", "cache-control", "retry-after"]) {
    const value = upstream.headers.get(name);
    if (value) headers[name] = value;
  }
  res.writeHead(upstream.status, headers);
  res.end(Buffer.from(await upstream.arrayBuffer()));
}

beforeAll(async () => {
  app = await startTestApp({
    SHOPIFY_API_KEY: "proxy-storefront-key",
    SHOPIFY_API_SECRET: WEBHOOK_SECRET,
    SHOPIFY_APP_URL: "https://palompy.example.com",
    PALOMPY_EMBEDDER: "local",
  });
  const { prisma } = app.context.db;
  const shop = await prisma.shop.create({ data: { name: "Proxy Store", platform: "shopify", domain: DOMAIN } });
  publicKey = shop.publicKey;
  await importKnowledge(
    prisma,
    app.context.embedder,
    shop.id,
    { products: [], faq: [{ id: "ship", question: "Do you ship to Canada?", answer: "Yes, we ship to Canada in 5 days." }], policies: [], pages: [] },
    { mode: "full" },
  );
  // What chat-embed.liquid renders with the App Proxy setting on (its default).
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Store</title></head><body><h1>Store</h1>
<script src="/cdn/palompy-widget.js" defer data-shop-id="${publicKey}" data-api-base="/apps/palompy" data-asset-base="${app.url}" data-lang="en"></script></body></html>`;
  store = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://store.test");
    if (url.pathname === "/") return res.writeHead(200, { "content-type": "text/html" }).end(page);
    if (url.pathname === "/cdn/palompy-widget.js") return res.writeHead(200, { "content-type": "application/javascript" }).end(readFileSync(EXTENSION_ASSET));
    if (url.pathname.startsWith("/apps/palompy/")) {
      return void forward(req, res, url).catch(() => res.writeHead(502).end());
    }
    res.writeHead(url.pathname === "/favicon.ico" ? 204 : 404).end();
  });
  await new Promise<void>((resolve) => store.listen(0, "127.0.0.1", resolve));
  storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeWithin(30_000, "browser.close", () => browser?.close());
  await new Promise((resolve) => store?.close(resolve));
  await closeWithin(60_000, "app.close", () => app?.close());
});

describe("the app embed on a Shopify storefront", () => {
  it("talks to the store's own origin through the App Proxy and loads the chat chunk from the app", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const log = recordConsole(page);
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    page.on("response", (response) => response.status() >= 400 && log.errors.push(`${response.status()} ${response.url()}`));
    await page.goto(`${storeUrl}/`);
    await widget(page, ".launcher").click();
    await widget(page, "textarea").fill("Do you ship to Canada?");
    await widget(page, "textarea").press("Enter");
    await expect.poll(() => widget(page, ".msg.bot .text").last().textContent(), { timeout: 20_000 }).toContain("ship to Canada in 5 days");

    const apiCalls = requests.filter((url) => url.includes("/api/"));
    expect(apiCalls.length).toBeGreaterThan(0);
    for (const url of apiCalls) expect(url.startsWith(`${storeUrl}/apps/palompy/api/`), url).toBe(true);
    expect(requests.some((url) => url.startsWith(`${app.url}/widget/widget-chat.`))).toBe(true);
    expect(proxied).toEqual(expect.arrayContaining(["GET /apps/palompy/api/widget/config", "POST /apps/palompy/api/chat"]));
    expect(log.errors).toEqual([]);
    await context.close();
  });
});
