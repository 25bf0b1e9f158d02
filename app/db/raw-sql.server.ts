import { createHash } from "node:crypto";
import type pg from "pg";
import pgUtils from "pg/lib/utils";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { rememberedByKey } from "~/remembered";

/**
 * Prisma costs about 1 ms of CPU per raw statement and 2–3 ms per model query on top of the round
 * trip (bench/chat-turn-profile.mjs: a chat turn spent more CPU in Prisma than in answering). The
 * hot statements of a chat turn run here instead: the same SQL (a Prisma.sql template), sent by
 * node-postgres on the pool lane the client itself runs on, so the embedded database's request
 * priority (priority.server.ts) and the shutdown interruption of background work still apply.
 */
const lanes = new WeakMap<object, { pool: pg.Pool; prepares: boolean; inSubmissionOrder: boolean }>();

/**
 * Called where each client is created (open.server.ts) with the pool its adapter was given.
 * `prepares`: whether statements marked `prepared` are kept prepared on the connection (the embedded
 * database, see rawQuery). `inSubmissionOrder`: whether every statement this process sends runs on
 * one connection in the order it was sent and no other process reads the database (the embedded
 * database, one connection, one process owning its data).
 */
export function bindRawSqlLane(prisma: PrismaClient, pool: pg.Pool, options: { prepares: boolean; inSubmissionOrder: boolean }): void {
  lanes.set(prisma, { pool, ...options });
}

/** Whether a statement sent on this client runs before any this process sends after it, and nothing else reads the database (bindRawSqlLane). */
export function runsInSubmissionOrder(prisma: RawClient): boolean {
  return lanes.get(prisma)?.inSubmissionOrder ?? false;
}

type RawClient = Pick<PrismaClient, "$queryRaw"> | Prisma.TransactionClient;

/**
 * Runs `sql` and returns its rows. A client with no bound lane (a transaction, which must keep its
 * own connection) runs it through Prisma. Row values are what node-postgres makes of them: the
 * statements here select only text, numbers, booleans, timestamps and JSON, which both paths
 * return alike (no bigint or numeric columns: cast them to int or float in the SQL).
 *
 * `prepared`, for a statement of one fixed text sent on every request (a chat turn's rate limits,
 * its chosen chunks, its log row): on the embedded database it is parsed once per connection and
 * soon planned once (a named statement; Postgres keeps a generic plan after five executions when it
 * costs no more). Planning is most of such a statement's cost there: the chat turn's opening
 * statement 2.9-3.5 -> 1.1-1.3 ms, the chosen chunks 1.9-2.1 -> 1.1-1.3 ms (each replayed 200 times;
 * bench/REPORT.md section 3). Only for statements whose plan cannot change what they return, and
 * not on a PostgreSQL server, where a pooler in transaction mode (PgBouncer) may hand the next
 * statement to a connection that never prepared it.
 */
export async function rawQuery<Row>(prisma: RawClient, sql: Prisma.Sql, options: { prepared?: boolean; generic?: boolean } = {}): Promise<Row[]> {
  const lane = lanes.get(prisma);
  if (!lane) return (prisma as PrismaClient).$queryRaw<Row[]>(sql);
  const values = sql.values as unknown[];
  if (options.generic && lane.prepares) return (await genericQuery(lane.pool, sql.text, values)) as Row[];
  const result = options.prepared && lane.prepares ? await lane.pool.query({ name: preparedName(sql.text), text: sql.text, values }) : await lane.pool.query(sql.text, values);
  return result.rows as Row[];
}

/**
 * Several statements marked `generic` at once: on the embedded database in one round trip (one
 * message, each prepared once and executed), elsewhere each on its own, concurrently. The rows of
 * each, in order.
 */
export async function rawQueriesGeneric<Row>(prisma: RawClient, sqls: Prisma.Sql[]): Promise<Row[][]> {
  const lane = lanes.get(prisma);
  if (!lane?.prepares || sqls.length < 2) return Promise.all(sqls.map((sql) => rawQuery<Row>(prisma, sql, { generic: true })));
  const statements = sqls.map((sql) => ({ text: sql.text, values: sql.values as unknown[] }));
  const client = await lane.pool.connect();
  let batched: unknown[][] | undefined;
  try {
    const prepared = preparedOn(client);
    batched = await executeGeneric(client, statements, (name) => !prepared.has(name));
  } catch (error) {
    const code = (error as { code?: string }).code;
    // The session's prepared statements were not what this connection knew: each on its own, which finds out.
    if (code !== INVALID_STATEMENT_NAME && code !== DUPLICATE_PREPARED_STATEMENT) throw error;
  } finally {
    client.release();
  }
  return (batched ?? (await Promise.all(statements.map(({ text, values }) => genericQuery(lane.pool, text, values))))) as Row[][];
}

