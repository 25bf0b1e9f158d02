import type pg from "pg";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";

/**
 * Prisma costs about 1 ms of CPU per raw statement and 2–3 ms per model query on top of the round
 * trip (bench/chat-turn-profile.mjs: a chat turn spent more CPU in Prisma than in answering). The
 * hot statements of a chat turn run here instead: the same SQL (a Prisma.sql template), sent by
 * node-postgres on the pool lane the client itself runs on, so the embedded database's request
 * priority (priority.server.ts) and the shutdown interruption of background work still apply.
 */
const lanes = new WeakMap<object, pg.Pool>();

/** Called where each client is created (open.server.ts) with the pool its adapter was given. */
export function bindRawSqlLane(prisma: PrismaClient, pool: pg.Pool): void {
  lanes.set(prisma, pool);
}

type RawClient = Pick<PrismaClient, "$queryRaw"> | Prisma.TransactionClient;

/**
 * Runs `sql` and returns its rows. A client with no bound lane (a transaction, which must keep its
 * own connection) runs it through Prisma. Row values are what node-postgres makes of them: the
 * statements here select only text, numbers, booleans, timestamps and JSON, which both paths
 * return alike (no bigint or numeric columns: cast them to int or float in the SQL).
 */
export async function rawQuery<Row>(prisma: RawClient, sql: Prisma.Sql): Promise<Row[]> {
  const pool = lanes.get(prisma);
  if (!pool) return (prisma as PrismaClient).$queryRaw<Row[]>(sql);
  return (await pool.query(sql.text, sql.values as unknown[])).rows as Row[];
}
