// Surveys end to end in Chromium: the merchant builds an NPS survey in English and Russian in the
// console editor and activates it, a shopper answers it in the widget on the Russian /demo page,
// and the console shows the answer on the results page and the conversation in its list. axe-core
// on the new pages (0 serious violations) at 390 px; screenshots go to test-results/console/.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";
import { launchBrowser, recordConsole, ROOT, widget } from "../widget/browser";
import { seriousViolations } from "./axe";
import { logInToConsole } from "./log-in";
import { closeWithin } from "../support/bounded-teardown";

const SHOTS = path.join(ROOT, "test-results/console");

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

const logIn = (page: Page) => logInToConsole(page, app.url);

describe("surveys in the console and the widget (Chromium)", () => {
  it("creates and activates an NPS survey in the editor, a shopper answers it in Russian, the console shows the result and the conversation", async () => {
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await desk.newPage();
    const log = recordConsole(page);
    await logIn(page);

    await page.goto(`${app.url}/admin/surveys/new`);
    await page.getByLabel("Title (English)").fill("One quick question");
    await page.getByLabel("Title (Russian)").fill("Один короткий вопрос");
    await page.getByLabel("Type").selectOption("nps");
    await page.getByLabel("Question (English)").fill("Would you recommend our store?");
    await page.getByLabel("Question (Russian)").fill("Порекомендуете ли вы наш магазин?");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/admin\/surveys\/[0-9a-f-]{36}$/);
    const surveyId = page.url().split("/").pop()!;
    // The demo's own survey is live: the console says it goes back to draft before activating.
    const dialog = new Promise<string>((resolve) =>
      page.once("dialog", (d) => {
        resolve(d.message());
        void d.accept();
      }),
    );
    await page.getByRole("button", { name: "Activate" }).click();
    expect(await dialog).toMatch(/is the active survey\. Activating this one turns it back into a draft/);
    await page.getByRole("button", { name: "Deactivate" }).waitFor();
    const survey = await app.context.db.prisma.survey.findUniqueOrThrow({ where: { id: surveyId } });
    expect(survey).toMatchObject({ active: true, title: "One quick question" });

    // The shopper, on the Russian page of the demo store, on a phone.
    const shopper = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const store = await shopper.newPage();
    await store.goto(`${app.url}/demo/?lang=ru`);
    await widget(store, ".launcher").click();
    await widget(store, "textarea").fill("Есть ли у вас тёплые куртки?");
    await widget(store, "textarea").press("Enter");
    const form = widget(store, "form.survey");
    await form.waitFor({ timeout: 20_000 });
    expect(await form.locator(".survey-title").textContent()).toBe("Один короткий вопрос");
    expect(await form.locator("legend").first().textContent()).toBe("Порекомендуете ли вы наш магазин?");
    await form.locator(".pill", { hasText: /^9$/ }).click();
    await form.locator("button[type=submit]").click();
    await expect.poll(() => app.context.db.prisma.surveyResponse.count({ where: { surveyId } }), { timeout: 10_000 }).toBe(1);
    await store.screenshot({ path: path.join(SHOTS, "survey-widget-ru-390.png") });
    await shopper.close();

    await page.goto(`${app.url}/admin/surveys/${surveyId}/results`);
    await page.getByText("NPS 100").waitFor();
    await page.getByText("1 promoters (9–10)", { exact: false }).waitFor();
    await page.goto(`${app.url}/admin/conversations`);
    await page.getByRole("link", { name: "Есть ли у вас тёплые куртки?" }).waitFor();
    expect(log.errors).toEqual([]);
    await desk.close();

    // The new pages at 390 px: no serious accessibility violations.
    mkdirSync(SHOTS, { recursive: true });
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    await logIn(small);
    for (const [url, name] of [
      ["/admin/surveys", "surveys-list"],
      ["/admin/surveys/new", "survey-new"],
      [`/admin/surveys/${surveyId}`, "survey-editor"],
      [`/admin/surveys/${surveyId}/results?lang=ru`, "survey-results"],
      ["/admin/analytics", "analytics"],
    ] as const) {
      await small.goto(`${app.url}${url}`);
      await small.waitForLoadState("networkidle");
      expect(await seriousViolations(small), name).toEqual([]);
      expect(await small.evaluate(() => document.documentElement.scrollWidth), `${name} fits 390 px`).toBeLessThanOrEqual(390);
      await small.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
    }
    await phone.close();
  });
});
