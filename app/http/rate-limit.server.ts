import { rawQuery } from "~/db/raw-sql.server";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { log } from "~/log.server";
import { HttpError } from "./errors";

export interface RateLimitRule {
  /** What is counted, e.g. `chat:session:<id>`, `chat:ip:<ip>`, `chat:shop:<id>`. */
  key: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
  /** The rule that refused, when one did. */
  key?: string;
}

/**
 * Fixed-window counters in the database, so a limit holds across every app instance. Each rule
 * is one upsert; expired windows are swept now and then rather than on every call. Rules are
 * consumed in order and the first refusal stops there: a request refused by its session's or
 * address's rule never counts against the shop's, so a few abusers cannot use up a whole shop.
 * All the rules go in one statement (a chat turn's session and shop counters are one round trip):
 * each upsert runs only when the previous counter is still within its limit.
 */
export async function consumeRateLimits(prisma: PrismaClient, rules: RateLimitRule[], now = Date.now()): Promise<RateLimitVerdict> {
  return (await consumeRateLimitsAlongside(prisma, rules, undefined, now)).verdict;
}

/**
 * consumeRateLimits, with a read the caller needs next (`column`, a scalar SQL expression) in the
 * same statement: a round trip less on every chat turn. The read happens whatever the verdict.
 */
export async function consumeRateLimitsAlongside(
  prisma: PrismaClient,
  rules: RateLimitRule[],
  column: Prisma.Sql | undefined,
  now = Date.now(),
): Promise<{ verdict: RateLimitVerdict; alongside: unknown }> {
  const counted = rules.filter((rule) => rule.limit > 0);
  const windows = counted.map((rule) => Math.floor(now / rule.windowMs) * rule.windowMs);
  const distinct = new Set(counted.map((rule) => rule.key)).size === counted.length;
  const { counts, alongside } = distinct ? await countAll(prisma, counted, windows, column) : { counts: await countOneByOne(prisma, counted, windows), alongside: await readAlone(prisma, column) };
  sweepNowAndThen(prisma, now);
  return { verdict: verdictOf(counted, counts, windows, now), alongside };
}

/** The first rule whose count went over its limit refuses; counts are null where an earlier rule refused. */
function verdictOf(rules: RateLimitRule[], counts: (number | null)[], windows: number[], now: number): RateLimitVerdict {
  for (const [i, rule] of rules.entries()) {
    const count = counts[i];
    if (count === null || count <= rule.limit) continue;
    return { allowed: false, key: rule.key, retryAfterSeconds: Math.max(1, Math.ceil((windows[i] + rule.windowMs - now) / 1000)) };
  }
  return { allowed: true, retryAfterSeconds: 0 };
}

/**
 * One call in a hundred deletes the expired counters. Not waited for: no verdict depends on it, and
 * the call it fell on had waited for a round trip of its own (a chat turn's tail).
 */
function sweepNowAndThen(prisma: PrismaClient, now: number): void {
  if (Math.random() < 0.01) {
    prisma.$executeRaw`DELETE FROM rate_limit_counters WHERE expires_at < ${new Date(now)}`.catch((error: unknown) =>
      log.warn("could not delete expired rate-limit counters", { error }),
    );
  }
}

async function readAlone(prisma: PrismaClient, column: Prisma.Sql | undefined): Promise<unknown> {
  if (!column) return undefined;
  const [row] = await rawQuery<{ alongside: unknown }>(prisma, Prisma.sql`SELECT ${column} AS alongside`);
  return row?.alongside;
}

/**
 * A rule counted per row a statement looks up in the same statement (see consumeRateLimitsForSubject):
 * its key is `${keyPrefix}<the row's id>${keySuffix}`, e.g. a chat turn's `chat:session:<shop id>:<session id>`.
 */
export interface SubjectRateLimitRule {
  keyPrefix: string;
  keySuffix?: string;
  limit: number;
  windowMs: number;
}

/** What consumeRateLimitsForSubject looks up: at most one row with an `id` column. */
export interface RateLimitSubject {
  /** A SELECT of the row, e.g. a shop by its public key. */
  select: Prisma.Sql;
  /** An SQL condition on the row (as `subject`) under which its rules count, e.g. that the shop is active. */
  countsWhen: Prisma.Sql;
}

export interface SubjectCount {
  verdict: RateLimitVerdict;
  /** The subject's columns as node-postgres read them, or null when the select found no row. */
  subject: Record<string, unknown> | null;
  alongside: unknown;
}

/**
 * consumeRateLimitsAlongside for a request whose limits name a row it has yet to look up (a widget
 * call's shop, named by its public key): the `rules` (the caller's address) count first, then the
 * row is read and its own rules count, when it exists and `countsWhen` holds — all in one statement,
 * the first refusal stopping the later rules as before. `column` (given the row's id as an SQL
 * expression) is read alongside.
 */
