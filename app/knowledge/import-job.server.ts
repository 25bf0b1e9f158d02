import { z } from "zod";
import type { AppContext } from "~/app-context";
import type { ProgressReporter } from "~/jobs/types";
import { enqueueJob } from "~/jobs/queue.server";
import { parseImportPayload, type ImportPayload } from "./payload";
import { importKnowledge, planFullImport, type ImportMode, type ImportResult, type RemovalPlan } from "./store.server";

export const IMPORT_JOB_KIND = "knowledge-import";

/** Stored with the job: the request's payload as sent, validated again when the job runs. */
const importJobInputSchema = z.object({
  shopId: z.string().uuid(),
  mode: z.enum(["full", "merge"]),
  payload: z.unknown(),
});

export type ImportJobInput = z.infer<typeof importJobInputSchema>;

/** The background side of POST /api/shops/:shopId/data: one import, with progress per batch. */
export async function runImportJob(app: AppContext, input: unknown, progress: ProgressReporter): Promise<ImportResult> {
  const job = importJobInputSchema.parse(input);
  const parsed = parseImportPayload(job.payload);
  if (!parsed.ok) throw new Error(`Stored import payload is invalid at ${parsed.field}: ${parsed.message}`);
  return importKnowledge(app.db.prisma, app.embedder, job.shopId, parsed.data, { mode: job.mode, onProgress: progress });
}

/** A full import that would remove more than half of the shop's items, sent without confirmation. */
export class RemovalNotConfirmedError extends Error {
  constructor(readonly plan: RemovalPlan) {
    super(`This import would remove ${plan.wouldRemove} of the shop's ${plan.existing} items (keeping ${plan.wouldKeep}).`);
    this.name = "RemovalNotConfirmedError";
  }
}

/**
 * Queues an import of an already validated payload (the API route and the console's upload both
 * come here): the removal guard runs first, so a payload that would empty half the shop by mistake
 * never reaches the queue. `payload` is stored as sent and validated again when the job runs.
 */
export async function queueImport(
  app: AppContext,
  shopId: string,
  payload: { raw: unknown; parsed: ImportPayload },
  options: { mode: ImportMode; confirmRemoval: boolean },
): Promise<{ jobId: string }> {
  if (options.mode === "full" && !options.confirmRemoval) {
    const plan = await planFullImport(app.db.prisma, shopId, payload.parsed);
    if (plan.wouldRemove * 2 > plan.existing) throw new RemovalNotConfirmedError(plan);
  }
  const input: ImportJobInput = { shopId, mode: options.mode, payload: payload.raw };
  const { id } = await enqueueJob(app, { shopId, kind: IMPORT_JOB_KIND, input });
  return { jobId: id };
}
