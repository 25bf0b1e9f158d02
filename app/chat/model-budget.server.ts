import type { PrismaClient } from "~/generated/prisma/client";
import { consumeRateLimits } from "~/http/rate-limit.server";

const DAY_MS = 86_400_000;

/**
 * Counts one model call against the shop's daily budget (one counter per shop and UTC day, in the
 * database, so it holds across every instance) and says whether the call may go ahead. Abuse cannot
 * run up a merchant's model bill: past the cap the offline composer answers. A limit of 0 means no cap.
 */
export async function withinModelBudget(prisma: PrismaClient, shopId: string, callsPerDay: number, now = Date.now()): Promise<boolean> {
  const verdict = await consumeRateLimits(prisma, [{ key: `model:shop:${shopId}`, limit: callsPerDay, windowMs: DAY_MS }], now);
  return verdict.allowed;
}
