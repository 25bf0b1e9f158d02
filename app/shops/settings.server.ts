import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { applySettingsPatch, parseShopSettings, readShopSettings, type ShopSettings, type ShopSettingsPatch } from "./settings";

export async function getShopSettings(prisma: PrismaClient, shopId: string): Promise<ShopSettings> {
  const shop = await prisma.shop.findUnique({ where: { id: shopId }, select: { settings: true } });
  return readShopSettings(shop?.settings);
}

/**
 * Applies a validated patch and stores the result. The merge runs in one transaction with a row
 * lock so two simultaneous saves of different fields both survive.
 */
export async function updateShopSettings(prisma: PrismaClient, shopId: string, patch: ShopSettingsPatch): Promise<ShopSettings> {
  return (await saveShopSettings(prisma, shopId, patch)).settings;
}

/**
 * updateShopSettings, also saying whether the handoff email address changed: a changed address
 * loses its confirmation in the same write (app/handoff/email-confirmation.server.ts), so the
 * caller can send the new one its link.
 */
export async function saveShopSettings(prisma: PrismaClient, shopId: string, patch: ShopSettingsPatch): Promise<{ settings: ShopSettings; handoffEmailChanged: boolean }> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ settings: unknown }[]>`SELECT settings FROM shops WHERE id = ${shopId}::uuid FOR UPDATE`;
    const previous = readShopSettings(rows[0]?.settings);
    const next = parseShopSettings(applySettingsPatch(previous, patch));
    const handoffEmailChanged = (previous.handoff?.email ?? "").toLowerCase() !== (next.handoff?.email ?? "").toLowerCase();
    await tx.shop.update({ where: { id: shopId }, data: { settings: next as Prisma.InputJsonValue, ...(handoffEmailChanged ? { handoffEmailConfirmed: null } : {}) } });
    return { settings: next, handoffEmailChanged };
  });
}
