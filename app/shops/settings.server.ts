import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { applySettingsPatch, readShopSettings, shopSettingsSchema, type ShopSettings, type ShopSettingsPatch } from "./settings";

export async function getShopSettings(prisma: PrismaClient, shopId: string): Promise<ShopSettings> {
  const shop = await prisma.shop.findUnique({ where: { id: shopId }, select: { settings: true } });
  return readShopSettings(shop?.settings);
}

/**
 * Applies a validated patch and stores the result. The merge runs in one transaction with a row
 * lock so two simultaneous saves of different fields both survive.
 */
export async function updateShopSettings(prisma: PrismaClient, shopId: string, patch: ShopSettingsPatch): Promise<ShopSettings> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ settings: unknown }[]>`SELECT settings FROM shops WHERE id = ${shopId}::uuid FOR UPDATE`;
    const next = shopSettingsSchema.parse(applySettingsPatch(readShopSettings(rows[0]?.settings), patch));
    await tx.shop.update({ where: { id: shopId }, data: { settings: next as Prisma.InputJsonValue } });
    return next;
  });
}
