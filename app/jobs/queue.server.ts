import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type pg from "pg";
import PgBoss from "pg-boss";
import type { AppContext } from "~/app-context";
import { log } from "~/log.server";
import { isUuid } from "~/uuid";
import { deleteJobRecord, failAttempt, findJob, finishJob, insertJob, recordProgress, requeueJob, startAttempt, type JobView } from "./records.server";
import { jobHandler, jobRetryPolicy, onJobHandlerRegistered, registeredJobKinds } from "./registry";
import { JobInterrupted, type EnqueueRequest, type JobQueue, type ProgressReporter } from "./types";

/**
 * Retries with backoff (2 s, 4 s, 8 s) for transient failures (a provider's 5xx, a restart);
 * a job running past its expiry (a crashed instance) is retried too. A kind may register its own
 * limit and delay (registerJobHandler's `retry`).
 */
const RETRY = { retryLimit: 3, retryDelay: 2, retryBackoff: true };
const EXPIRE_IN_SECONDS = 30 * 60;
/**
 * A queue is asked for work when a job is queued here and when a retry of a job that failed here
 * comes due (#wakeWhenDue); polling only finds what another instance queued, or a job whose
 * instance died. Polled every second, 13 queues cost the embedded database half a statement per
 * chat turn (bench/chat-turn-profile.mjs). The embedded database has one instance (decision 0001),
 * whose workers fetch what an earlier run left when they start: there polling is a safety net
 * only. Every 5 s, the queues' fetches (about 3 ms each on its one connection) delayed one chat
 * turn in 17 of the chat bench, the turns its 95th percentile is made of.
 */
const POLLING_INTERVAL_SECONDS: Record<AppContext["db"]["kind"], { kinds: number; schedules: number }> = {
  postgres: { kinds: 5, schedules: 30 },
  pglite: { kinds: 60, schedules: 60 },
};

/** A wake-up further away (a long backoff) is re-armed on the way: Node fires a timer over 2^31 - 1 ms at once. */
const MAX_WAKE_DELAY_MS = 60 * 60 * 1000;

const QUEUE_PREFIX = "palompy-";
const queueName = (kind: string) => `${QUEUE_PREFIX}${kind}`;

type QueueMessage = { jobId: string };

/** pg-boss's statement that fails jobs by id, $1 their queue: a failure with retries left is a retry waiting. */
const FAIL_JOBS_BY_ID = /^\s*WITH deleted_jobs AS \(\s*DELETE FROM \w+\.job\s+WHERE name = \$1 AND id IN \(SELECT UNNEST\(\$2::uuid\[\]\)\)/;

/** pg-boss's statement that creates a queue (a table attached as a partition of pgboss.job). */
const CREATE_QUEUE = /^\s*SELECT \w+\.create_queue\(/;

/**
 * Two create_queue calls at once deadlock (each inserts its queue row, then attaching its partition
 * needs locks the other's insert holds): instances starting together on a new database, or after a
 * deploy that adds a job kind, would fail to start. One at a time, across instances.
 */
async function createQueueSerialized(pool: pg.Pool, text: string, values: unknown[]) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext('palompy.pgboss.create_queue'))");
    const result = await client.query(text, values);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The app's background jobs: pg-boss keeps the queue in PostgreSQL (schema "pgboss", on the same
 * connection pool as Prisma), background_jobs keeps what the merchant sees. Both share the job id.
 */
export class PgBossJobQueue implements JobQueue {
  readonly #app: AppContext;
  readonly #boss: PgBoss;
  readonly #workers = new Map<string, Promise<string | undefined>>();
  readonly #finished = new EventEmitter();
  readonly #retryWakes = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  #stopping = false;
  #unsubscribe?: () => void;

