import type { PrismaClient } from "~/generated/prisma/client";
import { findShopById } from "~/shops/shops.server";
import { HttpError } from "./errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The shop named in an admin URL, or a 404 (a malformed id is just as unknown). */
export async function requireShopParam(prisma: PrismaClient, shopId: string | undefined) {
  const shop = shopId && UUID.test(shopId) ? await findShopById(prisma, shopId) : null;
  if (!shop) throw new HttpError(404, "shop_not_found", `No shop with id ${shopId ?? ""}.`, "shopId");
  return shop;
}
