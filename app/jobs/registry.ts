import type { AppContext } from "~/app-context";
import type { ProgressReporter } from "./types";

/**
 * Background work: a plain domain function. `input` is the JSON stored with the job (validate it:
 * it may have been written by an older version); the result is stored as JSON.
 */
export type JobHandler<Input = unknown, Result = unknown> = (app: AppContext, input: Input, progress: ProgressReporter) => Promise<Result>;

/** pg-boss retry options for a kind whose failures need a different rhythm than the default. */
export interface JobRetryPolicy {
  retryLimit: number;
  /** Seconds before the first retry; doubled for each later one. */
  retryDelay: number;
}

const handlers = new Map<string, JobHandler>();
const retryPolicies = new Map<string, (app: AppContext) => JobRetryPolicy>();
const listeners = new Set<(kind: string) => void>();

/** Job kinds become pg-boss queue names: letters, digits, `-` and `_`. */
const KIND_PATTERN = /^[a-z][a-z0-9_-]{0,40}$/;

/**
 * Registers the function that runs jobs of `kind`; a queue already running starts working them.
 * `retry` (read from the app's config when a job is queued) replaces the default retries.
 */
export function registerJobHandler<Input, Result>(kind: string, handler: JobHandler<Input, Result>, retry?: (app: AppContext) => JobRetryPolicy): void {
  if (!KIND_PATTERN.test(kind)) throw new Error(`Invalid job kind "${kind}" (lowercase letters, digits, - and _)`);
  if (handlers.has(kind) && handlers.get(kind) !== handler) throw new Error(`A handler for job kind "${kind}" is already registered`);
  handlers.set(kind, handler as JobHandler);
  if (retry) retryPolicies.set(kind, retry);
  for (const listener of listeners) listener(kind);
}

export function jobHandler(kind: string): JobHandler | undefined {
  return handlers.get(kind);
}

export function jobRetryPolicy(app: AppContext, kind: string): JobRetryPolicy | undefined {
  return retryPolicies.get(kind)?.(app);
}

export function registeredJobKinds(): string[] {
  return [...handlers.keys()];
}

/** For the queue: hears about kinds registered after it started. */
export function onJobHandlerRegistered(listener: (kind: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
