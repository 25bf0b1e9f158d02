import type { AppContext } from "~/context.server";

/** Reports a job's progress; an item-level error is recorded without failing the job. */
export type ProgressReporter = (update: { done?: number; total?: number; error?: { item?: string; message: string } }) => Promise<void>;

/**
 * Background work: a plain domain function. `input` is the JSON stored with the job (validate it:
 * it may have been written by an older version); the result is stored as JSON.
 */
export type JobHandler<Input = unknown, Result = unknown> = (app: AppContext, input: Input, progress: ProgressReporter) => Promise<Result>;

export type JobState = "queued" | "running" | "succeeded" | "failed";

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
