import type { AppContext } from "~/context.server";
import { readShopSettings } from "~/shops/settings";

/** The job queue's progress callback (app/jobs on the queue's branch; same shape). */
export type ProgressReporter = (update: { done?: number; total?: number; error?: { item?: string; message: string } }) => Promise<void>;

export const RETENTION_JOB_KIND = "retention.purge";

/**
 * Deletes each shop's chat logs, leads, widget events and survey responses older than its
 * `retentionDays` setting (shops without one keep everything). Meant to run daily.
 */
export async function purgeExpiredData(app: AppContext, _input: Record<string, never>, progress: ProgressReporter, now = new Date()) {
  const prisma = app.db.prisma;
  const shops = await prisma.$queryRaw<{ id: string; settings: unknown }[]>`SELECT id, settings FROM shops WHERE settings ? 'retentionDays'`;
  await progress({ done: 0, total: shops.length });
  const removed = { chatLogs: 0, leads: 0, widgetEvents: 0, surveyResponses: 0 };
  let done = 0;
  for (const shop of shops) {
    const days = readShopSettings(shop.settings).retentionDays;
    if (days) {
      const where = { shopId: shop.id, createdAt: { lt: new Date(now.getTime() - days * 86_400_000) } };
      const [chatLogs, leads, widgetEvents, surveyResponses] = await prisma.$transaction([
        prisma.chatLog.deleteMany({ where }),
        prisma.lead.deleteMany({ where }),
        prisma.widgetEvent.deleteMany({ where }),
        prisma.surveyResponse.deleteMany({ where }),
      ]);
      removed.chatLogs += chatLogs.count;
      removed.leads += leads.count;
      removed.widgetEvents += widgetEvents.count;
      removed.surveyResponses += surveyResponses.count;
    }
    await progress({ done: ++done });
  }
  return removed;
}
