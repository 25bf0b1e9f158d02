import type { PrismaClient } from "~/generated/prisma/client";

/**
 * Shoppers' conversations, contact details, widget events and survey answers are kept `defaultDays` (or a shop's
 * own `settings.retentionDays`) and then deleted. Runs daily as a scheduled job.
 */
export async function purgeExpiredData(
  prisma: PrismaClient,
  options: { defaultDays: number; now?: Date },
): Promise<{ chatLogs: number; leads: number; widgetEvents: number; surveyResponses: number }> {
  const now = options.now ?? new Date();
  // One cutoff per shop, computed in SQL so a shop's override needs no round trip per shop.
  const cutoffs = `
    WITH cutoff AS (
      SELECT id AS shop_id,
             $1::timestamptz - make_interval(days => CASE
               WHEN jsonb_typeof(settings->'retentionDays') = 'number' AND (settings->>'retentionDays')::numeric >= 1
               THEN LEAST((settings->>'retentionDays')::numeric, 36500)::int
               ELSE $2::int END) AS before
      FROM shops)`;
  const purge = (table: string, column: string) =>
    prisma.$executeRawUnsafe(
      `${cutoffs} DELETE FROM ${table} t USING cutoff c WHERE t.shop_id = c.shop_id AND t.${column} < c.before`,
      now,
      options.defaultDays,
    );
  return {
    chatLogs: await purge("chat_logs", "created_at"),
    // A lead is as old as its last update: a shopper who came back keeps theirs.
    leads: await purge("leads", "updated_at"),
    widgetEvents: await purge("widget_events", "created_at"),
    surveyResponses: await purge("survey_responses", "created_at"),
  };
}
