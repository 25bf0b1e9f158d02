import { z } from "zod";
import type { AppContext } from "~/context.server";
import type { ProgressReporter } from "~/jobs/types";
import { parseImportPayload } from "./payload";
import { importKnowledge, type ImportResult } from "./store.server";

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
