// The survey and analytics console pages: their loader/action functions against the embedded
// database, and the Polaris components rendered on the server from what those loaders return.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { createElement as h, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalyticsPage } from "~/console/analytics/AnalyticsPage";
import { loadAnalytics } from "~/console/analytics/analytics.server";
import { SurveyEditorPage, surveyJson } from "~/console/surveys/SurveyEditorPage";
import { SurveyListPage } from "~/console/surveys/SurveyListPage";
import { SurveyResultsPage } from "~/console/surveys/SurveyResultsPage";
import { loadSurveyEditor, loadSurveyList, loadSurveyResults, surveyEditorAction, surveyResultsCsv } from "~/console/surveys/surveys.server";
import type { AppContext } from "~/context.server";
import type { Database } from "~/db/open.server";
import { HttpError } from "~/http/errors";
import { createTestShop, openTestDatabase } from "../support/db";
import { artifactPath, launchBrowser } from "../widget/browser";

let db: Database;
let app: AppContext;
let shop: { id: string };
let other: { id: string };

const request = (path: string) => new Request(`http://console.test${path}`);
const render = (page: ReactElement) => renderToString(h(AppProvider, { i18n: en }, page));
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

const SURVEY = {
  title: { en: "How did we do?", ru: "Как мы справились?" },
  questions: [
    { id: "goal", type: "single", text: { en: "What for?", ru: "Для чего?" }, options: [{ value: "hike", label: { en: "Hiking", ru: "Поход" } }, { value: "gift", label: { en: "A gift", ru: "Подарок" } }] },
    { id: "nps", type: "nps", text: { en: "Recommend us?", ru: "Порекомендуете?" } },
    { id: "why", type: "text", text: { en: "Anything else?" } },
  ],
};

beforeAll(async () => {
  db = await openTestDatabase();
  app = { db } as AppContext;
  shop = await createTestShop(db, "Console shop");
  other = await createTestShop(db, "Other shop");
});
afterAll(() => db?.close());

