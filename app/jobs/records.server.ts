import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { isUuid } from "~/uuid";
import type { JobView } from "./types";

export type { JobView } from "./types";

/** Errors kept per job: enough to act on, bounded so a failing catalog cannot bloat the row. */
export const MAX_JOB_ERRORS = 50;
const MAX_ERROR_MESSAGE = 1_000;

const VIEW_SELECT = {
  id: true, kind: true, state: true, progressDone: true, progressTotal: true, errors: true, errorCount: true,
  result: true, attempts: true, createdAt: true, startedAt: true, finishedAt: true,
} as const;

type ViewRow = Prisma.BackgroundJobGetPayload<{ select: typeof VIEW_SELECT }>;

function toView(row: ViewRow): JobView {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    progress: { done: row.progressDone, total: row.progressTotal },
    errors: row.errors as JobView["errors"],
    errorCount: row.errorCount,
    result: row.result,
    attempts: row.attempts,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

/** One shop's job; another shop's (or a malformed id) is not found. */
export async function findJob(prisma: PrismaClient, shopId: string, jobId: string): Promise<JobView | null> {
  if (!isUuid(jobId) || !isUuid(shopId)) return null;
  const row = await prisma.backgroundJob.findFirst({ where: { id: jobId, shopId }, select: VIEW_SELECT });
  return row ? toView(row) : null;
}

export async function listJobs(prisma: PrismaClient, shopId: string, page: { page: number; pageSize: number; kind?: string }) {
  const where = { shopId, ...(page.kind ? { kind: page.kind } : {}) };
  const [rows, total] = await Promise.all([
    prisma.backgroundJob.findMany({
      where,
      select: VIEW_SELECT,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    }),
    prisma.backgroundJob.count({ where }),
  ]);
  return { jobs: rows.map(toView), total };
}

export async function insertJob(
  prisma: PrismaClient,
  job: { id: string; shopId: string; kind: string; input: unknown; singletonKey?: string },
): Promise<{ id: string; created: boolean }> {
  // The partial unique index admits one unfinished job per singleton key; a twin returns it.
  const inserted = await prisma.$queryRaw<{ id: string }[]>`
    INSERT INTO background_jobs (id, shop_id, kind, input, singleton_key, updated_at)
    VALUES (${job.id}::uuid, ${job.shopId}::uuid, ${job.kind}, ${JSON.stringify(job.input ?? null)}::jsonb, ${job.singletonKey ?? null}, now())
    ON CONFLICT (shop_id, kind, singleton_key) WHERE singleton_key IS NOT NULL AND state IN ('queued', 'running') DO NOTHING
    RETURNING id::text`;
  if (inserted.length) return { id: inserted[0].id, created: true };
  const twin = await prisma.backgroundJob.findFirst({
    where: { shopId: job.shopId, kind: job.kind, singletonKey: job.singletonKey, state: { in: ["queued", "running"] } },
    select: { id: true },
  });
  if (!twin) throw new Error(`Could not enqueue job ${job.kind}: its singleton twin vanished`);
  return { id: twin.id, created: false };
}

export async function deleteJobRecord(prisma: PrismaClient, jobId: string): Promise<void> {
  await prisma.backgroundJob.deleteMany({ where: { id: jobId } });
}

/** Marks an attempt started and returns what the handler needs (null: the job is gone or finished). */
export async function startAttempt(prisma: PrismaClient, jobId: string) {
  const rows = await prisma.$queryRaw<{ shop_id: string; kind: string; input: unknown }[]>`
    UPDATE background_jobs
    SET state = 'running', attempts = attempts + 1, started_at = COALESCE(started_at, now()), updated_at = now()
    WHERE id = ${jobId}::uuid AND state IN ('queued', 'running')
    RETURNING shop_id::text, kind, input`;
  return rows[0] ? { shopId: rows[0].shop_id, kind: rows[0].kind, input: rows[0].input } : null;
}

export async function recordProgress(
  prisma: PrismaClient,
  jobId: string,
  update: { done?: number; total?: number; error?: { item?: string; message: string } },
): Promise<void> {
  const error = update.error ? JSON.stringify([boundedError(update.error)]) : null;
  await prisma.$executeRaw`
    UPDATE background_jobs SET
      progress_done = COALESCE(${update.done ?? null}::int, progress_done),
      progress_total = COALESCE(${update.total ?? null}::int, progress_total),
      errors = CASE WHEN ${error}::jsonb IS NOT NULL AND jsonb_array_length(errors) < ${MAX_JOB_ERRORS} THEN errors || ${error}::jsonb ELSE errors END,
      error_count = error_count + CASE WHEN ${error}::jsonb IS NOT NULL THEN 1 ELSE 0 END,
      updated_at = now()
    WHERE id = ${jobId}::uuid`;
}

export async function finishJob(prisma: PrismaClient, jobId: string, result: unknown): Promise<void> {
  // The input (a whole catalog, for an import) is not needed once the job succeeded.
  // updateMany: a job may delete its own shop (Shopify's shop/redact), and its record with it.
  await prisma.backgroundJob.updateMany({
    where: { id: jobId },
    data: { state: "succeeded", result: toJson(result), input: Prisma.DbNull, finishedAt: new Date() },
  });
}

/** A failed attempt: the job is failed for good (final) or queued again for its next retry. */
export async function failAttempt(prisma: PrismaClient, jobId: string, message: string, final: boolean): Promise<void> {
  await recordProgress(prisma, jobId, { error: { message } });
  await prisma.backgroundJob.updateMany({
    where: { id: jobId },
    data: final ? { state: "failed", finishedAt: new Date() } : { state: "queued" },
  });
}

export async function requeueJob(prisma: PrismaClient, jobId: string): Promise<void> {
  await prisma.backgroundJob.updateMany({ where: { id: jobId, state: "running" }, data: { state: "queued" } });
}

function boundedError(error: { item?: string; message: string }) {
  return { ...(error.item ? { item: error.item.slice(0, 200) } : {}), message: error.message.slice(0, MAX_ERROR_MESSAGE) };
}

function toJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === undefined || value === null ? Prisma.DbNull : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}
