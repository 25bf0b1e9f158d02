// The widget on a Shopify storefront that asks for consent (Customer Privacy API), in Chromium
// against the production build's /demo store with `window.Shopify.customerPrivacy` stood in for.
import type { BrowserContext } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appAndBrowserForFile } from "../support/browser-app";
import { widget } from "./browser";

const running = appAndBrowserForFile({ PALOMPY_DEMO: "1" });

/** A storefront whose visitor has (or has not) allowed analytics and preferences, as Shopify's API reports it. */
async function storefront(allowed: boolean): Promise<BrowserContext> {
  const context = await running.browser.newContext();
  await context.addInitScript((granted: boolean) => {
    (window as unknown as { Shopify: unknown }).Shopify = {
      customerPrivacy: { analyticsProcessingAllowed: () => granted, preferencesProcessingAllowed: () => granted },
    };
  }, allowed);
  return context;
}

async function visit(context: BrowserContext) {
  const page = await context.newPage();
  const analytics: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/analytics/events")) analytics.push(request.url());
  });
  await page.goto(`${running.app.url}/demo/`);
  await widget(page, ".launcher").waitFor();
  const sessionId: string = await page.evaluate(() => (window as unknown as { PalompyWidget: { sessionId: string } }).PalompyWidget.sessionId);
  // The chat works whatever the consent.
  await widget(page, ".launcher").click();
  await widget(page, "textarea").fill("Нужна тёплая зимняя куртка");
  await widget(page, "textarea").press("Enter");
  await expect.poll(() => widget(page, ".msg.bot .feedback").count(), { timeout: 20_000 }).toBe(1);
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("palompy:")));
  await page.goto("about:blank"); // pagehide flushes the analytics queue
  return { analytics, sessionId, stored };
}

describe("widget and Shopify's Customer Privacy API", () => {
  it("without consent: the chat answers, no analytics event is sent, nothing is kept beyond the tab", async () => {
    const context = await storefront(false);
    const { analytics, sessionId, stored } = await visit(context);
    expect(await running.app.context.db.prisma.chatLog.count({ where: { sessionId } })).toBe(1);
    // Longer than the tracker's 4 s batching: nothing was queued to send.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(analytics).toEqual([]);
    expect(await running.app.context.db.prisma.widgetEvent.count({ where: { sessionId } })).toBe(0);
    expect(stored).toEqual([]);
    await context.close();
  });

  it("with consent: analytics are recorded and the shopper id is kept across visits", async () => {
    const context = await storefront(true);
    const { sessionId, stored } = await visit(context);
    await expect.poll(() => running.app.context.db.prisma.widgetEvent.count({ where: { sessionId } }), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(stored).toEqual(expect.arrayContaining([expect.stringMatching(/:sid$/)]));
    await context.close();
  });
});