describe("survey console pages", () => {
  let surveyId: string;

  it("creates, activates and lists a survey through the editor's action", async () => {
    const saved = await surveyEditorAction(app, shop, request("/admin/surveys/new"), null, form({ intent: "save", survey: JSON.stringify(SURVEY) }));
    expect(saved.survey).toMatchObject({ status: "draft", title: SURVEY.title });
    surveyId = saved.survey!.id;
    const activated = await surveyEditorAction(app, shop, request(`/admin/surveys/${surveyId}`), surveyId, form({ intent: "activate" }));
    expect(activated.survey?.status).toBe("active");

    const list = await loadSurveyList(app, shop, request("/admin/surveys?status=active"));
    expect(list).toMatchObject({ total: 1, status: "active" });
    const html = render(h(SurveyListPage, { ...list, basePath: "/admin/surveys" }));
    expect(html).toContain("How did we do?");
    expect(html).toContain(`href="/admin/surveys/${surveyId}/results"`);
    expect(html).toContain("Active");
  });

  it("refuses invalid input naming the field, and another shop's survey as unknown", async () => {
    const bad = { ...SURVEY, questions: [{ type: "single", text: { en: "x" }, options: [{ label: { en: "only" } }] }] };
    await expect(surveyEditorAction(app, shop, request("/"), null, form({ intent: "save", survey: JSON.stringify(bad) }))).rejects.toMatchObject({
      status: 422,
      field: "questions[0].options",
    });
    await expect(surveyEditorAction(app, shop, request("/"), null, form({ intent: "save", survey: "{" }))).rejects.toMatchObject({ status: 400, field: "survey" });
    await expect(surveyEditorAction(app, shop, request("/"), surveyId, form({ intent: "launch" }))).rejects.toMatchObject({ field: "intent" });
    for (const attempt of [
      () => surveyEditorAction(app, other, request("/"), surveyId, form({ intent: "archive" })),
      () => surveyEditorAction(app, other, request("/"), surveyId, form({ intent: "save", survey: JSON.stringify(SURVEY) })),
      () => loadSurveyEditor(app, other, request("/"), surveyId),
      () => loadSurveyResults(app, other, request("/"), surveyId),
      () => surveyResultsCsv(app, other, request("/"), surveyId),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({ status: 404, field: "surveyId" });
    }
    expect((await loadSurveyEditor(app, shop, request("/"), surveyId)).survey?.status).toBe("active");
  });

  it("renders the editor with every language filled in, and a blank one for a new survey", async () => {
    const data = await loadSurveyEditor(app, shop, request(`/admin/surveys/${surveyId}`), surveyId);
    const html = render(h(SurveyEditorPage, { ...data, basePath: "/admin/surveys", onSubmit: () => {}, error: { message: "questions[0].text.ru: must not be empty", field: "questions[0].text.ru" } }));
    for (const text of ["Как мы справились?", "Для чего?", "Подарок", "Recommend 0–10 (NPS)", "Deactivate", "must not be empty"]) expect(html).toContain(text);
    const blank = render(h(SurveyEditorPage, { ...(await loadSurveyEditor(app, shop, request("/admin/surveys/new"), null)), basePath: "/admin/surveys", onSubmit: () => {} }));
    expect(blank).toContain("New survey");
    expect(blank).toContain("Title (Russian)");
  });

  it("turns the editor's state into the API's shape: blank languages dropped, option values kept", () => {
    const json = JSON.parse(
      surveyJson({ en: "T", ru: " " }, " ", [
        { key: 1, id: "q", type: "multiple", required: true, text: { en: "Pick", ru: "" }, options: [{ key: 2, value: "a", label: { en: "A" } }, { key: 3, label: { en: "B", ru: "Б" } }] },
        { key: 4, type: "rating", required: false, text: { en: "Rate" }, options: [{ key: 5, label: {} }] },
      ]),
    );
    expect(json).toEqual({
      title: { en: "T" },
      urlPattern: null,
      questions: [
        { id: "q", type: "multiple", required: true, text: { en: "Pick" }, options: [{ value: "a", label: { en: "A" } }, { label: { en: "B", ru: "Б" } }] },
        { type: "rating", required: false, text: { en: "Rate" } },
      ],
    });
  });

  it("renders the results in the asked language with NPS, counts and paged text answers; exports CSV", async () => {
    const answers = [
      { goal: "hike", nps: 10, why: "Больше палаток" },
      { goal: "gift", nps: 2 },
      { goal: "hike", nps: 9, why: "Faster delivery" },
    ];
    await db.prisma.surveyResponse.createMany({ data: answers.map((a) => ({ shopId: shop.id, surveyId, sessionId: randomUUID(), answers: a })) });
    const data = await loadSurveyResults(app, shop, request(`/admin/surveys/${surveyId}/results?lang=ru&textPageSize=1`), surveyId);
    expect(data.results.questions[1].nps?.score).toBe(33);
    const html = render(h(SurveyResultsPage, { ...data, basePath: "/admin/surveys", csvUrl: `/admin/surveys/${surveyId}/results.csv` }));
    for (const text of ["Как мы справились?", "Поход", "NPS 33", "2 promoters", "Anything else?", "textPage=2", "Export CSV"]) expect(html).toContain(text);
    const csv = await surveyResultsCsv(app, shop, request("/?lang=ru"), surveyId);
    const text = await new Response(csv.body).text();
    expect(text.trim().split("\r\n")).toHaveLength(4);
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
  });
});

describe("analytics console page", () => {
  it("renders KPIs, the per-day chart's summary and the knowledge gaps from the loader", async () => {
    const now = new Date();
    await db.prisma.chatLog.createMany({
      data: ["Do you take gift cards?", "do you take gift cards", "Do you take gift cards??", "Warm jacket"].map((message, i) => ({
        shopId: shop.id,
        sessionId: randomUUID(),
        conversationId: randomUUID(),
        message,
        answer: "…",
        language: "en",
        provider: "offline",
        retrievalMs: 1,
        generationMs: 1,
        unanswered: i < 3,
        createdAt: now,
      })),
    });
    const data = await loadAnalytics(app, shop, request("/admin/analytics"));
    expect(data.error).toBeNull();
    expect(data.summary.totals.messages).toBe(4);
    const html = render(h(AnalyticsPage, data));
    for (const text of ["Knowledge gaps", "Do you take gift cards?", "Answered", "25%", "4 messages", "Top questions"]) expect(html).toContain(text);
    // The rate never stands alone: what went unanswered and what shoppers voted down are beside it.
    expect(html).toContain("3 unanswered, 0 of the answers got a thumbs down");

    // Another shop's dashboard shows none of it.
    const empty = await loadAnalytics(app, other, request("/admin/analytics"));
    expect(empty.summary.totals.messages).toBe(0);
    expect(render(h(AnalyticsPage, empty))).toContain("No unanswered or disliked questions in this period.");
  });

  it("falls back to the last 30 days on a bad range and says which field was refused", async () => {
    const bad = await loadAnalytics(app, shop, request("/admin/analytics?from=2026-11-10&to=2026-11-01"));
    expect(bad.error).toMatchObject({ field: "from" });
    expect(bad.summary.series).toHaveLength(31);
    expect(render(h(AnalyticsPage, bad))).toContain("That date range was not used");
    const garbage = await loadAnalytics(app, shop, request("/admin/analytics?to=soon"));
    expect(garbage.error).toMatchObject({ field: "to" });
    const ok = await loadAnalytics(app, shop, request("/admin/analytics?from=2026-01-01&to=2026-01-07"));
    expect(ok.query).toEqual({ from: "2026-01-01", to: "2026-01-07" });
    expect(ok.summary.series).toHaveLength(7);
  });
});

describe("accessibility of the rendered pages (axe-core in Chromium, 390 px)", () => {
  it("has no serious or critical violations on the survey list, editor, results and analytics pages", async () => {
    const require = createRequire(import.meta.url);
    const polarisCss = readFileSync(require.resolve("@shopify/polaris/build/esm/styles.css"), "utf8");
    const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
    const [survey] = (await loadSurveyList(app, shop, request("/admin/surveys"))).surveys;
    const pages: [string, ReactElement][] = [
      ["surveys", h(SurveyListPage, { ...(await loadSurveyList(app, shop, request("/admin/surveys"))), basePath: "/admin/surveys" })],
      ["survey-editor", h(SurveyEditorPage, { ...(await loadSurveyEditor(app, shop, request("/"), survey.id)), basePath: "/admin/surveys", onSubmit: () => {} })],
      ["survey-results", h(SurveyResultsPage, { ...(await loadSurveyResults(app, shop, request("/?lang=ru"), survey.id)), basePath: "/admin/surveys", csvUrl: "/admin/surveys/x/results.csv" })],
      ["analytics", h(AnalyticsPage, await loadAnalytics(app, shop, request("/admin/analytics")))],
    ];
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      for (const [name, element] of pages) {
        await page.setContent(`<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width,initial-scale=1"><title>${name}</title><style>${polarisCss}</style></head><body><main>${render(element)}</main></body></html>`);
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const result = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
          });
          return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
        });
        await page.screenshot({ path: artifactPath(`console-${name}-390.png`), fullPage: true });
        expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical"), name).toEqual([]);
        // Usable at 390 px: nothing wider than the viewport but scrollable tables.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(overflow, name).toBeLessThanOrEqual(390);
      }
    } finally {
      await browser.close();
    }
  });
});
