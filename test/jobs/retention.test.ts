import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { createAppContext, type AppContext } from "~/context.server";
import { RETENTION_CRON } from "~/jobs/builtin.server";
import { purgeExpiredData } from "~/retention/purge.server";
import { testDatabaseEnv } from "../support/db";

const DAY = 24 * 60 * 60 * 1000;
const now = new Date("2026-11-25T12:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

describe("retention", () => {
  let app: AppContext;
  beforeAll(async () => {
    app = await createAppContext(loadConfig({ NODE_ENV: "test", ...(await testDatabaseEnv()), PALOMPY_RETENTION_DAYS: "90" }));
  });
  afterAll(async () => {
    await app?.jobs.stop(1_000);
    await app?.db.close();
  });

  const seed = async (shopId: string, ages: number[]) => {
    const prisma = app.db.prisma;
    for (const age of ages) {
      const at = daysAgo(age);
      const sessionId = randomUUID();
      await prisma.chatLog.create({
        data: { shopId, sessionId, conversationId: randomUUID(), message: `q ${age}`, answer: "a", language: "en", provider: "offline", retrievalMs: 1, generationMs: 1, createdAt: at },
      });
      await prisma.lead.create({ data: { shopId, sessionId, email: `shopper${age}@example.com`, createdAt: at, updatedAt: at } });
      await prisma.widgetEvent.create({ data: { shopId, sessionId, type: "open", occurredAt: at, createdAt: at } });
    }
  };
  const ages = async (shopId: string) => {
    const rows = await app.db.prisma.chatLog.findMany({ where: { shopId }, select: { message: true } });
    return rows.map((row) => Number(row.message.slice(2))).sort((a, b) => a - b);
  };

  it("is scheduled daily through the job queue", async () => {
    expect(await app.jobs.schedules()).toContainEqual({ name: "palompy-retention", cron: RETENTION_CRON });
  });

  it("deletes chat logs, leads and widget events older than the default or the shop's own retention", async () => {
    const byDefault = await app.db.prisma.shop.create({ data: { name: "Default retention" } });
    const ownSetting = await app.db.prisma.shop.create({ data: { name: "30 days", settings: { retentionDays: 30 } } });
    const badSetting = await app.db.prisma.shop.create({ data: { name: "Bad setting", settings: { retentionDays: "forever" } } });
    await seed(byDefault.id, [1, 29, 31, 89, 91, 400]);
    await seed(ownSetting.id, [1, 29, 31, 89, 91, 400]);
    await seed(badSetting.id, [1, 91]);

    const purged = await purgeExpiredData(app.db.prisma, { defaultDays: app.config.retention.defaultDays, now });
    expect(purged).toEqual({ chatLogs: 2 + 4 + 1, leads: 7, widgetEvents: 7, surveyResponses: 0 });
    expect(await ages(byDefault.id)).toEqual([1, 29, 31, 89]);
    expect(await ages(ownSetting.id)).toEqual([1, 29]);
    expect(await ages(badSetting.id)).toEqual([1]);
    expect(await app.db.prisma.lead.count({ where: { shopId: ownSetting.id } })).toBe(2);
    expect(await app.db.prisma.widgetEvent.count({ where: { shopId: byDefault.id } })).toBe(4);

    // Running again removes nothing more.
    expect(await purgeExpiredData(app.db.prisma, { defaultDays: 90, now })).toEqual({ chatLogs: 0, leads: 0, widgetEvents: 0, surveyResponses: 0 });
  });

  it("defaults to 365 days", () => {
    expect(loadConfig({ NODE_ENV: "test" }).retention.defaultDays).toBe(365);
  });
});