export async function consumeRateLimitsForSubject(
  prisma: PrismaClient,
  rules: RateLimitRule[],
  subject: RateLimitSubject,
  subjectRules: SubjectRateLimitRule[],
  column?: (subjectId: Prisma.Sql) => Prisma.Sql,
  now = Date.now(),
): Promise<SubjectCount> {
  const counted = rules.filter((rule) => rule.limit > 0);
  const countedForSubject = subjectRules.filter((rule) => rule.limit > 0);
  if (new Set(counted.map((rule) => rule.key)).size !== counted.length) throw new Error("consumeRateLimitsForSubject: a key is named twice");
  const all = [...counted, ...countedForSubject];
  const windows = all.map((rule) => Math.floor(now / rule.windowMs) * rule.windowMs);
  const steps = [
    ...counted.map((rule, i) => counterStep(i, Prisma.sql`${rule.key}`, windows[i], rule, all[i - 1])),
    ...countedForSubject.map((rule, j) => {
      const i = counted.length + j;
      return counterStep(i, subjectKeySql(rule), windows[i], rule, all[i - 1], { from: Prisma.sql`FROM subject`, when: subject.countsWhen });
    }),
  ];
  const columns = all.map((_, i) => Prisma.raw(`(SELECT count FROM c${i}) AS ${COUNT_COLUMN}${i}`));
  columns.push(Prisma.sql`${column ? column(Prisma.sql`(SELECT id FROM subject)`) : Prisma.sql`NULL`} AS ${Prisma.raw(ALONGSIDE_COLUMN)}`);
  const [row] = await rawQuery<Record<string, unknown>>(
    prisma,
    Prisma.sql`WITH subject AS (${subject.select}) ${steps.length ? Prisma.sql`, ${Prisma.join(steps, ", ")}` : Prisma.empty}
      SELECT ${Prisma.join(columns, ", ")}, subject.* FROM (SELECT 1) AS one LEFT JOIN subject ON true`,
    { prepared: true },
  );
  const counts = all.map((_, i) => (row?.[`${COUNT_COLUMN}${i}`] == null ? null : Number(row[`${COUNT_COLUMN}${i}`])));
  const subjectRow = row && row.id != null ? Object.fromEntries(Object.entries(row).filter(([name]) => !name.startsWith(COUNT_COLUMN) && name !== ALONGSIDE_COLUMN)) : null;
  const keyOf = (rule: RateLimitRule | SubjectRateLimitRule) => ("key" in rule ? rule.key : subjectRuleKey(rule, String(subjectRow?.id)));
  sweepNowAndThen(prisma, now);
  return { verdict: verdictOf(all.map((rule) => ({ ...rule, key: keyOf(rule) })), counts, windows, now), subject: subjectRow, alongside: row?.[ALONGSIDE_COLUMN] };
}

const COUNT_COLUMN = "palompy_rate_count_";
const ALONGSIDE_COLUMN = "palompy_alongside";

/** A subject rule's key for the row `id`: `${keyPrefix}${id}${keySuffix}`. */
export function subjectRuleKey(rule: SubjectRateLimitRule, id: string): string {
  return `${rule.keyPrefix}${id}${rule.keySuffix ?? ""}`;
}

/** subjectRuleKey in SQL, over the statement's `subject` row. */
const subjectKeySql = (rule: SubjectRateLimitRule) => Prisma.sql`${rule.keyPrefix} || subject.id::text || ${rule.keySuffix ?? ""}`;

/**
 * Counter `i` of a statement's chain (the common table expression `c<i>`): an upsert of `key` in its
 * window, run only while the counter before it (`previous`) is within its limit and, for a row's
 * own rule, when the row exists (`of.from`) and `of.when` holds.
 */
function counterStep(i: number, key: Prisma.Sql, windowStart: number, rule: { windowMs: number }, previous: { limit: number } | undefined, of?: { from: Prisma.Sql; when: Prisma.Sql }): Prisma.Sql {
  const conditions = [...(of ? [of.when] : []), ...(previous ? [Prisma.sql`(SELECT count FROM ${Prisma.raw(`c${i - 1}`)}) <= ${previous.limit}::int`] : [])];
  return Prisma.sql`${Prisma.raw(`c${i}`)} AS (
      INSERT INTO rate_limit_counters (key, window_start, count, expires_at)
      SELECT ${key}, ${new Date(windowStart)}::timestamptz, 1, ${new Date(windowStart + rule.windowMs)}::timestamptz
      ${of ? of.from : Prisma.empty}
      ${conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty}
      ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
      RETURNING count)`;
}