/** Whether rawQuery's `generic` plans a statement once on this client (the embedded database). */
export function plansGenerically(prisma: RawClient): boolean {
  return lanes.get(prisma)?.prepares ?? false;
}

/** The statements genericQuery prepared on each connection's session (a replacement connection starts empty, as its session does: DEALLOCATE ALL). */
const preparedGeneric = new WeakMap<pg.PoolClient, Set<string>>();

/**
 * `generic`, for a statement whose every input is a parameter and whose plan, whatever the inputs,
 * returns the same rows: planned once and for all inputs. On the embedded database planning is the
 * larger part of a statement such as the chat's channels' statement (replayed: 7.5-8.6 ms custom,
 * 3.1-3.8 ms generic), and Postgres keeps choosing a custom plan for it when left to its own rule.
 * So it is prepared and executed in one round trip with plan_cache_mode forced for that statement
 * alone (SET LOCAL in the same implicit transaction: no other statement of the session, and no
 * failed execution, is left with the setting), its values written inline as the literals
 * node-postgres would have sent.
 */
async function genericQuery(pool: pg.Pool, text: string, values: unknown[]): Promise<unknown[]> {
  const client = await pool.connect();
  try {
    const run = async (prepare: boolean) => (await executeGeneric(client, [{ text, values }], () => prepare))[0];
    try {
      return await run(!preparedOn(client).has(genericName(text)));
    } catch (error) {
      // The session lost the statement, or kept one this connection did not know of (prepared
      // before a failed execution): once more, knowing which.
      const code = (error as { code?: string }).code;
      if (code === INVALID_STATEMENT_NAME) return await run(true);
      if (code === DUPLICATE_PREPARED_STATEMENT) return await run(false);
      throw error;
    }
  } finally {
    client.release();
  }
}

/**
 * One message: plan_cache_mode forced for its implicit transaction, each statement whose name
 * `mustPrepare` says the session lacks prepared once, every statement executed with its values
 * inline. The rows of each execution, in order; the names prepared are remembered on the connection.
 */
async function executeGeneric(client: pg.PoolClient, statements: Array<{ text: string; values: unknown[] }>, mustPrepare: (name: string) => boolean): Promise<unknown[][]> {
  const message = ["SET LOCAL plan_cache_mode = force_generic_plan"];
  const executions: number[] = [];
  const preparing = new Set<string>();
  const names = statements.map(({ text }) => genericName(text));
  for (const [i, { text, values }] of statements.entries()) {
    const name = names[i];
    if (!preparing.has(name) && mustPrepare(name)) {
      preparing.add(name);
      message.push(`PREPARE ${name} AS ${text}`);
    }
    executions.push(message.length);
    message.push(`EXECUTE ${name}${values.length ? `(${values.map(sqlLiteral).join(", ")})` : ""}`);
  }
  const results = (await client.query(message.join(";\n"))) as unknown as pg.QueryResult[];
  const prepared = preparedOn(client);
  for (const name of names) prepared.add(name);
  return executions.map((at) => results[at].rows);
}

/** The statements prepared for rawQuery's `generic` on this connection's session. */
function preparedOn(client: pg.PoolClient): Set<string> {
  let prepared = preparedGeneric.get(client);
  if (!prepared) preparedGeneric.set(client, (prepared = new Set()));
  return prepared;
}

const genericName = (text: string) => `palompy_generic_${statementHash(text)}`;

const INVALID_STATEMENT_NAME = "26000";
const DUPLICATE_PREPARED_STATEMENT = "42P05";

/** A parameter value as the SQL literal node-postgres would have sent (text, arrays, dates, numbers); typed by the statement's own parameter types. */
function sqlLiteral(value: unknown): string {
  // A string or number is what node-postgres's prepareValue would return as text; its other types
  // (arrays, dates, buffers, objects) go through it. Most of a channels' statement's sixty values
  // are strings and numbers, and prepareValue, seeing every type, ran slowly in a fresh process.
  const prepared = typeof value === "string" || typeof value === "number" ? value : pgUtils.prepareValue(value);
  if (prepared === null || prepared === undefined) return "NULL";
  const text = String(prepared);
  // node-postgres escapes character by character, a string allocated per character: for a turn's
  // query embedding (kilobytes of digits) that was most of the garbage the literals made.
  return text.includes("'") || text.includes("\\") ? pgUtils.escapeLiteral(text) : `'${text}'`;
}

/** A prepared statement's name is its text's: one text, one name, on every connection. */
const preparedName = (text: string) => `palompy_${statementHash(text)}`;
/**
 * A turn's statements are a handful of texts (their shapes), several kilobytes each: hashed once each,
 * not on every call (sha256 of them was 0.19 ms of a chat turn's main-thread CPU).
 */
const statementHash = rememberedByKey(1_000, (text) => createHash("sha256").update(text).digest("hex").slice(0, 32));
