import type { AppContext } from "~/context.server";
import { deliverHandoff, HANDOFF_JOB_KIND, handoffRetryPolicy } from "~/handoff/delivery.server";
import { IMPORT_JOB_KIND, runImportJob } from "~/knowledge/import-job.server";
import { purgeExpiredData } from "~/retention/purge.server";
import type { JobQueue } from "./queue.server";
import { registerJobHandler } from "./registry";

/** Every kind of background job the app runs (add a line per kind). */
export function registerBuiltInJobs(): void {
  registerJobHandler(IMPORT_JOB_KIND, runImportJob);
  registerJobHandler(HANDOFF_JOB_KIND, deliverHandoff, handoffRetryPolicy);
}

/** Daily at 03:17 UTC. */
export const RETENTION_CRON = "17 3 * * *";

export async function scheduleBuiltInJobs(queue: JobQueue): Promise<void> {
  await queue.schedule("retention", RETENTION_CRON, (app: AppContext) => purgeExpiredData(app.db.prisma, { defaultDays: app.config.retention.defaultDays }));
}
