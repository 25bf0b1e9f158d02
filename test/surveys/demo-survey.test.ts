// The demo store's survey stays bilingual: seeded with both titles, and a store seeded before
// per-language titles gets its Russian title on the next start.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { ensureDemoStore } from "~/demo/seed.server";
import { DEMO_STORE } from "~/demo/catalog";
import { DEMO_SURVEY } from "~/demo/survey";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { findActiveSurvey } from "~/surveys/surveys.server";
import { openTestDatabase } from "../support/db";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.close());

describe("demo survey", () => {
  it("gives an old single-language demo survey its Russian title, and serves each language", async () => {
    const shop = await db.prisma.shop.create({ data: { name: DEMO_STORE.name, domain: DEMO_STORE.domain } });
    // The row as the seed wrote it before: English title only, legacy question fields.
    const legacy = DEMO_SURVEY.questions.map((q) => ({ id: q.id, type: q.type === "multiple" ? "multi" : q.type, text: q.text.en, textRu: q.text.ru }));
    await db.prisma.survey.create({ data: { shopId: shop.id, title: DEMO_SURVEY.titles.en, questions: legacy, active: true } });
    expect((await findActiveSurvey(db.prisma, shop.id, { lang: "ru" }))?.title).toBe(DEMO_SURVEY.titles.en);

    await ensureDemoStore({ db, embedder: new LocalHashEmbedder() });
    const ru = await findActiveSurvey(db.prisma, shop.id, { lang: "ru" });
    expect(ru?.title).toBe(DEMO_SURVEY.titles.ru);
    expect(ru?.questions[0].text).toBe(DEMO_SURVEY.questions[0].text.ru);
    expect((await findActiveSurvey(db.prisma, shop.id, { lang: "en" }))?.title).toBe(DEMO_SURVEY.titles.en);
    expect(await db.prisma.survey.count({ where: { shopId: shop.id } })).toBe(1);
  });
});
