import { createHash, createHmac, randomBytes } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client";

/**
 * Console sessions as rows: the cookie carries a random token, the database its SHA-256 (a copy of
 * the table opens nothing). A session is whatever its row says, so it ends on the server —
 * logout, rotation of the shop's API key, another operator token, 12 hours — whatever the
 * browser keeps. No Remix here: the cookie is session.server.ts's business.
 */

export const CONSOLE_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface ConsoleLogin {
  /** The row's id (the token's hash), to end it or keep it. */
  id: string;
  shopId: string | null;
  operator: boolean;
}

function sessionId(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * What identifies the operator token a session logged in with, without storing the token: an
 * HMAC under the secret key (the token may be a short, guessable string; a plain hash could be
 * brute-forced from a copy of the table).
 */
export function operatorTokenDigest(secretKey: string, adminToken: string): string {
  return createHmac("sha256", secretKey).update(`console-operator:${adminToken}`).digest("hex");
}

export interface OperatorKeys {
  secretKey: string;
  /** PALOMPY_ADMIN_TOKEN as configured now; undefined ends every operator session. */
  adminToken: string | undefined;
}

/** Opens a session and returns the token for the cookie. Expired rows are swept on the way. */
export async function openConsoleSession(
  prisma: PrismaClient,
  keys: OperatorKeys,
  who: { shopId?: string; operator: boolean },
  now = Date.now(),
): Promise<string> {
  if (who.operator && !keys.adminToken) throw new Error("An operator session needs PALOMPY_ADMIN_TOKEN.");
  const token = randomBytes(32).toString("base64url");
  await prisma.consoleSession.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  await prisma.consoleSession.create({
    data: {
      id: sessionId(token),
      shopId: who.shopId ?? null,
      operator: who.operator,
      operatorTokenDigest: who.operator && keys.adminToken ? operatorTokenDigest(keys.secretKey, keys.adminToken) : null,
      createdAt: new Date(now),
      expiresAt: new Date(now + CONSOLE_SESSION_TTL_MS),
    },
  });
  return token;
}

/** The live session a cookie's token names, or null: unknown, ended, expired, or an operator session of another token. */
export async function findConsoleSession(prisma: PrismaClient, keys: OperatorKeys, token: string | undefined, now = Date.now()): Promise<ConsoleLogin | null> {
  if (!token || token.length > 100) return null;
  const row = await prisma.consoleSession.findUnique({ where: { id: sessionId(token) } });
  if (!row || row.expiresAt.getTime() <= now) return null;
  if (row.operator) {
    const current = keys.adminToken ? operatorTokenDigest(keys.secretKey, keys.adminToken) : null;
    if (!current || row.operatorTokenDigest !== current) return null;
  }
  return { id: row.id, shopId: row.shopId, operator: row.operator };
}

export async function endConsoleSession(prisma: PrismaClient, token: string | undefined): Promise<void> {
  if (token) await prisma.consoleSession.deleteMany({ where: { id: sessionId(token) } });
}

/**
 * Ends every session opened with the shop's key or one of its one-time links (a new key after a
 * leak must shut out whoever used the old one), except `keep`: the console session that rotated
 * it. The operator's sessions rest on the operator token and stay.
 */
export async function endShopConsoleSessions(prisma: PrismaClient, shopId: string, keep?: string): Promise<number> {
  const ended = await prisma.consoleSession.deleteMany({ where: { shopId, operator: false, ...(keep ? { id: { not: keep } } : {}) } });
  return ended.count;
}
