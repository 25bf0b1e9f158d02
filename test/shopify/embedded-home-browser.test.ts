// The embedded Home in Chromium at phone (390 px) and desktop widths: the "Order status in the
// chat" card, its grant button (App Bridge's shopify.scopes.request, served by a test double: the
// real script lives on Shopify's CDN, which tests cannot reach), the page after the grant, and
// axe-core on it and on every other embedded page (holding a shopper's chat, lead and survey
// answer), each of which must also fit 390 px without sideways scrolling. Screenshots go to
// test-results/embedded/.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seriousViolations } from "../console/axe";
import type { TestApp } from "../support/app-server";
import { EMBEDDED_SCOPES as SCOPES, startEmbeddedShop } from "../support/embedded-shop";
import type { FakeAdminApi } from "../support/fake-shopify-admin";
import { seedShopperActivity } from "../support/shopper-activity";
import { appBridgeCalls, serveAppBridgeDouble, type ScopesDialogAnswer } from "../support/app-bridge-double";
import { closeWithin } from "../support/bounded-teardown";
import { WEBHOOK_SECRET } from "../support/shopify-webhooks";
import { launchBrowser, recordConsole, ROOT } from "../widget/browser";

const STORE = "home-browser";
const DOMAIN = `${STORE}.myshopify.com`;
const API_KEY = "home-browser-api-key";
// shopify-app-remix answers 410 to anything isbot() flags, headless Chromium's own user agent included.
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";
const SHOTS = path.join(ROOT, "test-results/embedded");

let app: TestApp;
let fake: FakeAdminApi;
let browser: Browser;
let shopId: string;
let surveyId: string;
/** What the merchant picks in Shopify's grant dialog, one per scopes.request call. */
let dialogAnswers: ScopesDialogAnswer["result"][] = [];

beforeAll(async () => {
  let publicKey: string;
  ({ app, fake, shopId, publicKey } = await startEmbeddedShop({ domain: DOMAIN, apiKey: API_KEY, products: 6 }));
  // Pages with rows, a transcript link, a lead and survey results lay out and label more than empty ones.
  ({ surveyId } = await seedShopperActivity(app, { id: shopId, publicKey }));
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeWithin(30_000, "browser.close", () => browser?.close());
  await closeWithin(60_000, "app.close", () => app?.close());
  await closeWithin(10_000, "fake.close", () => fake?.close());
});
beforeEach(async () => {
  fake.accessScopes.granted = SCOPES.split(",");
  await app.context.db.prisma.shopifyInstallation.update({ where: { shopId }, data: { scopes: SCOPES } });
  dialogAnswers = [];
});

/** A page URL as Shopify's admin opens it in its iframe: shop, host, embedded=1 and a fresh id_token. */
async function adminUrl(pathname: string): Promise<string> {
  return (await setUpValidRequest({ type: RequestType.Admin, store: STORE, apiKey: API_KEY, apiSecretKey: WEBHOOK_SECRET }, new Request(`${app.url}${pathname}`))).url;
}

async function embeddedContext(viewport: { width: number; height: number }, phone: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, userAgent: USER_AGENT, isMobile: phone, hasTouch: phone });
  await serveAppBridgeDouble(context, {
    sessionToken: async () => new URL(await adminUrl("/app")).searchParams.get("id_token")!,
    // Shopify's dialog: "Grant" adds the scopes to the app's installation, as Shopify would.
    answer: async (scopes) => {
      const result = dialogAnswers.shift() ?? "declined-all";
      if (result === "granted-all") fake.accessScopes.granted = [...new Set([...fake.accessScopes.granted, ...scopes])];
      return { result, detail: { ...fake.accessScopes } };
    },
  });
  return context;
}

async function checkPage(page: Page, name: string) {
  await page.waitForLoadState("networkidle");
  expect(await seriousViolations(page), name).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} fits the viewport`).toBeLessThanOrEqual(page.viewportSize()!.width);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

describe("embedded Home in Chromium: order status in the chat", () => {
  for (const [label, viewport, phone] of [
    ["390", { width: 390, height: 844 }, true],
    ["desktop", { width: 1280, height: 900 }, false],
  ] as const) {
    it(`at ${label} px: the card is off, a declined dialog leaves it off, a grant turns it on (scopes.request(["read_orders"]))`, async () => {
      const context = await embeddedContext(viewport, phone);
      const page = await context.newPage();
      const log = recordConsole(page);
      await page.goto(await adminUrl("/app"));
      const card = page.getByRole("region", { name: "Order status in the chat" });
      await card.getByText("Order status off").waitFor();
      await checkPage(page, `home-order-status-off-${label}`);

      dialogAnswers = ["declined-all"];
      await card.getByRole("button", { name: "Allow order access" }).click();
      await card.getByText("Order access was not granted.").waitFor();
      expect(await card.getByText("Order status off").isVisible()).toBe(true);

      dialogAnswers = ["granted-all"];
      await card.getByRole("button", { name: "Allow order access" }).click();
      await card.getByText("Order status on").waitFor();
      await expect.poll(() => card.getByText(/protected customer data/).isVisible()).toBe(true);
      expect(await card.getByRole("button", { name: "Allow order access" }).count()).toBe(0);
      const requests = (await appBridgeCalls(page)).filter((call) => call.api === "scopes.request");
      expect(requests).toEqual([
        { api: "scopes.request", args: [["read_orders"]] },
        { api: "scopes.request", args: [["read_orders"]] },
      ]);
      // The page shows what the server learned from Shopify, and the chat's stored scopes agree.
      expect((await app.context.db.prisma.shopifyInstallation.findUniqueOrThrow({ where: { shopId } })).scopes).toBe(`${SCOPES},read_orders`);
      await checkPage(page, `home-order-status-on-${label}`);
      expect(log.errors).toEqual([]);
      await context.close();
    });
  }

  it("the other embedded pages, with a shopper's chat, lead and survey answer, pass axe and fit 390 px", async () => {
    const context = await embeddedContext({ width: 390, height: 844 }, true);
    const page = await context.newPage();
    const log = recordConsole(page);
    for (const [pathname, heading, shown] of [
      ["/app/conversations", "Conversations", "Do you have a warm jacket for winter hiking?"],
      ["/app/knowledge", "Knowledge", "Try a question"],
      ["/app/settings", "Settings", "Greeting"],
      ["/app/leads", "Leads", "olga.petrova@example.com"],
      ["/app/surveys", "Surveys", "One quick question"],
      ["/app/surveys/new", "New survey", "Question 1"],
      [`/app/surveys/${surveyId}/results`, "One quick question", "More sizes of the down jacket, please."],
      ["/app/analytics", "Analytics", "What is your return policy?"],
      ["/app/install", "Install", "Storefront snippet"],
    ] as const) {
      await page.goto(await adminUrl(pathname));
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await page.getByText(shown).first().waitFor();
      await checkPage(page, `${pathname.slice(5).replace(surveyId, "survey").replaceAll("/", "-")}-390`);
    }
    expect(log.errors).toEqual([]);
    await context.close();
  });
});
