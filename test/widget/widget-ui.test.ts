// The widget in a real browser against a tiny scripted backend: streaming, errors and retry,
// offline, leads, persistence across pages, attribute warnings, Shopify add to cart and the analytics beacon.
import { readFileSync, readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildWidgetInto, launchBrowser, recordConsole, widget } from "./browser";

const KEY = "9b2f1c1e-7a55-4c1e-9d0f-2f5a4f3c8e11";
type Mode = "stream" | "fail" | "rate" | "lead" | "hostile-links" | "shopify";
let mode: Mode = "stream";
const analytics: any[] = [];
const chatRequests: any[] = [];
const cartAdds: { path: string; body: any }[] = [];

const storePage = (attrs: string, title = "Store") =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><a id="next" href="/store?page=2">Next page</a><script src="/widget.js" defer ${attrs}></script></body></html>`;

/** Links stored before the import checked them with the URL parser (issue 8 item 7). */
const HOSTILE_SOURCES = [
  { type: "product", id: "1002", title: "Phish", url: "/\\evil.example/phish", image: "/\t/evil.example/tab.png" },
  { type: "policy", id: "returns", title: "Returns", url: "/\t/evil.example/tab" },
  { type: "faq", id: "faq-1", title: "Delivery", url: "/faq#delivery" },
];

/** What a Shopify-synced shop answers: product GIDs as ids, the cart variant's number beside them. */
const SHOPIFY_SOURCES = [
  { type: "product", id: "gid://shopify/Product/8123456789", variantId: "45012345678901", title: "Storm Pro 3L jacket", url: "/p/storm", price: "189.00", currency: "USD" },
  // Sold out: no variant on sale, so no Add to cart.
  { type: "product", id: "gid://shopify/Product/8123456790", title: "Breeze shell", url: "/p/breeze", price: "99.00", currency: "USD" },
];

function frames(): string[] {
  const source = { type: "product", id: "1001", title: "Storm Pro 3L jacket", url: "/p/storm", price: "18990.00", currency: "RUB", image: "/img.svg" };
  const sources = mode === "hostile-links" ? [source, ...HOSTILE_SOURCES] : mode === "shopify" ? SHOPIFY_SOURCES : [source];
  const out = [`event: sources\ndata: ${JSON.stringify({ sources })}\n\n`];
  for (const text of ["Hel", "lo ", "there"]) out.push(`event: token\ndata: ${JSON.stringify({ text })}\n\n`);
  const collectedData = mode === "lead" ? { email: "anna@example.com", name: "Anna" } : {};
  if (mode === "lead") out.push(`event: lead\ndata: ${JSON.stringify({ collectedData })}\n\n`);
  const answer = mode === "hostile-links" ? "Hello there [here](/\\evil.example/x) [ok](/p/storm)" : "Hello there";
  out.push(`event: done\ndata: ${JSON.stringify({ answer, sources, collectedData, language: "en", messageId: "6f1d2c3b-1111-4222-8333-944455556666", conversationId: "x", sessionIdleHours: 6 })}\n\n`);
  return out;
}

async function body(req: http.IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : undefined;
}

let server: http.Server;
let base: string;
let browser: Browser;
let widgetDir: string;

beforeAll(async () => {
  widgetDir = buildWidgetInto();
  server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const send = (status: number, type: string, content: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": type, ...headers });
      res.end(content);
    };
    if (url.pathname === "/store") return send(200, "text/html", storePage(`data-shop-id="${KEY}" data-prompts='["Where is my order?"]' data-perks='{"freeShippingFrom":"50 €","returnsDays":14}'`, `Store ${url.searchParams.get("page") ?? 1}`));
    if (url.pathname === "/store-shopify") {
      // A Shopify storefront under a Markets locale prefix: the cart lives at /en/cart/add.js.
      const shopify = `<script>window.Shopify = { shop: "x.myshopify.com", routes: { root: "/en/" } };</script>`;
      return send(200, "text/html", storePage(`data-shop-id="${KEY}"`, "Shopify store").replace("<body>", `<body>${shopify}`));
    }
    if (url.pathname === "/en/cart/add.js") {
      cartAdds.push({ path: url.pathname, body: await body(req) });
      return send(200, "application/json", JSON.stringify({ items: [] }));
    }
    if (url.pathname === "/store-no-key") return send(200, "text/html", storePage(`data-prompts='["x"]'`));
    if (url.pathname === "/store-bad-attrs") {
      return send(200, "text/html", storePage(`data-shop-id="${KEY}" data-prompts="[not json" data-perks='["x"]' data-position="top" data-color="notacolor" data-api-base="ftp://x" data-lang="de"`));
    }
    if (url.pathname === "/widget.js") return send(200, "application/javascript", readFileSync(path.join(widgetDir, "widget.js")));
    if (url.pathname.startsWith("/widget/")) return send(200, "application/javascript", readFileSync(path.join(widgetDir, path.basename(url.pathname))));
    if (url.pathname === "/img.svg") return send(200, "image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    if (url.pathname === "/api/analytics/events") {
      analytics.push(await body(req));
      return send(202, "application/json", "{}");
    }
    if (url.pathname === "/api/surveys/active") return send(200, "application/json", JSON.stringify({ survey: null }));
    // The console's settings: none set, so the snippet's attributes and the defaults apply.
    if (url.pathname === "/api/widget/config") return send(200, "application/json", JSON.stringify({ greeting: null, quickPrompts: {}, perks: {} }));
    if (url.pathname === "/api/chat/feedback") return send(200, "application/json", "{}");
    if (url.pathname === "/api/chat") {
      chatRequests.push(await body(req));
      if (mode === "fail") return send(500, "application/json", JSON.stringify({ error: { code: "internal_error", message: "boom" } }));
      if (mode === "rate") return send(429, "application/json", JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }), { "retry-after": "7" });
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const frame of frames()) {
        res.write(frame);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      return res.end();
    }
    send(404, "text/plain", "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

let context: BrowserContext;
let page: Page;
beforeEach(async () => {
  mode = "stream";
  await context?.close();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
});

async function openAndAsk(text: string) {
  await page.goto(`${base}/store`);
  await widget(page, ".launcher").click();
  await widget(page, "textarea").fill(text);
  await widget(page, "textarea").press("Enter");
}

/** The `done` event arrived: the feedback buttons only appear then (the text is complete earlier). */
async function answered() {
  await widget(page, ".msg.bot .vote").last().waitFor({ timeout: 5000 });
  expect(await widget(page, ".msg.bot .text").last().textContent()).toBe("Hello there");
}

describe("widget UI against a scripted backend", () => {
  it("ships only the loader before the chat is opened", async () => {
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(`${base}/store`);
    await widget(page, ".launcher").waitFor();
    await page.waitForTimeout(300);
    expect(scripts).toEqual(["/widget.js"]);
    expect(readdirSync(widgetDir).some((f) => /^widget-chat\.[0-9a-f]{12}\.js$/.test(f))).toBe(true);
  });

  it("renders tokens as they stream, then product cards and feedback", async () => {
    await openAndAsk("Hi");
    const text = widget(page, ".msg.bot .text").last();
    await expect.poll(() => text.textContent(), { timeout: 5000 }).toMatch(/^Hel/);
    // Seen partially before the stream finished.
    expect(await text.textContent()).not.toBe("Hello there");
    await expect.poll(() => text.textContent(), { timeout: 5000 }).toBe("Hello there");
    const card = widget(page, ".card").first();
    expect(await card.locator(".title").textContent()).toBe("Storm Pro 3L jacket");
    expect(await card.locator(".title").getAttribute("href")).toBe("/p/storm");
    expect(await card.locator(".price").textContent()).toMatch(/18[,\s\u00a0]?990/);
    expect(await card.locator("img").getAttribute("src")).toBe("/img.svg");
    // No window.Shopify on this page: no add-to-cart button.
    expect(await card.getByText("Add to cart").count()).toBe(0);
    await widget(page, ".vote[data-vote=up]").click();
    expect(await widget(page, ".vote[data-vote=up]").getAttribute("aria-pressed")).toBe("true");
    expect(chatRequests.at(-1)).toMatchObject({ shopPublicKey: KEY, message: "Hi", lang: "en", page: { title: "Store 1" } });
    expect(chatRequests.at(-1).sessionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("renders no link or image that leaves the shop through a path that only looks site-relative", async () => {
    mode = "hostile-links";
    await openAndAsk("Hi");
    await widget(page, ".msg.bot .vote").last().waitFor({ timeout: 5000 });
    const hrefs = await widget(page, ".msg.bot a").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    const srcs = await widget(page, ".msg.bot img").evaluateAll((images) => images.map((img) => (img as HTMLImageElement).src));
    expect(hrefs.length).toBeGreaterThan(0);
    expect([...hrefs, ...srcs].filter((url) => new URL(url).host !== new URL(base).host)).toEqual([]);
    expect(hrefs).toContain(`${base}/faq#delivery`);
    expect(hrefs).toContain(`${base}/p/storm`);
    // The phishing card still shows its title, just not as a link.
    expect(await widget(page, ".card span.title").textContent()).toBe("Phish");
  });

  it("starts a new session id after the conversation's idle window, keeps it within", async () => {
    const known = "0b7e3f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
    const at = async (hoursAgo: number, idleHours: number) => {
      await page.goto(`${base}/store`);
      await page.evaluate(
        ([key, sid, active]) => {
          localStorage.setItem(`palompy:${key}:sid`, JSON.stringify(sid));
          localStorage.setItem(`palompy:${key}:active`, JSON.stringify(active));
        },
        [KEY, known, { at: Date.now() - hoursAgo * 3_600_000, idleHours }] as const,
      );
      await page.reload();
      await widget(page, ".launcher").waitFor();
      return page.evaluate(() => (window as any).PalompyWidget.sessionId as string);
    };
    expect(await at(1, 24)).toBe(known);
    expect(await at(25, 24)).not.toBe(known);
    expect(await at(7, 6)).not.toBe(known);

    // A reply tells the widget the server's window; the turn counts as activity.
    await widget(page, ".launcher").click();
    await widget(page, "textarea").fill("Hi");
    await widget(page, "textarea").press("Enter");
    await answered();
    const active = await page.evaluate((key) => JSON.parse(localStorage.getItem(`palompy:${key}:active`)!), KEY);
    expect(active.idleHours).toBe(6);
    expect(Date.now() - active.at).toBeLessThan(60_000);
  });

  it("on Shopify, Add to cart sends the source's variant number, never the product GID", async () => {
    mode = "shopify";
    cartAdds.length = 0;
    await page.goto(`${base}/store-shopify`);
    await page.evaluate(() => {
      (window as any).__cartAdds = [];
      document.addEventListener("palompy:cart-add", (e) => (window as any).__cartAdds.push((e as CustomEvent).detail));
    });
    await widget(page, ".launcher").click();
    await widget(page, "textarea").fill("A rain jacket?");
    await widget(page, "textarea").press("Enter");
    await answered();
    const [storm, breeze] = [widget(page, ".card").nth(0), widget(page, ".card").nth(1)];
    expect(await breeze.locator(".title").textContent()).toBe("Breeze shell");
    expect(await breeze.getByText("Add to cart").count()).toBe(0);
    await storm.getByText("Add to cart").click();
    await expect.poll(() => storm.locator("[role=status]").textContent(), { timeout: 5000 }).toBe("Added to cart");
    expect(cartAdds).toEqual([{ path: "/en/cart/add.js", body: { items: [{ id: 45012345678901, quantity: 1 }] } }]);
    expect(await page.evaluate(() => (window as any).__cartAdds)).toEqual([{ variantId: "45012345678901", productId: "gid://shopify/Product/8123456789" }]);
  });

  it("fires palompy:lead and onLead callbacks with the collected data", async () => {
    await page.goto(`${base}/store`);
    await page.evaluate(() => {
      (window as any).__leads = [];
      document.addEventListener("palompy:lead", (e) => (window as any).__leads.push({ via: "event", ...(e as CustomEvent).detail }));
      (window as any).PalompyWidget.onLead((lead: any) => (window as any).__leads.push({ via: "callback", ...lead }));
    });
    mode = "lead";
    await page.evaluate(() => (window as any).PalompyWidget.send("my email is anna@example.com"));
    await expect.poll(() => page.evaluate(() => (window as any).__leads.length), { timeout: 5000 }).toBe(2);
    const leads = await page.evaluate(() => (window as any).__leads);
    expect(leads[0]).toMatchObject({ via: "event", email: "anna@example.com", name: "Anna", phone: null, pageUrl: `${base}/store` });
    expect(leads[0].sessionId).toBe(await page.evaluate(() => (window as any).PalompyWidget.sessionId));
    expect(leads[1]).toMatchObject({ via: "callback", email: "anna@example.com" });
  });

  it("shows an error with a working retry, and the server's wait time when rate-limited", async () => {
    mode = "fail";
    await openAndAsk("Hi");
    const retry = widget(page, "button.retry");
    await retry.waitFor();
    mode = "stream";
    await retry.click();
    await answered();
    expect(await widget(page, "button.retry").count()).toBe(0);

    mode = "rate";
    await widget(page, "textarea").fill("again");
    await widget(page, "textarea").press("Enter");
    await expect.poll(() => widget(page, ".msg.failed .err").textContent(), { timeout: 5000 }).toContain("7");
  });

  it("shows the offline state and blocks sending until the connection is back", async () => {
    await page.goto(`${base}/store`);
    await widget(page, ".launcher").click();
    await widget(page, "textarea").waitFor();
    expect(await widget(page, ".offline").isVisible()).toBe(false);
    await context.setOffline(true);
    await widget(page, ".offline").waitFor({ state: "visible" });
    expect(await widget(page, "button.send").isDisabled()).toBe(true);
    await context.setOffline(false);
    await widget(page, ".offline").waitFor({ state: "hidden" });
    expect(await widget(page, "button.send").isDisabled()).toBe(false);
  });

  it("keeps the open conversation across store pages", async () => {
    await openAndAsk("Hi");
    await answered();
    await page.click("#next");
    await page.waitForURL(/page=2/);
    await widget(page, ".panel").waitFor({ state: "visible" });
    expect(await widget(page, ".msg.user .text").allTextContents()).toEqual(["Hi"]);
    expect(await widget(page, ".msg.bot .text").last().textContent()).toBe("Hello there");
    expect(await widget(page, ".launcher").getAttribute("aria-expanded")).toBe("true");
  });

  it("warns about a missing shop id without touching the page", async () => {
    const log = recordConsole(page);
    await page.goto(`${base}/store-no-key`);
    await page.waitForTimeout(300);
    expect(log.warnings.some((w) => w.includes("data-shop-id"))).toBe(true);
    expect(log.errors).toEqual([]);
    expect(await page.locator("palompy-widget").count()).toBe(0);
    expect(await page.locator("h1").textContent()).toBe("Store");
  });

  it("names every bad attribute in a warning and still works with defaults", async () => {
    const log = recordConsole(page);
    await page.goto(`${base}/store-bad-attrs`);
    await widget(page, ".launcher").waitFor();
    for (const attribute of ["data-prompts", "data-perks", "data-position", "data-color", "data-api-base", "data-lang"]) {
      expect(log.warnings.some((w) => w.includes(attribute)), attribute).toBe(true);
    }
    expect(log.errors).toEqual([]);
    const box = await widget(page, ".launcher").boundingBox();
    expect(box!.x).toBeGreaterThan(1000); // bottom-right default
  });

  it("batches analytics into the beacon endpoint", async () => {
    analytics.length = 0;
    await openAndAsk("Hi");
    await answered();
    await page.goto("about:blank"); // pagehide flushes the queue
    await expect.poll(() => analytics.flatMap((b) => b.events.map((e: any) => e.type)), { timeout: 8000 }).toEqual(
      expect.arrayContaining(["widget_init", "page_view", "widget_toggle", "message_sent", "message_received", "session_duration"]),
    );
    const batch = analytics[0];
    expect(batch.shopPublicKey).toBe(KEY);
    expect(batch.events[0]).toMatchObject({ type: "widget_init", metadata: { language: "en" } });
    expect(typeof batch.events[0].occurredAt).toBe("number");
  });
});
