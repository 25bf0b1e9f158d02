// The whole shopper journey in Chromium against the real production build and its /demo store:
// chat with streaming and product cards, a lead, a survey, feedback, analytics in the database,
// keyboard use, CSS isolation from the store's theme, and the 360 px phone layout.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_GREETINGS, DEMO_QUICK_PROMPTS } from "~/demo/storefront.server";
import { appAndBrowserForFile } from "../support/browser-app";
import { artifactPath, recordConsole, widget } from "./browser";

const running = appAndBrowserForFile({ PALOMPY_DEMO: "1" });

const activeElementInWidget = (page: Page) =>
  page.evaluate(() => {
    const active = document.querySelector("palompy-widget")?.shadowRoot?.activeElement as HTMLElement | null;
    return active ? active.id || active.className : null;
  });

async function lastBotText(page: Page) {
  return (await widget(page, ".msg.bot .text").last().textContent()) ?? "";
}

/** Waits for the `done` event of the newest answer (feedback buttons appear only then). */
async function waitForAnswer(page: Page, count: number) {
  await expect.poll(() => widget(page, ".msg.bot .feedback").count(), { timeout: 20_000 }).toBe(count);
}

describe("widget on the demo storefront", () => {
  it("serves the loader gzipped with an ETag, CORS and short caching; the chunk immutable", async () => {
    const response = await fetch(`${running.app.url}/widget.js`, { headers: { "accept-encoding": "gzip" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cache-control")).toMatch(/max-age=300/);
    const etag = response.headers.get("etag")!;
    const source = await response.text();
    const revalidated = await fetch(`${running.app.url}/widget.js`, { headers: { "if-none-match": etag } });
    expect(revalidated.status).toBe(304);
    const chunk = /"(\/widget\/widget-chat\.[0-9a-f]{12}\.js)"/.exec(source)?.[1];
    expect(chunk).toBeDefined();
    const chunkResponse = await fetch(`${running.app.url}${chunk}`);
    expect(chunkResponse.status).toBe(200);
    expect(chunkResponse.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    // Only hashed chunk names are served from the build folder.
    expect((await fetch(`${running.app.url}/widget/manifest.json`)).status).toBe(404);
    expect((await fetch(`${running.app.url}/widget/widget-chat.0123456789ab.js`)).status).toBe(503);
  });

  it("runs the shopper journey and records it in the database", async () => {
    const context = await running.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const log = recordConsole(page);
    await page.goto(`${running.app.url}/demo/`);
    await widget(page, ".launcher").waitFor();
    await page.evaluate(() => {
      (window as any).__leads = [];
      document.addEventListener("palompy:lead", (e) => (window as any).__leads.push((e as CustomEvent).detail));
    });
    const sessionId: string = await page.evaluate(() => (window as any).PalompyWidget.sessionId);

    // Keyboard only: focus the launcher, Enter opens, focus lands in the message box.
    await widget(page, ".launcher").focus();
    await page.keyboard.press("Enter");
    await widget(page, ".panel").waitFor({ state: "visible" });
    expect(await activeElementInWidget(page)).toBe("pw-input");
    expect(await widget(page, ".perks li").allTextContents()).toEqual(["Бесплатная доставка от 5000 ₽", "Возврат 30 дней"]);
    // The demo's greeting and prompts come from its settings (editable in the console), in the page's language.
    expect(await widget(page, ".chip").allTextContents()).toEqual(DEMO_QUICK_PROMPTS.ru);
    expect(await widget(page, ".msg.bot .text").first().textContent()).toBe(DEMO_GREETINGS.ru);

    await page.keyboard.type("Нужна тёплая зимняя куртка");
    await page.keyboard.press("Enter");
    await waitForAnswer(page, 1);
    expect(await lastBotText(page)).toMatch(/куртк/i);
    const card = widget(page, ".card").first();
    expect(await card.locator(".title").getAttribute("href")).toMatch(/^\/products\//);
    expect(await card.locator("img").getAttribute("src")).toMatch(/^\/demo\/images\/.+\.svg$/);
    expect(await card.locator(".price").textContent()).toMatch(/₽/);
    expect(await card.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    // Thumbs up on the answer reaches the chat log.
    await widget(page, ".vote[data-vote=up]").first().click();
    await expect.poll(() => running.app.context.db.prisma.chatLog.count({ where: { sessionId, feedbackVote: "up" } }), { timeout: 10_000 }).toBe(1);

    // The survey card appears after the first answer.
    const survey = widget(page, "form.survey");
    await survey.waitFor({ timeout: 10_000 });
    await survey.locator(".pill", { hasText: "4" }).click();
    await survey.locator("label.choice", { hasText: "Зимние походы" }).click();
    await survey.locator("textarea").fill("Больше зимних палаток");
    await survey.locator("button[type=submit]").click();
    await expect.poll(() => widget(page, ".msg.bot .text").allTextContents()).toContain("Спасибо за ответы!");
    const response = await running.app.context.db.prisma.surveyResponse.findFirstOrThrow({ where: { sessionId } });
    expect(response.answers).toEqual({ found_what_needed: 4, trip_types: ["Winter trips"], missing: "Больше зимних палаток" });

    // A contact detail becomes a lead event on the page.
    await widget(page, "textarea").fill("Перезвоните мне, моя почта anna@example.com");
    await widget(page, "textarea").press("Enter");
    await expect.poll(() => page.evaluate(() => (window as any).__leads.length), { timeout: 20_000 }).toBe(1);
    const lead = (await page.evaluate(() => (window as any).__leads[0])) as Record<string, unknown>;
    expect(lead).toMatchObject({ email: "anna@example.com", sessionId, pageUrl: `${running.app.url}/demo/` });
    await waitForAnswer(page, 2);

    // Navigate to a product page from a card: the open conversation follows.
    await card.locator(".title").click();
    await page.waitForURL(/\/demo\/products\//);
    await widget(page, ".panel").waitFor({ state: "visible" });
    expect(await widget(page, ".msg.user .text").allTextContents()).toEqual(["Нужна тёплая зимняя куртка", "Перезвоните мне, моя почта anna@example.com"]);
    expect(await widget(page, "form.survey").count()).toBe(0);

    // Escape closes the dialog and gives focus back to the launcher.
    await widget(page, "textarea").focus();
    await page.keyboard.press("Escape");
    await widget(page, ".panel").waitFor({ state: "hidden" });
    expect(await activeElementInWidget(page)).toBe("launcher");
    expect(await widget(page, ".launcher").getAttribute("aria-expanded")).toBe("false");

    await page.goto("about:blank"); // pagehide flushes the analytics queue
    const expected = ["widget_init", "page_view", "widget_toggle", "message_sent", "message_received", "feedback_vote", "survey_shown", "survey_submitted", "product_click", "session_duration"];
    await expect
      .poll(async () => (await running.app.context.db.prisma.widgetEvent.findMany({ where: { sessionId }, select: { type: true } })).map((e) => e.type), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(expected));
    const toggle = await running.app.context.db.prisma.widgetEvent.findFirstOrThrow({ where: { sessionId, type: "widget_toggle" }, orderBy: { occurredAt: "asc" } });
    expect(toggle.metadata).toMatchObject({ open: true, source: "launcher", language: "ru" });
    expect(toggle.pageUrl).toBe(`${running.app.url}/demo/`);
    expect(await running.app.context.db.prisma.lead.findFirst({ where: { sessionId } })).toMatchObject({ email: "anna@example.com" });
    expect(log.errors).toEqual([]);
    await context.close();
  });

  it("keeps Tab inside the open dialog", async () => {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${running.app.url}/demo/`);
    await widget(page, ".launcher").click();
    await widget(page, ".panel").waitFor({ state: "visible" });
    const seen = new Set<string | null>();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      const inside = await page.evaluate(() => {
        const root = document.querySelector("palompy-widget")!.shadowRoot!;
        return !!root.activeElement && root.querySelector(".panel")!.contains(root.activeElement);
      });
      expect(inside).toBe(true);
      seen.add(await activeElementInWidget(page));
    }
    expect(seen.has("x")).toBe(true); // wrapped around to the close button
    await context.close();
  });

  it("looks the same whatever the store's CSS does", async () => {
    const styles = async (query: string) => {
      const context = await running.browser.newContext({ viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      const log = recordConsole(page);
      await page.goto(`${running.app.url}/demo/${query}`);
      await widget(page, ".launcher").click({ timeout: 5000 }).catch((e) => {
        throw new Error(`${e.message}\n${log.warnings.join("\n")}\n${log.errors.join("\n")}`);
      });
      await widget(page, ".chip").first().waitFor();
      const pageFont = await page.evaluate(() => getComputedStyle(document.querySelector("h1")!).fontFamily);
      const result = await page.evaluate(() => {
        const root = document.querySelector("palompy-widget")!.shadowRoot!;
        const props = ["font-family", "font-size", "line-height", "letter-spacing", "color", "background-color", "border-top-style", "border-top-width", "border-radius", "padding-top", "text-transform", "width", "height", "box-sizing", "text-shadow", "margin-top"];
        const out: Record<string, Record<string, string>> = {};
        for (const selector of [".launcher", ".launcher svg", ".panel", ".head h2", ".x", ".perks li", ".msg.bot .text", ".chip", "textarea", "button.send", "button.send svg"]) {
          const el = root.querySelector(selector)!;
          const cs = getComputedStyle(el);
          out[selector] = Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
        }
        return out;
      });
      await context.close();
      return { pageFont, result };
    };
    const themed = await styles("");
    const plain = await styles("?css=off");
    expect(themed.pageFont).toMatch(/Georgia/); // the hostile theme is really active on the page
    expect(plain.pageFont).not.toMatch(/Georgia/);
    expect(themed.result).toEqual(plain.result);
    expect(themed.result[".chip"]["text-transform"]).toBe("none");
    expect(themed.result[".launcher svg"].width).toBe("26px");
  });

  it("fills a 360 px phone screen and keeps working there", async () => {
    const context = await running.browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${running.app.url}/demo/`);
    const launcher = await widget(page, ".launcher").boundingBox();
    expect(launcher!.x + launcher!.width).toBeLessThanOrEqual(360);
    await widget(page, ".launcher").tap();
    await widget(page, ".panel").waitFor({ state: "visible" });
    expect(await widget(page, ".panel").boundingBox()).toEqual({ x: 0, y: 0, width: 360, height: 740 });
    await widget(page, "textarea").fill("Нужна тёплая зимняя куртка");
    await widget(page, "button.send").tap();
    await waitForAnswer(page, 1);
    await widget(page, ".card img").first().evaluate((img: HTMLImageElement) => img.decode().catch(() => undefined));
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => {
      const log = document.querySelector("palompy-widget")!.shadowRoot!.querySelector(".log")!;
      return log.scrollWidth - log.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifactPath("widget-360.png") });
    await widget(page, ".x").tap();
    await widget(page, ".launcher").waitFor({ state: "visible" });
    await context.close();
  });
});
