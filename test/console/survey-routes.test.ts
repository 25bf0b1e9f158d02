import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";
import { ConsoleClient } from "./console-client";

let app: TestApp;
type Shop = { id: string; publicKey: string; apiKey: string };
let owner: ConsoleClient;
let stranger: ConsoleClient;

const SURVEY = {
  title: { en: "Would you recommend us?", ru: "Порекомендуете нас?" },
  questions: [{ id: "nps", type: "nps", text: { en: "How likely are you to recommend us?", ru: "Насколько вероятно, что вы нас порекомендуете?" } }],
};

beforeAll(async () => {
  app = await startTestApp({ PALOMPY_RATE_ADMIN_PER_IP: "100000", PALOMPY_RATE_PUBLIC_PER_IP: "100000", PALOMPY_EMBEDDER: "local" });
  const create = async (name: string) => (await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) })).json()) as Shop;
  owner = new ConsoleClient(app.url);
  await owner.logIn((await create("Survey Route Store")).apiKey);
  stranger = new ConsoleClient(app.url);
  await stranger.logIn((await create("Stranger Store")).apiKey);
});
afterAll(() => app?.close());

describe("/admin/surveys routes", () => {
  let surveyId = "";

  it("creates a survey from the editor's form, goes to its page, and activates it", async () => {
    await owner.page("/admin/surveys/new");
    const created = await owner.post("/admin/surveys/new", { intent: "save", survey: JSON.stringify(SURVEY) });
    expect(created.status).toBe(302);
    const location = created.headers.get("location") ?? "";
    expect(location).toMatch(/^\/admin\/surveys\/[\w-]+$/);
    surveyId = location.split("/").pop()!;
    expect(await owner.page(location)).toContain("Would you recommend us?");

    const activated = await owner.post(`/admin/surveys/${surveyId}`, { intent: "activate" });
    expect(activated.status).toBe(200);
    expect(await owner.page("/admin/surveys?status=active")).toContain(`href="/admin/surveys/${surveyId}/results"`);
  });

  it("refuses a bad survey naming the field, and a form without the CSRF token", async () => {
    const bad = await owner.post("/admin/surveys/new", { intent: "save", survey: "{not json" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("survey: is not valid JSON");
    const forged = await owner.post(`/admin/surveys/${surveyId}`, { intent: "delete" }, { csrf: null });
    expect(forged.status).toBe(403);
  });

  it("shows the results page and the CSV download", async () => {
    const results = await owner.page(`/admin/surveys/${surveyId}/results?lang=ru`);
    expect(results).toContain("Порекомендуете нас?");
    expect(results).toContain(`/admin/surveys/${surveyId}/results.csv?lang=ru`);
    const csv = await owner.get(`/admin/surveys/${surveyId}/results.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect((await csv.text()).split("\r\n")[0]).toContain("How likely are you to recommend us?");
  });

  it("keeps another shop's survey out of reach", async () => {
    const editor = await stranger.get(`/admin/surveys/${surveyId}`);
    expect(editor.status).toBe(404);
    expect(await editor.text()).toContain("No survey with id");
    expect((await stranger.get(`/admin/surveys/${surveyId}/results`)).status).toBe(404);
    expect((await stranger.get(`/admin/surveys/${surveyId}/results.csv`)).status).toBe(404);
    expect(await stranger.page("/admin/surveys")).not.toContain(surveyId);
    await stranger.page(`/admin/surveys/new`);
    expect((await stranger.post(`/admin/surveys/${surveyId}`, { intent: "delete" })).status).toBe(404);
    expect(await owner.page(`/admin/surveys/${surveyId}`)).toContain("Would you recommend us?");
  });

  it("renders the analytics page, and says which field of a bad range was refused", async () => {
    expect(await owner.page("/admin/analytics")).toContain("Widget opens");
    expect(await owner.page("/admin/analytics?from=2026-13-01")).toContain("That date range was not used");
  });
});
