import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { DEFAULT_DB_POOL_SIZE } from "../config.server";
import { applyMigrations, type SqlRunner } from "./migrate.server";
import { ensurePrivateFolder, restrictTree } from "./private-folder.server";
import { ConnectionPriority, InterruptibleLane } from "./priority.server";
import { bindRawSqlLane } from "./raw-sql.server";

/** poolSize: the most connections this process opens to the server (PALOMPY_DB_POOL_SIZE); DEFAULT_DB_POOL_SIZE when not given. */
export type DatabaseTarget = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string; poolSize?: number };

export interface Database {
  prisma: PrismaClient;
  /**
   * For background jobs: on the embedded database (one connection) its queries yield to requests'
   * (see ConnectionPriority); on both, its queries fail once interruptBackground was called.
   */
  backgroundPrisma: PrismaClient;
  /** Makes background queries fail from now on (shutdown: a running job stops at its next query). */
  interruptBackground(error: Error): void;
  kind: DatabaseTarget["kind"];
  /** Raw access for the migrator and the readiness probe. */
  runner: SqlRunner;
  /** The connection pool Prisma runs on; the job queue shares it (one connection on PGlite). */
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * Per-session planner settings, set once per connection instead of per query (an interactive
 * transaction per chat turn only for `SET LOCAL`). The HNSW index holds every shop: iterative
 * scans keep searching until the shop filter has produced enough rows (pgvector >= 0.8; the
 * version is checked at start and by /readyz, see app/db/readiness.server.ts). ef_search is the
 * candidate list of the first pass, sized for the retriever's usual candidate counts.
 * On a server they travel in each connection's startup message (libpq `options`), not as a query
 * on `connect`: such a query ran alongside the first query the pool handed the client out for, two
 * queries at once on one client (a deprecation warning in pg 8, an error in pg 9). The embedded
 * database is one backend session whatever the connection, so its worker sets them once.
 */
const SESSION_SETTINGS: Record<string, string> = { "hnsw.iterative_scan": "relaxed_order", "hnsw.ef_search": "100" };
export const SESSION_OPTIONS = Object.entries(SESSION_SETTINGS)
  .map(([name, value]) => `-c ${name}=${value}`)
  .join(" ");
const SESSION_SQL = Object.entries(SESSION_SETTINGS)
  .map(([name, value]) => `SET ${name} = ${value};`)
  .join(" ");

/**
 * Opens the database (embedded PGlite in a folder, or a PostgreSQL server with pgvector when a URL
 * is given) and applies pending migrations before anything else may use it. Both are reached the
 * same way: node-postgres and Prisma's pg adapter.
 */
export async function openDatabase(target: DatabaseTarget, options: { migrate?: boolean } = {}): Promise<Database> {
  const database = target.kind === "pglite" ? await openEmbedded(target.dataDir) : openPool("postgres", { connectionString: target.url, max: target.poolSize ?? DEFAULT_DB_POOL_SIZE });
  if (options.migrate !== false) {
    try {
      await database.migrate();
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

type OpenedDatabase = Database & { migrate(): Promise<unknown> };

/**
 * PGlite is one Postgres backend. It runs in a worker thread behind a unix socket in a private
 * (0700) temporary folder, on a data folder only its owner can read (private-folder.server.ts), and the app holds exactly one connection to it, shared by Prisma and the
 * job queue: the backend is one session whatever the connection (server/pglite-wire.mjs takes
 * connections in turns), so a second connection would add nothing but waiting.
 */
async function openEmbedded(dataDir: string): Promise<OpenedDatabase> {
  const onDisk = !dataDir.startsWith("memory://");
  if (onDisk) ensurePrivateFolder(dataDir);
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "palompy-db-"));
  const port = 5432;
  const worker = new Worker(embeddedWorkerPath(), {
    // Slack for a replaced broken connection; the pool itself never opens a second one.
    workerData: { dataDir, socketPath: path.join(socketDir, `.s.PGSQL.${port}`), maxConnections: 2, sessionSql: SESSION_SQL },
  });
  try {
    await workerMessage(worker, "ready");
  } catch (error) {
    await worker.terminate();
    fs.rmSync(socketDir, { recursive: true, force: true });
    throw error;
  }
  if (onDisk) restrictTree(dataDir);
  // PGlite is one session whatever the connection: a connection replacing a broken one starts with
  // the statements its predecessor prepared (rawQuery's `prepared`), which it would prepare again.
  // pg-pool awaits onConnect before handing the connection out.
  const onConnect = async (client: pg.ClientBase) => {
    await client.query("DEALLOCATE ALL");
  };
  const database = openPool("pglite", { host: socketDir, port, user: "postgres", database: "postgres", max: 1, idleTimeoutMillis: 0, onConnect }, new ConnectionPriority());
  return {
    ...database,
    close: async () => {
      await database.close();
      worker.postMessage({ type: "close" });
      await workerMessage(worker, "closed").catch(() => worker.terminate());
      fs.rmSync(socketDir, { recursive: true, force: true });
      if (onDisk) restrictTree(dataDir);
    },
  };
}

/** Plain JavaScript run by Node itself, so it lives beside the server entry, not in the bundle. */
function embeddedWorkerPath(): string {
  return process.env.PALOMPY_DB_WORKER ?? path.resolve(process.cwd(), "server/pglite-worker.mjs");
}

function workerMessage(worker: Worker, type: "ready" | "closed"): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string; error?: string }) => {
      if (message.type === "failed") finish(new Error(`Embedded database failed to start: ${message.error}`));
      else if (message.type === type) finish(message.error ? new Error(message.error) : undefined);
    };
    const onExit = (code: number) => finish(new Error(`Embedded database thread exited (code ${code})`));
    const finish = (error?: Error) => {
      worker.off("message", onMessage);
      worker.off("exit", onExit);
      if (error) reject(error);
      else resolve();
    };
    worker.on("message", onMessage);
    worker.on("exit", onExit);
  });
}

function openPool(kind: DatabaseTarget["kind"], config: pg.PoolConfig, priority?: ConnectionPriority): OpenedDatabase {
  const pool = new pg.Pool({ options: SESSION_OPTIONS, ...config });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  const interactivePool = priority ? priority.interactive(pool) : pool;
  const prisma = new PrismaClient({ adapter: new PrismaPg(interactivePool) });
  const lanes = priority ?? new InterruptibleLane();
  const backgroundPool = lanes.background(pool);
  const backgroundPrisma = new PrismaClient({ adapter: new PrismaPg(backgroundPool) });
  const embedded = kind === "pglite";
  bindRawSqlLane(prisma, interactivePool, { prepares: embedded, inSubmissionOrder: embedded && config.max === 1 });
  // Background work waits for a quiet moment before it sends: not in the order it was asked for.
  bindRawSqlLane(backgroundPrisma, backgroundPool, { prepares: embedded, inSubmissionOrder: false });
  const runnerOn = (target: pg.Pool | pg.PoolClient): SqlRunner => ({
    exec: async (sql) => {
      await target.query(sql);
    },
    query: async <Row>(sql: string, params: unknown[] = []) => (await target.query(sql, params)).rows as Row[],
  });
  return {
    prisma,
    backgroundPrisma,
    interruptBackground: (error) => lanes.interruptBackground(error),
    kind,
    pool,
    runner: runnerOn(pool),
    // The advisory lock and each migration's transaction belong to one session: one connection.
    migrate: async () => {
      const client = await pool.connect();
      try {
        return await applyMigrations(runnerOn(client));
      } finally {
        client.release();
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await backgroundPrisma.$disconnect();
      await pool.end();
    },
  };
}
