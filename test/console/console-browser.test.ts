// The merchant console in Chromium: log in, change the greeting and see it in the widget on /demo,
// see the shopper's conversation and handoff in the console; axe-core on every page (0 serious
// violations, no sideways scroll), at desktop and phone (390 px) widths. Screenshots go to test-results/console/.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../support/app-server";
import { launchBrowser, recordConsole, ROOT, widget } from "../widget/browser";
import { seriousViolations } from "./axe";
import { closeWithin } from "../support/bounded-teardown";

const SHOTS = path.join(ROOT, "test-results/console");
const shot = (name: string) => {
  mkdirSync(SHOTS, { recursive: true });
  return path.join(SHOTS, name);
};

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp({ PALOMPY_DEMO: "1", PALOMPY_RATE_PUBLIC_PER_IP: "100000", PALOMPY_RATE_ADMIN_PER_IP: "100000" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeWithin(30_000, "browser.close", () => browser?.close());
  await closeWithin(60_000, "app.close", () => app?.close());
});

async function checkPage(page: Page, name: string) {
  await page.waitForLoadState("networkidle");
  expect(await seriousViolations(page), name).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} fits the viewport`).toBeLessThanOrEqual(page.viewportSize()!.width);
  await page.screenshot({ path: shot(`${name}.png`), fullPage: true });
}

describe("merchant console in Chromium", () => {
  it("logs in, changes the greeting (seen by the widget on /demo), and shows the shopper's conversation and handoff", async () => {
    const console_ = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await console_.newPage();
    const log = recordConsole(page);

    await page.goto(`${app.url}/admin`);
    await expect.poll(() => page.url()).toMatch(/\/admin\/login$/);
    await checkPage(page, "01-login");
    await page.getByLabel("API key").fill(TEST_ADMIN_TOKEN);
    await page.getByRole("button", { name: "Log in" }).click();
    // The demo has one shop: the admin token opens it without a "Choose a shop" step.
    await page.getByText("Overview of the last 30 days").waitFor();
    expect(new URL(page.url()).pathname).toBe("/admin");
    await checkPage(page, "03-overview");

    await page.goto(`${app.url}/admin/settings`);
    const greeting = page.getByLabel("Greeting (English)");
    await greeting.fill("Welcome to the Palompy demo — ask me anything!");
    await page.getByLabel("Email", { exact: true }).first().fill("help@demo.example");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Settings saved.").waitFor();
    await checkPage(page, "04-settings");

    // The shopper's side: a fresh browser sees the new greeting without any storefront change.
    const shopper = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const store = await shopper.newPage();
    await store.goto(`${app.url}/demo/?lang=en`);
    await widget(store, ".launcher").click();
    await widget(store, ".panel").waitFor({ state: "visible" });
    await expect.poll(() => widget(store, ".msg.bot .text").first().textContent()).toBe("Welcome to the Palompy demo — ask me anything!");
    await widget(store, "#pw-input").fill("Can I talk to a human about a corporate order?");
    await store.keyboard.press("Enter");
    const form = widget(store, "form.handoff");
    await form.waitFor({ timeout: 20_000 });
    await widget(store, "form.handoff input[name=name]").fill("Olga");
    await widget(store, "form.handoff input[name=email]").fill("olga@example.com");
    await widget(store, "form.handoff textarea[name=message]").fill("20 jackets for our team");
    await widget(store, "form.handoff button[type=submit]").click();
    await expect.poll(() => widget(store, ".msg.bot .text").last().textContent()).toBe("Thank you! The store will contact you soon.");
    await store.screenshot({ path: shot("05-widget-handoff-390.png") });
    await shopper.close();

    await page.goto(`${app.url}/admin/conversations`);
    const row = page.getByRole("link", { name: "Can I talk to a human about a corporate order?" });
    await row.waitFor();
    await checkPage(page, "06-conversations");
    await row.click();
    await page.getByText("Shopper: Can I talk to a human about a corporate order?").waitFor();
    await checkPage(page, "07-transcript");

    await page.goto(`${app.url}/admin/leads`);
    await page.getByText("olga@example.com").first().waitFor();
    await checkPage(page, "08-leads");
    for (const [url, name] of [
      ["/admin/knowledge", "09-knowledge"],
      ["/admin/knowledge/product/1001", "09b-knowledge-item"],
      ["/admin/revenue", "09c-revenue"],
      ["/admin/install", "10-install"],
    ] as const) {
      await page.goto(`${app.url}${url}`);
      await checkPage(page, name);
    }
    expect(log.errors).toEqual([]);
    await console_.close();
  });

  it("is usable at 390 px: the navigation opens as a drawer and every page passes axe", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    await page.goto(`${app.url}/admin/login`);
    await page.getByLabel("API key").fill(TEST_ADMIN_TOKEN);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("Overview of the last 30 days").waitFor();
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);
    await page.getByRole("button", { name: "Toggle menu" }).click();
    await page.getByRole("navigation").getByRole("link", { name: "Leads", exact: true }).click();
    await page.waitForURL(/\/admin\/leads$/);
    await checkPage(page, "11-leads-390");
    for (const [url, name] of [
      ["/admin/settings", "12-settings-390"],
      ["/admin/conversations", "13-conversations-390"],
      ["/admin/knowledge", "14-knowledge-390"],
      ["/admin/knowledge/product/1001", "14b-knowledge-item-390"],
      ["/admin/install", "15-install-390"],
      ["/admin/analytics", "16-analytics-390"],
      ["/admin/revenue", "17-revenue-390"],
    ] as const) {
      await page.goto(`${app.url}${url}`);
      await checkPage(page, name);
    }
    await phone.close();
  });
});
