import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";

const QUESTIONS = [
  { id: "ease", type: "rating", text: "How easy was it?", textRu: "Насколько легко?" },
  { id: "goal", type: "single", text: "What for?", options: ["Hiking", "Gift"], optionsRu: ["Поход", "Подарок"], required: true },
  { id: "why", type: "text", text: "Anything else?" },
];

describe("public survey API", () => {
  let app: TestApp;
  let shopA: { id: string; publicKey: string };
  let shopB: { id: string; publicKey: string };
  let surveyA: string;
  let inactiveA: string;

  beforeAll(async () => {
    app = await startTestApp();
    const create = async (name: string) => (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) })).json();
    shopA = await create("Shop A");
    shopB = await create("Shop B");
    const prisma = app.context.db.prisma;
    surveyA = (await prisma.survey.create({ data: { shopId: shopA.id, title: "Survey A", questions: QUESTIONS, active: true } })).id;
    inactiveA = (await prisma.survey.create({ data: { shopId: shopA.id, title: "Old", questions: QUESTIONS, active: false } })).id;
  });
  afterAll(() => app?.close());

  const active = (key: string, lang = "") => fetch(`${app.url}/api/surveys/active?shopPublicKey=${key}${lang ? `&lang=${lang}` : ""}`);
  const respond = (surveyId: string, body: Record<string, unknown>) =>
    fetch(`${app.url}/api/surveys/${surveyId}/responses`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const answers = { ease: 5, goal: "Gift", why: "More tents" };

  it("returns the shop's active survey, normalized and translated", async () => {
    const response = await active(shopA.publicKey, "ru");
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const { survey } = await response.json();
    expect(survey).toMatchObject({ id: surveyA, title: "Survey A" });
    expect(survey.questions[0]).toEqual({ id: "ease", type: "rating", text: "Насколько легко?", required: false, scale: { min: 1, max: 5 } });
    expect(survey.questions[1].options).toEqual([{ value: "Hiking", label: "Поход" }, { value: "Gift", label: "Подарок" }]);
  });

  it("returns null for a shop without an active survey and 404 for an unknown key", async () => {
    expect(await (await active(shopB.publicKey)).json()).toEqual({ survey: null });
    const unknown = await active(randomUUID());
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.field).toBe("shopPublicKey");
    expect((await fetch(`${app.url}/api/surveys/active`)).status).toBe(404);
  });

  it("stores one response per session: a repeat returns the first, unchanged", async () => {
    const sessionId = randomUUID();
    const first = await respond(surveyA, { shopPublicKey: shopA.publicKey, sessionId, answers, metadata: { pageUrl: "https://a.example/" } });
    expect(first.status).toBe(201);
    const { id } = await first.json();
    const again = await respond(surveyA, { shopPublicKey: shopA.publicKey, sessionId, answers: { ease: 1, goal: "Hiking" } });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id, created: false });
    const rows = await app.context.db.prisma.surveyResponse.findMany({ where: { sessionId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ surveyId: surveyA, shopId: shopA.id, answers, metadata: { pageUrl: "https://a.example/" } });
  });

  it("refuses shop A's survey with shop B's key (tenant isolation)", async () => {
    const sessionId = randomUUID();
    const response = await respond(surveyA, { shopPublicKey: shopB.publicKey, sessionId, answers });
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatchObject({ code: "survey_not_found", field: "surveyId" });
    expect(await app.context.db.prisma.surveyResponse.count({ where: { sessionId } })).toBe(0);
  });

  it("refuses an inactive or unknown survey", async () => {
    for (const id of [inactiveA, randomUUID(), "not-a-uuid"]) {
      const response = await respond(id, { shopPublicKey: shopA.publicKey, sessionId: randomUUID(), answers });
      expect(response.status).toBe(404);
    }
  });

  it.each([
    ["an answer out of range", { answers: { ease: 9, goal: "Gift" } }, 422, "answers.ease"],
    ["an unknown option", { answers: { goal: "Space" } }, 422, "answers.goal"],
    ["a missing required answer", { answers: { ease: 3 } }, 422, "answers.goal"],
    ["an unknown question", { answers: { goal: "Gift", nope: 1 } }, 422, "answers.nope"],
    ["answers that are not an object", { answers: [1] }, 422, "answers"],
    ["a malformed session id", { sessionId: "x" }, 422, "sessionId"],
    ["a missing public key", { shopPublicKey: undefined }, 422, "shopPublicKey"],
    ["an unknown public key", { shopPublicKey: randomUUID() }, 404, "shopPublicKey"],
    ["oversized metadata", { metadata: { pad: "x".repeat(3000) } }, 422, "metadata"],
  ])("refuses %s, naming the field", async (_name, override, status, field) => {
    const body = { shopPublicKey: shopA.publicKey, sessionId: randomUUID(), answers, ...override };
    const response = await respond(surveyA, body);
    expect(response.status).toBe(status);
    expect((await response.json()).error.field).toBe(field);
  });

  it("refuses a body over 16 KB with 413", async () => {
    const response = await respond(surveyA, { shopPublicKey: shopA.publicKey, sessionId: randomUUID(), answers: { why: "x".repeat(20_000) } });
    expect(response.status).toBe(413);
  });
});
