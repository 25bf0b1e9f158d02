// The merchant's survey API against the production build: CRUD, one active survey per shop,
// targeting and language on the public endpoint, results, CSV export, validation and tenant isolation.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";

const SURVEY = {
  title: { en: "Tell us about your visit", ru: "Расскажите о визите" },
  questions: [
    { id: "ease", type: "rating", text: { en: "How easy was it?", ru: "Насколько легко?" }, required: true },
    { id: "nps", type: "nps", text: { en: "Would you recommend us?", ru: "Порекомендуете нас?" } },
    { id: "goal", type: "single", text: { en: "What for?", ru: "Для чего?" }, options: [{ value: "hike", label: { en: "Hiking", ru: "Поход" } }, { value: "gift", label: { en: "A gift", ru: "Подарок" } }] },
    { id: "seen", type: "multiple", text: { en: "What did you look at?" }, options: [{ label: { en: "Tents" } }, { label: { en: "Jackets" } }, { label: { en: "Boots" } }] },
    { id: "why", type: "text", text: { en: "Anything else?", ru: "Что-то ещё?" } },
  ],
};

describe("admin survey API", () => {
  let app: TestApp;
  let shopA: { id: string; publicKey: string };
  let shopB: { id: string; publicKey: string };

  beforeAll(async () => {
    app = await startTestApp();
    const create = async (name: string) => (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) })).json();
    shopA = await create("Shop A");
    shopB = await create("Shop B");
  });
  afterAll(() => app?.close());

  const surveys = (shopId: string, suffix = "", init: RequestInit = {}) => app.admin(`/api/shops/${shopId}/surveys${suffix}`, init);
  const createSurvey = async (shopId: string, body: unknown = SURVEY) => {
    const response = await surveys(shopId, "", { method: "POST", body: JSON.stringify(body) });
    expect(response.status).toBe(201);
    return (await response.json()).survey as { id: string; status: string; questions: { id: string; options?: { value: string }[] }[] };
  };
  const post = (shopId: string, surveyId: string, verb: string) => surveys(shopId, `/${surveyId}/${verb}`, { method: "POST" });
  const active = (publicKey: string, query = "") => fetch(`${app.url}/api/surveys/active?shopPublicKey=${publicKey}${query}`).then((r) => r.json());
  const respond = (publicKey: string, surveyId: string, answers: unknown, metadata: unknown = {}) =>
    fetch(`${app.url}/api/surveys/${surveyId}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ shopPublicKey: publicKey, sessionId: randomUUID(), answers, metadata }),
    });

  it("creates a draft with every language, fills ids and option values, and reads it back", async () => {
    const survey = await createSurvey(shopA.id);
    expect(survey).toMatchObject({ status: "draft", title: SURVEY.title, urlPattern: null, responses: 0 });
    expect(survey.questions.map((q) => q.id)).toEqual(["ease", "nps", "goal", "seen", "why"]);
    expect(survey.questions[3].options?.map((o) => o.value)).toEqual(["Tents", "Jackets", "Boots"]);
    const read = await surveys(shopA.id, `/${survey.id}`);
    expect(read.status).toBe(200);
    expect((await read.json()).survey).toEqual(survey);
  });

  it("lists surveys paged and by status", async () => {
    const shop = await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name: "Paging" }) })).json();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await createSurvey(shop.id, { ...SURVEY, title: { en: `S${i}` } })).id);
    await post(shop.id, ids[2], "activate");
    await post(shop.id, ids[4], "archive");
    const page1 = await (await surveys(shop.id, "?pageSize=2")).json();
    expect(page1).toMatchObject({ page: 1, pageSize: 2, total: 5 });
    expect(page1.items[0]).toMatchObject({ id: ids[2], status: "active" });
    const page3 = await (await surveys(shop.id, "?pageSize=2&page=3")).json();
    expect(page3.items).toHaveLength(1);
    expect(page3.items[0]).toMatchObject({ id: ids[4], status: "archived" });
    const drafts = await (await surveys(shop.id, "?status=draft")).json();
    expect(drafts.total).toBe(3);
    const bad = await surveys(shop.id, "?status=paused");
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.field).toBe("status");
    expect((await (await surveys(shop.id, "?pageSize=500")).json()).error.field).toBe("pageSize");
  });

  it("keeps one active survey per shop: activating one deactivates the other, also in the database", async () => {
    const first = await createSurvey(shopA.id);
    const second = await createSurvey(shopA.id);
    expect((await (await post(shopA.id, first.id, "activate")).json()).survey.status).toBe("active");
    expect((await (await post(shopA.id, second.id, "activate")).json()).survey.status).toBe("active");
    expect((await (await surveys(shopA.id, `/${first.id}`)).json()).survey.status).toBe("draft");
    expect(await app.context.db.prisma.survey.count({ where: { shopId: shopA.id, active: true } })).toBe(1);
    // The partial unique index refuses a second active row even when written around the domain code.
    await expect(app.context.db.prisma.survey.update({ where: { id: first.id }, data: { active: true } })).rejects.toThrow();
    // Shop B's activation does not touch shop A's active survey.
    const other = await createSurvey(shopB.id);
    await post(shopB.id, other.id, "activate");
    expect((await (await surveys(shopA.id, `/${second.id}`)).json()).survey.status).toBe("active");
    await post(shopA.id, second.id, "deactivate");
    expect(await active(shopA.publicKey)).toEqual({ survey: null });
  });

  it("serves the active survey in the page's language, falling back to English, and only where it targets", async () => {
    const survey = await createSurvey(shopA.id, { ...SURVEY, urlPattern: "/products/*" });
    await post(shopA.id, survey.id, "activate");
    const ru = await active(shopA.publicKey, `&lang=ru&url=${encodeURIComponent("https://a.example/products/tent")}`);
    expect(ru.survey.title).toBe("Расскажите о визите");
    expect(ru.survey.questions[0].text).toBe("Насколько легко?");
    expect(ru.survey.questions[2].options).toEqual([{ value: "hike", label: "Поход" }, { value: "gift", label: "Подарок" }]);
    // Untranslated in Russian: the English text rather than nothing.
    expect(ru.survey.questions[3].text).toBe("What did you look at?");
    expect(ru.survey.questions[1]).toMatchObject({ type: "nps", scale: { min: 0, max: 10 } });
    const de = await active(shopA.publicKey, `&lang=de&url=${encodeURIComponent("https://a.example/products/tent")}`);
    expect(de.survey.title).toBe("Tell us about your visit");
    expect(await active(shopA.publicKey, `&lang=ru&url=${encodeURIComponent("https://a.example/cart")}`)).toEqual({ survey: null });
    expect(await active(shopA.publicKey, "&lang=ru")).toEqual({ survey: null });
    const patched = await surveys(shopA.id, `/${survey.id}`, { method: "PATCH", body: JSON.stringify({ urlPattern: null }) });
    expect((await patched.json()).survey.urlPattern).toBeNull();
    expect((await active(shopA.publicKey, "&lang=ru")).survey.id).toBe(survey.id);
  });

  it("edits and archives: an archived survey is never shown, a deleted one is gone with its responses", async () => {
    const survey = await createSurvey(shopA.id);
    await post(shopA.id, survey.id, "activate");
    const patched = await surveys(shopA.id, `/${survey.id}`, { method: "PATCH", body: JSON.stringify({ title: { en: "New", ru: "Новый" } }) });
    expect(patched.status).toBe(200);
    expect((await patched.json()).survey).toMatchObject({ title: { en: "New", ru: "Новый" }, status: "active" });
    expect((await respond(shopA.publicKey, survey.id, { ease: 4 })).status).toBe(201);
    const archived = await (await post(shopA.id, survey.id, "archive")).json();
    expect(archived.survey.status).toBe("archived");
    expect(await active(shopA.publicKey)).toEqual({ survey: null });
    expect((await respond(shopA.publicKey, survey.id, { ease: 4 })).status).toBe(404);
    const removed = await surveys(shopA.id, `/${survey.id}`, { method: "DELETE" });
    expect(removed.status).toBe(200);
    expect(await app.context.db.prisma.surveyResponse.count({ where: { surveyId: survey.id } })).toBe(0);
    expect((await surveys(shopA.id, `/${survey.id}`)).status).toBe(404);
  });

  it("computes results: option counts, average rating, NPS, paged text answers and completion rate", async () => {
    const shop = await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name: "Results" }) })).json();
    const survey = await createSurvey(shop.id);
    await post(shop.id, survey.id, "activate");
    const answers = [
      { ease: 5, nps: 10, goal: "hike", seen: ["Tents", "Boots"], why: "More tents" },
      { ease: 4, nps: 9, goal: "gift", seen: ["Tents"] },
      { ease: 2, nps: 3, goal: "hike", why: "=cmd|' /C calc'!A0" },
      { ease: 3, nps: 7 },
    ];
    for (const a of answers) expect((await respond(shop.publicKey, survey.id, a, { pageUrl: "https://shop.example/" })).status).toBe(201);
    // Eight sessions saw it (one of them twice), another survey's shows don't count.
    const events = Array.from({ length: 8 }, () => randomUUID());
    const prisma = app.context.db.prisma;
    await prisma.widgetEvent.createMany({
      data: [...events, events[0]].map((sessionId) => ({ shopId: shop.id, sessionId, type: "survey_shown", metadata: { surveyId: survey.id }, occurredAt: new Date() })),
    });
    await prisma.widgetEvent.create({ data: { shopId: shop.id, sessionId: randomUUID(), type: "survey_shown", metadata: { surveyId: randomUUID() }, occurredAt: new Date() } });

    const response = await surveys(shop.id, `/${survey.id}/results?lang=ru&textPageSize=1`);
    expect(response.status).toBe(200);
    const { results } = await response.json();
    expect(results).toMatchObject({ responses: 4, shown: 8, completionRate: 0.5 });
    const [ease, nps, goal, seen, why] = results.questions;
    expect(ease).toMatchObject({ text: "Насколько легко?", answered: 4, average: 3.5 });
    expect(ease.distribution).toEqual([1, 2, 3, 4, 5].map((score) => ({ score, count: score === 1 ? 0 : 1 })));
    // Promoters 2 (10, 9), passives 1 (7), detractors 1 (3): (2 - 1) / 4 = 25.
    expect(nps.nps).toEqual({ score: 25, promoters: 2, passives: 1, detractors: 1 });
    expect(nps.average).toBe(7.25);
    expect(goal.options).toEqual([{ value: "hike", label: "Поход", count: 2 }, { value: "gift", label: "Подарок", count: 1 }]);
    expect(seen.options).toEqual([{ value: "Tents", label: "Tents", count: 2 }, { value: "Jackets", label: "Jackets", count: 0 }, { value: "Boots", label: "Boots", count: 1 }]);
    expect(seen.answered).toBe(2);
    expect(why.textAnswers).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(why.textAnswers.items).toHaveLength(1);
    const page2 = await (await surveys(shop.id, `/${survey.id}/results?textPageSize=1&textPage=2`)).json();
    const texts = [why.textAnswers.items[0].text, page2.results.questions[4].textAnswers.items[0].text];
    expect(texts.sort()).toEqual(["=cmd|' /C calc'!A0", "More tents"]);

    const csv = await surveys(shop.id, `/${survey.id}/results?format=csv&lang=ru`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment/);
    const lines = (await csv.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("response_id,created_at,session_id,page_url,Насколько легко?,Порекомендуете нас?,Для чего?,What did you look at?,Что-то ещё?");
    expect(lines).toHaveLength(5);
    expect(lines.some((line) => line.endsWith(",5,10,hike,Tents; Boots,More tents"))).toBe(true);
    // A formula typed by a shopper is neutralised for spreadsheet apps.
    expect(lines.some((line) => line.endsWith(",'=cmd|' /C calc'!A0"))).toBe(true);
  });

  it("exports more responses than one batch, in order, without repeats", async () => {
    const shop = await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name: "Big export" }) })).json();
    const survey = await createSurvey(shop.id);
    const base = Date.UTC(2026, 0, 1);
    await app.context.db.prisma.surveyResponse.createMany({
      data: Array.from({ length: 1_203 }, (_, i) => ({
        surveyId: survey.id,
        shopId: shop.id,
        sessionId: randomUUID(),
        answers: { ease: (i % 5) + 1 },
        // Pairs share a timestamp: the keyset must break ties by id.
        createdAt: new Date(base + Math.floor(i / 2) * 1000),
      })),
    });
    const lines = (await (await surveys(shop.id, `/${survey.id}/results?format=csv`)).text()).trim().split("\r\n").slice(1);
    expect(lines).toHaveLength(1_203);
    expect(new Set(lines.map((line) => line.split(",")[0])).size).toBe(1_203);
    const times = lines.map((line) => line.split(",")[1]);
    expect([...times].sort()).toEqual(times);
  });

  it.each([
    ["a missing title", { questions: SURVEY.questions }, "title"],
    ["a title without any language", { ...SURVEY, title: {} }, "title"],
    ["an unknown question type", { ...SURVEY, questions: [{ type: "slider", text: { en: "x" } }] }, "questions[0].type"],
    ["a choice with one option", { ...SURVEY, questions: [{ type: "single", text: { en: "x" }, options: [{ label: { en: "a" } }] }] }, "questions[0].options"],
    ["an empty question text", { ...SURVEY, questions: [{ type: "text", text: { en: "  " } }] }, "questions[0].text.en"],
    ["a relative URL pattern", { ...SURVEY, urlPattern: "products" }, "urlPattern"],
  ])("refuses %s with 422 naming the field", async (_name, body, field) => {
    const response = await surveys(shopA.id, "", { method: "POST", body: JSON.stringify(body) });
    expect(response.status).toBe(422);
    expect((await response.json()).error.field).toBe(field);
  });

  it("refuses malformed JSON, an oversized body and a bad PATCH, naming the field", async () => {
    const broken = await surveys(shopA.id, "", { method: "POST", body: "{" });
    expect(broken.status).toBe(400);
    const huge = await surveys(shopA.id, "", { method: "POST", body: JSON.stringify({ ...SURVEY, pad: "x".repeat(70_000) }) });
    expect(huge.status).toBe(413);
    const survey = await createSurvey(shopA.id);
    const patch = await surveys(shopA.id, `/${survey.id}`, { method: "PATCH", body: JSON.stringify({ questions: [] }) });
    expect(patch.status).toBe(422);
    expect((await patch.json()).error.field).toBe("questions");
    const results = await surveys(shopA.id, `/${survey.id}/results?textPage=0`);
    expect(results.status).toBe(422);
    expect((await results.json()).error.field).toBe("textPage");
    expect((await surveys(shopA.id, `/${survey.id}`, { method: "PUT", body: "{}" })).status).toBe(405);
  });

  it("treats another shop's survey id as unknown on every route, and changes nothing", async () => {
    const survey = await createSurvey(shopA.id);
    const paths: [string, RequestInit][] = [
      [`/${survey.id}`, {}],
      [`/${survey.id}`, { method: "PATCH", body: JSON.stringify({ title: { en: "Hijacked" } }) }],
      [`/${survey.id}`, { method: "DELETE" }],
      [`/${survey.id}/activate`, { method: "POST" }],
      [`/${survey.id}/archive`, { method: "POST" }],
      [`/${survey.id}/deactivate`, { method: "POST" }],
      [`/${survey.id}/results`, {}],
      [`/${survey.id}/results?format=csv`, {}],
    ];
    for (const [suffix, init] of paths) {
      const response = await surveys(shopB.id, suffix, init);
      expect(response.status, suffix).toBe(404);
      expect((await response.json()).error).toMatchObject({ code: "survey_not_found", field: "surveyId" });
    }
    for (const id of [randomUUID(), "not-a-uuid"]) expect((await surveys(shopA.id, `/${id}`)).status).toBe(404);
    expect((await surveys(randomUUID())).status).toBe(404);
    expect((await (await surveys(shopA.id, `/${survey.id}`)).json()).survey).toMatchObject({ title: SURVEY.title, status: "draft" });
    const listB = await (await surveys(shopB.id, "?pageSize=100")).json();
    expect(listB.items.map((s: { id: string }) => s.id)).not.toContain(survey.id);
  });

  it("needs the admin token", async () => {
    expect((await fetch(`${app.url}/api/shops/${shopA.id}/surveys`)).status).toBe(401);
  });
});
