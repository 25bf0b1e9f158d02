import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client";
import { endShopConsoleSessions } from "./console-sessions.server";

const KEY_PREFIX = "psk_";

/** Keys carry 256 random bits, so a plain SHA-256 is enough to store them: nothing to brute-force. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * Gives the shop a new secret API key and returns it: the only time it exists in clear. The
 * previous key stops working at once (rotation after a leak must not leave a window), and so do
 * the console sessions opened with it or with the shop's one-time links, except `keepConsoleSession`
 * (the console session that asked for the new key).
 */
export async function issueShopApiKey(prisma: PrismaClient, shopId: string, options: { keepConsoleSession?: string } = {}): Promise<string> {
  const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  await prisma.shop.update({ where: { id: shopId }, data: { apiKeyHash: hashApiKey(key), apiKeyRotatedAt: new Date() } });
  await endShopConsoleSessions(prisma, shopId, options.keepConsoleSession);
  return key;
}

export async function findShopByApiKey(prisma: PrismaClient, key: string) {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  return prisma.shop.findUnique({ where: { apiKeyHash: hashApiKey(key) } });
}
