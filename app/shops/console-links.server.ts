import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client";
import { isUuid } from "~/uuid";

/** Long enough to click from a plugin's settings page, short enough that a leaked link is stale. */
export const CONSOLE_LINK_TTL_MS = 5 * 60_000;

interface LinkClaims {
  shopId: string;
  nonce: string;
  expiresAt: number;
}

function sign(secret: string, payload: string): string {
  return createHmac("sha256", `console-link:${secret}`).update(payload).digest("base64url");
}

/** A signed, self-contained token naming the shop, a nonce (spent on use) and the expiry. */
export function createConsoleLinkToken(secret: string, shopId: string, now = Date.now()): { token: string; expiresAt: Date } {
  const claims: LinkClaims = { shopId, nonce: randomBytes(16).toString("base64url"), expiresAt: now + CONSOLE_LINK_TTL_MS };
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return { token: `${payload}.${sign(secret, payload)}`, expiresAt: new Date(claims.expiresAt) };
}

function verifyConsoleLinkToken(secret: string, token: string, now: number): LinkClaims | null {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(secret, payload));
  const presented = Buffer.from(signature);
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<LinkClaims>;
    if (typeof claims.shopId !== "string" || !isUuid(claims.shopId) || typeof claims.nonce !== "string") return null;
    if (typeof claims.expiresAt !== "number" || claims.expiresAt < now) return null;
    return claims as LinkClaims;
  } catch {
    return null;
  }
}

/**
 * The shop id a valid, unexpired, unused link would open, without spending it: for a HEAD (link
 * previews, scanners) and for asking before a link switches a logged-in browser to another shop.
 */
export async function peekConsoleLink(prisma: PrismaClient, secret: string, token: string, now = Date.now()): Promise<string | null> {
  const claims = verifyConsoleLinkToken(secret, token, now);
  if (!claims) return null;
  const used = await prisma.consoleLinkUse.findUnique({ where: { nonce: claims.nonce }, select: { nonce: true } });
  return used ? null : claims.shopId;
}

/**
 * The shop id a valid, unexpired, unused link opens, spending it; null otherwise. Spending is an
 * insert on the nonce's primary key, so two simultaneous clicks cannot both log in.
 */
export async function redeemConsoleLink(prisma: PrismaClient, secret: string, token: string, now = Date.now()): Promise<string | null> {
  const claims = verifyConsoleLinkToken(secret, token, now);
  if (!claims) return null;
  const inserted = await prisma.$executeRaw`
    INSERT INTO console_link_uses (nonce, shop_id, expires_at)
    SELECT ${claims.nonce}, id, ${new Date(claims.expiresAt)} FROM shops WHERE id = ${claims.shopId}::uuid
    ON CONFLICT (nonce) DO NOTHING`;
  if (Math.random() < 0.05) await prisma.$executeRaw`DELETE FROM console_link_uses WHERE expires_at < ${new Date(now)}`;
  return inserted === 1 ? claims.shopId : null;
}
