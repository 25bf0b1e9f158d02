import type { PrismaClient } from "~/generated/prisma/client";
import { findShopById } from "~/shops/shops.server";
import { HttpError } from "./errors";


/** The shop named in an admin URL, or a 404 (a malformed id is just as unknown). */
export async function requireShopParam(prisma: PrismaClient, shopId: string | undefined) {
  const shop = shopId ? await findShopById(prisma, shopId) : null;
  if (!shop) throw new HttpError(404, "shop_not_found", `No shop with id ${shopId ?? ""}.`, "shopId");
  return shop;
}