  constructor(app: AppContext) {
    this.#app = app;
    const pool = app.db.pool;
    this.#boss = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => this.#sql(pool, text, values) },
      schema: "pgboss",
      ...RETRY,
      expireInSeconds: EXPIRE_IN_SECONDS,
    });
    this.#boss.on("error", (error) => log.error("job queue error", { error }));
    this.#finished.setMaxListeners(0);
  }

  async start(): Promise<void> {
    await this.#oneInstanceAtATime(() => this.#boss.start());
    for (const kind of registeredJobKinds()) await this.#work(kind);
    this.#unsubscribe = onJobHandlerRegistered((kind) => {
      this.#work(kind).catch((error: unknown) => log.error("could not start job worker", { kind, error }));
    });
  }

  async enqueue(request: EnqueueRequest): Promise<{ id: string; created: boolean }> {
    if (!jobHandler(request.kind)) throw new Error(`No handler is registered for job kind "${request.kind}"`);
    if (!isUuid(request.shopId)) throw new Error(`Invalid shop id for a job: ${request.shopId}`);
    if (this.#stopping) throw new Error("The job queue is shutting down");
    const prisma = this.#app.db.prisma;
    const record = await insertJob(prisma, { id: randomUUID(), ...request });
    if (!record.created) return { id: record.id, created: false };
    try {
      await this.#boss.send(queueName(request.kind), { jobId: record.id } satisfies QueueMessage, { id: record.id, ...RETRY, ...jobRetryPolicy(this.#app, request.kind), expireInSeconds: EXPIRE_IN_SECONDS });
    } catch (error) {
      await deleteJobRecord(prisma, record.id);
      throw error;
    }
    const worker = await this.#workers.get(request.kind);
    if (worker) this.#boss.notifyWorker(worker);
    return { id: record.id, created: true };
  }

  /**
   * Runs `handler` on `cron` (UTC), once across all instances: a pg-boss schedule, so it is stored
   * in the database and survives restarts.
   */
  async schedule(name: string, cron: string, handler: () => Promise<unknown>): Promise<void> {
    const queue = queueName(name);
    await this.#boss.createQueue(queue, { name: queue, retryLimit: 1, retryDelay: 60 });
    await this.#boss.schedule(queue, cron, {}, { tz: "UTC" });
    await this.#boss.work(queue, { batchSize: 1, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS[this.#app.db.kind].schedules }, async () => {
      const result = await handler();
      log.info("scheduled job done", { job: name, result });
      return result;
    });
  }

  async schedules(): Promise<{ name: string; cron: string }[]> {
    return (await this.#boss.getSchedules()).map((schedule) => ({ name: schedule.name, cron: schedule.cron }));
  }

  /** The job once it has finished, or as it is when `timeoutMs` has passed (null: not this shop's). */
  async waitFor(shopId: string, jobId: string, timeoutMs: number): Promise<JobView | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await findJob(this.#app.db.prisma, shopId, jobId);
      const left = deadline - Date.now();
      if (!job || job.state === "succeeded" || job.state === "failed" || left <= 0) return job;
      // Woken by this instance's workers; polled in case another instance runs the job.
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#finished.off(jobId, done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 1_000));
        this.#finished.on(jobId, done);
      });
    }
  }

  /**
   * pg-boss's statements. A handler that outlives the grace period finishes after the database has
   * closed, and pg-boss then records its outcome (complete or fail) from a promise nobody awaits:
   * sent to the ended pool, or answered with rows pg-boss cannot read, that is an unhandled
   * rejection. Such a statement is dropped and answered "no job changed" (pg-boss reads complete's
   * and fail's answer as rows[0].count). pg-boss already failed the job when the grace period
   * ended, so it is retried after its retry delay on the next start.
   */
  async #sql(pool: pg.Pool, text: string, values: unknown[]) {
    if (this.#stopping && pool.ending) {
      log.info("job queue statement after the database closed, dropped", { statement: text.trim().slice(0, 80) });
      return { rows: [{ count: "0" }], rowCount: 1 };
    }
    const result = await (CREATE_QUEUE.test(text) ? createQueueSerialized(pool, text, values) : pool.query(text, values));
    const failedIn = FAIL_JOBS_BY_ID.test(text) && typeof values[0] === "string" ? values[0] : undefined;
    if (failedIn?.startsWith(QUEUE_PREFIX)) this.#armWake(failedIn.slice(QUEUE_PREFIX.length));
    return result;
  }

  /**
   * Stops fetching jobs and gives running ones `graceMs` to finish; a handler that reports
   * progress meanwhile is interrupted (its job goes back to the queue and resumes on the next start).
   */
  async stop(graceMs: number): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#unsubscribe?.();
    for (const { timer } of this.#retryWakes.values()) clearTimeout(timer);
    this.#retryWakes.clear();
    // A running handler stops at its next background query (or progress report), not after its
    // current batch: its job goes back to the queue before the grace period runs out.
    this.#app.db.interruptBackground(new JobInterrupted());
    await this.#boss.stop({ graceful: true, wait: true, close: false, timeout: Math.max(1_000, graceMs) });
  }

  /**
   * pg-boss installs its schema under its own lock, but an instance that checked for the schema
   * before another created it fails (duplicate "pgboss" namespace): instances starting together on
   * a new database must install it one after the other. The embedded database has one instance
   * and one connection, which this lock would hold.
   */
  async #oneInstanceAtATime<T>(run: () => Promise<T>): Promise<T> {
    if (this.#app.db.kind !== "postgres") return run();
    const client = await this.#app.db.pool.connect();
    try {
      await client.query("SELECT pg_advisory_lock(hashtext('palompy.pgboss.start'))");
      return await run();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('palompy.pgboss.start'))").catch(() => undefined);
      client.release();
    }
  }

  #work(kind: string): Promise<string | undefined> {
    let worker = this.#workers.get(kind);
    if (!worker) {
      worker = this.#startWorker(kind);
      this.#workers.set(kind, worker);
    }
    return worker;
  }

  async #startWorker(kind: string): Promise<string | undefined> {
    if (this.#stopping) return undefined;
    const queue = queueName(kind);
    await this.#boss.createQueue(queue, { name: queue, ...RETRY, expireInSeconds: EXPIRE_IN_SECONDS });
    const worker = await this.#boss.work<QueueMessage>(
      queue,
      { batchSize: 1, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS[this.#app.db.kind].kinds, includeMetadata: true },
      async ([job]) => {
        try {
          return await this.#run(job);
        } finally {
          // pg-boss waits a polling interval after every fetch, even one that found a job, so a
          // backlog would drain at one job per interval (bench: 200 webhook refreshes took over
          // 3 minutes). Waking the worker makes it fetch the next job at once; an empty fetch still waits.
          const worker = await this.#workers.get(kind);
          if (worker && !this.#stopping) this.#boss.notifyWorker(worker);
        }
      },
    );
    // Retries an earlier run of this instance (or another) left waiting.
    this.#armWake(kind);
    return worker;
  }

  /**
   * Wakes the kind's worker when its next waiting job comes due: pg-boss starts a failed job's retry
   * after a random share of its backoff delay, a moment only the database knows. Armed after a
   * failed attempt, when the worker starts (retries left by an earlier run) and after each wake.
   */
  #armWake(kind: string): void {
    if (!this.#workers.has(kind) || this.#stopping) return;
    this.#wakeWhenDue(kind).catch((error: unknown) => log.warn("could not arm a job queue wake-up", { kind, error }));
  }

  async #wakeWhenDue(kind: string): Promise<void> {
    const { rows } = await this.#app.db.pool.query<{ ms: number | null }>(
      `SELECT ceil(extract(epoch FROM min(start_after) - now()) * 1000)::float8 AS ms
         FROM pgboss.job WHERE name = $1 AND state < 'active' AND start_after > now()`,
      [queueName(kind)],
    );
    const dueInMs = rows[0]?.ms;
    if (dueInMs == null || this.#stopping) return;
    const at = Date.now() + dueInMs;
    const armed = this.#retryWakes.get(kind);
    // The earlier wake stays: it re-arms for the later job when it fires.
    if (armed && armed.at <= at) return;
    if (armed) clearTimeout(armed.timer);
    const timer = setTimeout(() => {
      this.#retryWakes.delete(kind);
      if (this.#stopping) return;
      this.#workers
        .get(kind)
        ?.then((worker) => worker && this.#boss.notifyWorker(worker))
        .catch(() => undefined); // a worker that failed to start was logged where it failed
      this.#armWake(kind);
    }, Math.min(dueInMs + 20, MAX_WAKE_DELAY_MS));
    timer.unref();
    this.#retryWakes.set(kind, { timer, at });
  }

  async #run(job: PgBoss.JobWithMetadata<QueueMessage>): Promise<null> {
    const prisma = this.#app.db.prisma;
    const jobId = job.data.jobId;
    const attempt = await startAttempt(prisma, jobId);
    if (!attempt) return null; // Its shop was deleted, or it already finished.
    const handler = jobHandler(attempt.kind);
    try {
      if (!handler) throw new Error(`No handler is registered for job kind "${attempt.kind}"`);
      // Handlers query through the background lane: requests go first on the embedded database.
      const app: AppContext = { ...this.#app, db: { ...this.#app.db, prisma: this.#app.db.backgroundPrisma } };
      const result = await handler(app, attempt.input, this.#reporter(jobId));
      await finishJob(prisma, jobId, result);
      this.#finished.emit(jobId);
      return null;
    } catch (error) {
      if (error instanceof JobInterrupted || this.#stopping) {
        // pg-boss retries it after the restart; this only keeps the merchant's view honest.
        await requeueJob(prisma, jobId).catch((cause: unknown) => log.warn("could not mark an interrupted job queued", { jobId, error: cause }));
        throw error;
      }
      const final = job.retryCount >= job.retryLimit;
      const message = error instanceof Error ? error.message : String(error);
      await failAttempt(prisma, jobId, message, final);
      log.error(final ? "job failed" : "job attempt failed, will retry", { jobId, shopId: attempt.shopId, kind: attempt.kind, attempt: job.retryCount + 1, error });
      if (final) this.#finished.emit(jobId);
      throw error;
    }
  }

  #reporter(jobId: string): ProgressReporter {
    return async (update) => {
      if (this.#stopping) throw new JobInterrupted();
      await recordProgress(this.#app.db.prisma, jobId, update);
    };
  }
}

/** Queues background work for a shop; `registerJobHandler(kind, fn)` says what runs it. */
export function enqueueJob(app: AppContext, request: EnqueueRequest): Promise<{ id: string; created: boolean }> {
  return app.jobs.enqueue(request);
}