/** Each rule's count after this call, null where an earlier rule refused first; and the `column` read alongside. */
async function countAll(prisma: PrismaClient, rules: RateLimitRule[], windows: number[], column?: Prisma.Sql): Promise<{ counts: (number | null)[]; alongside: unknown }> {
  if (!rules.length) return { counts: [], alongside: await readAlone(prisma, column) };
  const steps = rules.map((rule, i) => counterStep(i, Prisma.sql`${rule.key}`, windows[i], rule, rules[i - 1]));
  const columns = rules.map((_, i) => Prisma.raw(`(SELECT count FROM c${i}) AS c${i}`));
  if (column) columns.push(Prisma.sql`${column} AS alongside`);
  const [row] = await rawQuery<Record<string, unknown>>(prisma, Prisma.sql`WITH ${Prisma.join(steps, ", ")} SELECT ${Prisma.join(columns, ", ")}`, { prepared: true });
  return {
    counts: rules.map((_, i) => (row?.[`c${i}`] === null || row?.[`c${i}`] === undefined ? null : Number(row[`c${i}`]))),
    alongside: row?.alongside,
  };
}

/** The same, a statement per rule: for a list that names one key twice (one statement cannot upsert a row twice). */
async function countOneByOne(prisma: PrismaClient, rules: RateLimitRule[], windows: number[]): Promise<(number | null)[]> {
  const counts: (number | null)[] = rules.map(() => null);
  for (const [i, rule] of rules.entries()) {
    const [row] = await rawQuery<{ count: number }>(
      prisma,
      Prisma.sql`
        INSERT INTO rate_limit_counters (key, window_start, count, expires_at)
        VALUES (${rule.key}, ${new Date(windows[i])}, 1, ${new Date(windows[i] + rule.windowMs)})
        ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
        RETURNING count`,
    );
    counts[i] = Number(row?.count ?? 0);
    if (counts[i]! > rule.limit) break;
  }
  return counts;
}

/**
 * Whether the rule's current window is already used up, without counting this call: for a limit
 * that only failures consume but that then refuses every request (see app/http/admin-route.server.ts).
 */
export async function peekRateLimit(prisma: PrismaClient, rule: RateLimitRule, now = Date.now()): Promise<RateLimitVerdict> {
  if (rule.limit <= 0) return { allowed: true, retryAfterSeconds: 0 };
  const windowStart = Math.floor(now / rule.windowMs) * rule.windowMs;
  const rows = await prisma.$queryRaw<{ count: number }[]>`
    SELECT count FROM rate_limit_counters WHERE key = ${rule.key} AND window_start = ${new Date(windowStart)}`;
  if (Number(rows[0]?.count ?? 0) < rule.limit) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, key: rule.key, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + rule.windowMs - now) / 1000)) };
}

/** A 429 with Retry-After for a refusing verdict. */
export function rateLimitedError(verdict: RateLimitVerdict, headers: Record<string, string> = {}): HttpError {
  return new HttpError(429, "rate_limited", `Too many requests; try again in ${verdict.retryAfterSeconds} s.`, undefined, {
    ...headers,
    "retry-after": String(verdict.retryAfterSeconds),
  });
}

/** Throws a 429 with Retry-After when any rule is exhausted. */
export async function enforceRateLimits(prisma: PrismaClient, rules: RateLimitRule[], headers: Record<string, string> = {}): Promise<void> {
  await enforceRateLimitsAlongside(prisma, rules, undefined, headers);
}

/** enforceRateLimits, returning `column` read in the same statement (consumeRateLimitsAlongside). */
export async function enforceRateLimitsAlongside(prisma: PrismaClient, rules: RateLimitRule[], column: Prisma.Sql | undefined, headers: Record<string, string> = {}): Promise<unknown> {
  const { verdict, alongside } = await consumeRateLimitsAlongside(prisma, rules, column);
  if (!verdict.allowed) throw rateLimitedError(verdict, headers);
  return alongside;
}

/** Whether a rule still has room, without counting this request (for limits counted only on failure). */
export async function rateLimitExhausted(prisma: PrismaClient, rule: RateLimitRule, now = Date.now()): Promise<RateLimitVerdict> {
  if (rule.limit <= 0) return { allowed: true, retryAfterSeconds: 0 };
  const windowStart = Math.floor(now / rule.windowMs) * rule.windowMs;
  const rows = await prisma.$queryRaw<{ count: number }[]>`
    SELECT count FROM rate_limit_counters WHERE key = ${rule.key} AND window_start = ${new Date(windowStart)}`;
  const count = Number(rows[0]?.count ?? 0);
  return count >= rule.limit
    ? { allowed: false, key: rule.key, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + rule.windowMs - now) / 1000)) }
    : { allowed: true, retryAfterSeconds: 0 };
}
