/** Reports a job's progress; an item-level error is recorded without failing the job. */
export type ProgressReporter = (update: { done?: number; total?: number; error?: { item?: string; message: string } }) => Promise<void>;

export type JobState = "queued" | "running" | "succeeded" | "failed";

/** A job as the merchant sees it (background_jobs). */
export interface JobView {
  id: string;
  kind: string;
  state: JobState;
  progress: { done: number; total: number | null };
  errors: { item?: string; message: string }[];
  errorCount: number;
  result: unknown;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface EnqueueRequest {
  shopId: string;
  kind: string;
  input: unknown;
  /** While a job of this shop, kind and key is queued or running, enqueueing another returns it. */
  singletonKey?: string;
}

/** Thrown by the progress reporter when the app is shutting down: the job goes back to the queue. */
export class JobInterrupted extends Error {
  constructor() {
    super("The app is shutting down; the job will resume on the next start.");
  }
}

/**
 * The app's background job queue as the rest of the app sees it (the pg-boss implementation is
 * jobs/queue.server.ts, built by the composition root). Handlers are registered by kind in
 * jobs/registry.ts.
 */
export interface JobQueue {
  start(): Promise<void>;
  /** `created`: false when the request folded into an unfinished job of its singleton key. */
  enqueue(request: EnqueueRequest): Promise<{ id: string; created: boolean }>;
  /** Runs `handler` on `cron` (UTC), once across all instances; it survives restarts. */
  schedule(name: string, cron: string, handler: () => Promise<unknown>): Promise<void>;
  schedules(): Promise<{ name: string; cron: string }[]>;
  /** The job once it has finished, or as it is when `timeoutMs` has passed (null: not this shop's). */
  waitFor(shopId: string, jobId: string, timeoutMs: number): Promise<JobView | null>;
  /** Running jobs get `graceMs` to finish; the rest go back to the queue for the next start. */
  stop(graceMs: number): Promise<void>;
}
