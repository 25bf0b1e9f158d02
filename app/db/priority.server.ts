import type pg from "pg";

/**
 * The embedded database has one connection. Requests (a chat turn: a handful of short queries in a
 * row) and background jobs (an import: hundreds of short transactions) share it, and FIFO order
 * would make every query of a chat turn wait behind one of the import's transactions. So the
 * background lane waits for a quiet moment before each query or transaction: no request query in
 * flight and none finished in the last QUIET_MS (the gap between one turn's queries). It never
 * waits longer than MAX_YIELD_MS, so a busy storefront slows an import down but cannot stall it.
 */
const QUIET_MS = 15;
const MAX_YIELD_MS = 100;
const POLL_MS = 5;

export class ConnectionPriority {
  #active = 0;
  #lastActivity = 0;
  #interrupted?: Error;

  /** From now on every background query fails with `error` (shutdown: jobs stop at their next query). */
  interruptBackground(error: Error): void {
    this.#interrupted = error;
  }

  /** The same pool, with every query and checked-out client counted as request work. */
  interactive(pool: pg.Pool): pg.Pool {
    const lane = Object.create(pool) as pg.Pool;
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    Object.assign(lane, {
      query: (...args: unknown[]) => this.#during(() => query(...args)),
      connect: async () => {
        this.#begin();
        try {
          const client = await pool.connect();
          const release = client.release.bind(client);
          client.release = (error?: Error | boolean) => {
            client.release = release;
            this.#end();
            return release(error);
          };
          return client;
        } catch (error) {
          this.#end();
          throw error;
        }
      },
    });
    return lane;
  }

  /** The same pool for background work: each query or transaction first yields to requests. */
  background(pool: pg.Pool): pg.Pool {
    const lane = Object.create(pool) as pg.Pool;
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    Object.assign(lane, {
      query: async (...args: unknown[]) => {
        await this.#quietMoment();
        return query(...args);
      },
      connect: async () => {
        await this.#quietMoment();
        return pool.connect();
      },
    });
    return lane;
  }

  async #quietMoment(): Promise<void> {
    const deadline = Date.now() + MAX_YIELD_MS;
    while (Date.now() < deadline && (this.#active > 0 || Date.now() - this.#lastActivity < QUIET_MS)) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    if (this.#interrupted) throw this.#interrupted;
  }

  async #during<T>(run: () => Promise<T>): Promise<T> {
    this.#begin();
    try {
      return await run();
    } finally {
      this.#end();
    }
  }

  #begin(): void {
    this.#active++;
    this.#lastActivity = Date.now();
  }

  #end(): void {
    this.#active--;
    this.#lastActivity = Date.now();
  }
}

/**
 * A server has a connection per query, so background work needs no yielding there, only to stop at
 * shutdown: without this a running job kept querying through the grace period and into the closed
 * pool, and its job stayed taken until it expired instead of going back to the queue at once.
 */
export class InterruptibleLane {
  #interrupted?: Error;

  /** From now on every background query fails with `error`. */
  interruptBackground(error: Error): void {
    this.#interrupted = error;
  }

  background(pool: pg.Pool): pg.Pool {
    const lane = Object.create(pool) as pg.Pool;
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    const check = () => {
      if (this.#interrupted) throw this.#interrupted;
    };
    Object.assign(lane, {
      query: async (...args: unknown[]) => {
        check();
        return query(...args);
      },
      connect: async () => {
        check();
        return pool.connect();
      },
    });
    return lane;
  }
}
