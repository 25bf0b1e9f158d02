import { rawQuery } from "~/db/raw-sql.server";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
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
 * costs one upsert; expired windows are swept now and then rather than on every call. Rules are
 * consumed in order and the first refusal stops there: a request refused by its session's or
 * address's rule never counts against the shop's, so a few abusers cannot use up a whole shop.
 */
export async function consumeRateLimits(prisma: PrismaClient, rules: RateLimitRule[], now = Date.now()): Promise<RateLimitVerdict> {
  let refused: RateLimitVerdict | undefined;
  for (const rule of rules) {
    if (rule.limit <= 0) continue;
    const windowStart = Math.floor(now / rule.windowMs) * rule.windowMs;
    const rows = await rawQuery<{ count: number }>(
      prisma,
      Prisma.sql`
        INSERT INTO rate_limit_counters (key, window_start, count, expires_at)
        VALUES (${rule.key}, ${new Date(windowStart)}, 1, ${new Date(windowStart + rule.windowMs)})
        ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
        RETURNING count`,
    );
    const count = Number(rows[0]?.count ?? 0);
    if (count > rule.limit) {
      refused = { allowed: false, key: rule.key, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + rule.windowMs - now) / 1000)) };
      break;
    }
  }
  if (Math.random() < 0.01) {
    await prisma.$executeRaw`DELETE FROM rate_limit_counters WHERE expires_at < ${new Date(now)}`;
  }
  return refused ?? { allowed: true, retryAfterSeconds: 0 };
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
  const verdict = await consumeRateLimits(prisma, rules);
  if (!verdict.allowed) throw rateLimitedError(verdict, headers);
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
