// Issue 21, the holdout in a real browser against the production build's /demo store: each visitor
// is assigned once, a control visitor never sees the launcher (nor opens the chat through the page's
// API), and both groups report their page views with the group.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";
import { closeWithin } from "../support/bounded-teardown";
import { launchBrowser, widget } from "./browser";

let app: TestApp;
let browser: Browser;
let demo: { shopId: string; publicKey: string };

beforeAll(async () => {
  app = await startTestApp({ PALOMPY_DEMO: "1", PALOMPY_RATE_PUBLIC_PER_IP: "100000" });
  demo = app.report.demo!;
  const patched = await app.admin(`/api/shops/${demo.shopId}/settings`, { method: "PATCH", body: JSON.stringify({ holdoutPercent: 50 }) });
  expect(patched.status).toBe(200);
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeWithin(30_000, "browser.close", () => browser?.close());
  await closeWithin(60_000, "app.close", () => app?.close());
});

async function visit(preset: "treatment" | "control" | null) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  if (preset) {
    await context.addInitScript(([key, group]) => localStorage.setItem(`palompy:${key}:holdout`, JSON.stringify({ group, at: 1 })), [demo.publicKey, preset] as const);
  }
  const page = await context.newPage();
  await page.goto(`${app.url}/demo/?lang=en`);
  await page.waitForFunction(() => (window as unknown as { PalompyWidget?: unknown }).PalompyWidget !== undefined);
  const sessionId = await page.evaluate(() => (window as unknown as { PalompyWidget: { sessionId: string } }).PalompyWidget.sessionId);
  return { context, page, sessionId };
}

const pageViews = (sessionId: string) =>
  expect.poll(async () => (await app.context.db.prisma.widgetEvent.findMany({ where: { shopId: demo.shopId, sessionId, type: "page_view" } })).map((event) => (event.metadata as { holdoutGroup?: string }).holdoutGroup), { timeout: 15_000 });

describe("the holdout in the widget", () => {
  it("a control visitor never sees the launcher and cannot open the chat, and reports its page view as control", async () => {
    const { context, page, sessionId } = await visit("control");
    await pageViews(sessionId).toEqual(["control"]);
    expect(await widget(page, ".launcher").isVisible()).toBe(false);
    await page.evaluate(() => (window as unknown as { PalompyWidget: { open(): void } }).PalompyWidget.open());
    await page.waitForTimeout(500);
    expect(await widget(page, "textarea").count()).toBe(0);
    await context.close();
  });

  it("a treatment visitor sees the assistant and reports its page view as treatment", async () => {
    const { context, page, sessionId } = await visit("treatment");
    await widget(page, ".launcher").waitFor({ state: "visible" });
    await pageViews(sessionId).toEqual(["treatment"]);
    await context.close();
  });

  it("a new visitor is assigned once, and keeps the group on the next page", async () => {
    const { context, page, sessionId } = await visit(null);
    await pageViews(sessionId).toHaveLength(1);
    const stored = await page.evaluate((key) => JSON.parse(localStorage.getItem(`palompy:${key}:holdout`) ?? "null"), demo.publicKey);
    expect(["treatment", "control"]).toContain(stored.group);
    expect(await widget(page, ".launcher").isVisible()).toBe(stored.group === "treatment");
    await page.goto(`${app.url}/demo/products/storm-pro-3l-jacket?lang=en`);
    await page.waitForFunction(() => (window as unknown as { PalompyWidget?: unknown }).PalompyWidget !== undefined);
    const again = await page.evaluate((key) => JSON.parse(localStorage.getItem(`palompy:${key}:holdout`) ?? "null"), demo.publicKey);
    expect(again.group).toBe(stored.group);
    await context.close();
  });
});
