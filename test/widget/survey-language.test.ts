// The survey card in Chromium on the demo store: shown in the page's language (the Russian page never
// shows the English title), targeted by URL pattern, NPS rendered 0–10, and the answer reaching the results.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_SURVEY } from "~/demo/survey";
import { appAndBrowserForFile } from "../support/browser-app";
import { artifactPath, recordConsole, widget } from "./browser";

const running = appAndBrowserForFile({ PALOMPY_DEMO: "1" });

/** Opens the chat, asks one question and waits for the answer; the survey is offered after it. */
async function askOnce(page: Page, question: string) {
  await widget(page, ".launcher").click();
  await widget(page, "textarea").fill(question);
  await widget(page, "textarea").press("Enter");
  await expect.poll(() => widget(page, ".msg.bot .feedback").count(), { timeout: 20_000 }).toBe(1);
}

describe("survey card language and targeting", () => {
  it("shows the Russian title and questions on the Russian page, the English ones on the English page", async () => {
    for (const [query, lang, other] of [["", "ru", "en"], ["?lang=en", "en", "ru"]] as const) {
      const context = await running.browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      const log = recordConsole(page);
      await page.goto(`${running.app.url}/demo/${query}`);
      await askOnce(page, lang === "ru" ? "Есть тёплая куртка?" : "Do you have a warm jacket?");
      const survey = widget(page, "form.survey");
      await survey.waitFor({ timeout: 10_000 });
      expect(await survey.locator(".survey-title").textContent()).toBe(DEMO_SURVEY.titles[lang]);
      expect(await survey.getAttribute("aria-label")).toBe(DEMO_SURVEY.titles[lang]);
      expect(await survey.locator("legend").first().textContent()).toBe(DEMO_SURVEY.questions[0].text[lang]);
      expect(await survey.textContent()).not.toContain(DEMO_SURVEY.titles[other]);
      await page.screenshot({ path: artifactPath(`survey-${lang}-390.png`) });
      expect(log.errors).toEqual([]);
      await context.close();
    }
  });

  it("asks a visitor once: in view when it appears, not again in the next session when it was left unanswered (issue 22)", async () => {
    const context = await running.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${running.app.url}/demo/?lang=en`);
    await askOnce(page, "Do you have a warm jacket?");
    const survey = widget(page, "form.survey");
    await survey.waitFor({ timeout: 10_000 });
    // The card's top is inside the chat's scroll area, not below its fold.
    const visible = await survey.evaluate((form) => {
      const log = form.parentElement!;
      const box = form.getBoundingClientRect();
      const area = log.getBoundingClientRect();
      return box.top >= area.top && box.top < area.bottom - 40;
    });
    expect(visible).toBe(true);
    // A new session of the same visitor (the tab's storage gone, the browser's kept): no second ask.
    await page.evaluate(() => sessionStorage.clear());
    await page.evaluate(() => Object.keys(localStorage).filter((key) => key.endsWith(":sid") || key.endsWith(":active")).forEach((key) => localStorage.removeItem(key)));
    await page.reload();
    await askOnce(page, "How much is delivery?");
    await page.waitForTimeout(1_500);
    expect(await widget(page, "form.survey").count()).toBe(0);
    await context.close();
  });

  it("offers a survey targeted at product pages only there, renders NPS 0–10 and counts the answer in the results", async () => {
    const prisma = running.app.context.db.prisma;
    const demo = await prisma.shop.findFirstOrThrow({ where: { domain: { not: null } } });
    const created = await running.app.admin(`/api/shops/${demo.id}/surveys`, {
      method: "POST",
      body: JSON.stringify({
        title: { en: "Quick question", ru: "Один вопрос" },
        urlPattern: "/demo/products/*",
        questions: [{ id: "nps", type: "nps", required: true, text: { en: "Would you recommend us?", ru: "Порекомендуете нас друзьям?" } }],
      }),
    });
    const { survey } = await created.json();
    expect((await running.app.admin(`/api/shops/${demo.id}/surveys/${survey.id}/activate`, { method: "POST" })).status).toBe(200);

    const context = await running.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${running.app.url}/demo/`);
    const offered = page.waitForResponse((r) => r.url().includes("/api/surveys/active"));
    await askOnce(page, "Нужна палатка");
    const response = await offered;
    expect(new URL(response.url()).searchParams.get("url")).toBe(`${running.app.url}/demo/`);
    expect(await response.json()).toEqual({ survey: null });
    expect(await widget(page, "form.survey").count()).toBe(0);

    // The conversation follows to a product page, where the targeted survey appears.
    await widget(page, ".card .title").first().click();
    await page.waitForURL(/\/demo\/products\//);
    const form = widget(page, "form.survey");
    await form.waitFor({ timeout: 10_000 });
    expect(await form.locator(".survey-title").textContent()).toBe("Один вопрос");
    expect(await form.locator(".pill").allTextContents()).toEqual(Array.from({ length: 11 }, (_, i) => String(i)));
    await form.locator(".pill", { hasText: /^9$/ }).click();
    await form.locator("button[type=submit]").click();
    await expect.poll(() => prisma.surveyResponse.count({ where: { surveyId: survey.id } }), { timeout: 10_000 }).toBe(1);

    const results = await (await running.app.admin(`/api/shops/${demo.id}/surveys/${survey.id}/results`)).json();
    expect(results.results.questions[0].nps).toEqual({ score: 100, promoters: 1, passives: 0, detractors: 0 });
    await page.goto("about:blank"); // pagehide flushes the analytics queue (survey_shown)
    await expect.poll(async () => (await (await running.app.admin(`/api/shops/${demo.id}/surveys/${survey.id}/results`)).json()).results.shown, { timeout: 10_000 }).toBe(1);
    await context.close();
  });
});
