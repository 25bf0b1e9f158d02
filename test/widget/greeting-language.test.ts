// The greeting and quick prompts in Chromium follow the shopper's language, not the shop's default:
// an English page of a shop whose default is Russian shows the English greeting and prompts, a shop
// that set only a (legacy, plain-string) Russian greeting shows the built-in English one there, and a
// shopper who writes English on the Russian page gets the English greeting on the next page.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeWithin } from "../support/bounded-teardown";
import { startTestApp, type TestApp } from "../support/app-server";
import { launchBrowser, recordConsole, widget } from "./browser";

let app: TestApp;
let browser: Browser;
let store: http.Server;
let storeUrl: string;

const RU_GREETING = "Здравствуйте! Я помогу выбрать палатку.";
const EN_GREETING = "Hello! I can help you pick a tent.";
const PROMPTS = { ru: ["Где мой заказ?", "Какие палатки есть?"], en: ["Where is my order?", "Which tents do you have?"] };
const BUILT_IN_EN = "Hi! I can help you choose a product, explain delivery and returns, or find your order.";

async function createShop(name: string, settings: Record<string, unknown>) {
  const shop = (await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) })).json()) as { id: string; publicKey: string };
  const saved = await app.admin(`/api/shops/${shop.id}/settings`, { method: "PATCH", body: JSON.stringify(settings) });
  expect(saved.status).toBe(200);
  return shop;
}

beforeAll(async () => {
  app = await startTestApp({ PALOMPY_RATE_PUBLIC_PER_IP: "100000" });
  // A storefront on its own origin: only the snippet (no data-lang, data-greeting or data-prompts), the page's lang attribute.
  store = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const lang = url.searchParams.get("lang") === "ru" ? "ru" : "en";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Store</title></head><body><h1>Store</h1><script src="${app.url}/widget.js" defer data-shop-id="${url.searchParams.get("key")}"></script></body></html>`);
  });
  await new Promise<void>((resolve) => store.listen(0, "127.0.0.1", resolve));
  storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeWithin(30_000, "browser.close", () => browser?.close());
  await new Promise<void>((resolve) => store?.close(() => resolve()));
  await closeWithin(60_000, "app.close", () => app?.close());
});

async function openChat(page: Page, url: string) {
  await page.goto(url);
  await widget(page, ".launcher").click();
  await widget(page, ".panel").waitFor({ state: "visible" });
}

const greetingText = (page: Page) => widget(page, ".msg.bot .text").first().textContent();
const promptTexts = (page: Page) => widget(page, ".prompts .chip").allTextContents();

describe("greeting and quick prompts per language", () => {
  it("an English page of a shop whose default is Russian shows the English greeting and English quick prompts; the Russian page the Russian ones", async () => {
    const shop = await createShop("Tents RU", { defaultLanguage: "ru", greeting: { ru: RU_GREETING, en: EN_GREETING }, quickPrompts: PROMPTS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const log = recordConsole(page);
    await openChat(page, `${storeUrl}/?lang=en&key=${shop.publicKey}`);
    await expect.poll(() => greetingText(page)).toBe(EN_GREETING);
    expect(await promptTexts(page)).toEqual(PROMPTS.en);

    const russian = await context.newPage();
    await openChat(russian, `${storeUrl}/?lang=ru&key=${shop.publicKey}`);
    await expect.poll(() => greetingText(russian)).toBe(RU_GREETING);
    expect(await promptTexts(russian)).toEqual(PROMPTS.ru);
    expect(log.errors).toEqual([]);
    await context.close();
  });

  it("a greeting stored as one string counts for the default language only: the English page shows the built-in English greeting", async () => {
    const shop = await createShop("Legacy RU", { defaultLanguage: "ru", greeting: RU_GREETING });
    const context = await browser.newContext();
    const page = await context.newPage();
    await openChat(page, `${storeUrl}/?lang=en&key=${shop.publicKey}`);
    await expect.poll(() => greetingText(page)).toBe(BUILT_IN_EN);
    const russian = await context.newPage();
    await openChat(russian, `${storeUrl}/?lang=ru&key=${shop.publicKey}`);
    await expect.poll(() => greetingText(russian)).toBe(RU_GREETING);
    await context.close();
  });

  it("once the shopper writes English on the Russian page, the chat's greeting is the English one", async () => {
    const shop = await createShop("Switch", { defaultLanguage: "ru", greeting: { ru: RU_GREETING, en: EN_GREETING }, quickPrompts: PROMPTS });
    const context = await browser.newContext();
    const page = await context.newPage();
    await openChat(page, `${storeUrl}/?lang=ru&key=${shop.publicKey}`);
    await expect.poll(() => greetingText(page)).toBe(RU_GREETING);
    await widget(page, "textarea").fill("What is your cheapest sleeping bag?");
    await widget(page, "textarea").press("Enter");
    await expect.poll(() => widget(page, ".msg.bot .feedback").count(), { timeout: 20_000 }).toBe(1);
    // The next page of the same visit: the conversation carries over, greeted in its own language.
    await page.reload();
    // The chat was open: it reopens by itself on the next page.
    await widget(page, ".panel").waitFor({ state: "visible" });
    await expect.poll(() => greetingText(page)).toBe(EN_GREETING);
    await context.close();
  });
});
