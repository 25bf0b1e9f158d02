import type { AppContext } from "~/app-context";
import type { Shop } from "~/generated/prisma/client";
import { deleteWooShop } from "~/woocommerce/plugin-api.server";

/** The operator removes a shop: its platform's side first (WooCommerce webhooks, Shopify sessions), then the rows (cascade). */
export async function deleteShopAsOperator(app: AppContext, shop: Pick<Shop, "id" | "platform" | "domain">) {
  const { prisma } = app.db;
  const connection = shop.platform === "woocommerce" ? await prisma.wooConnection.findUnique({ where: { shopId: shop.id } }) : null;
  if (connection) return deleteWooShop(app, connection);
  if (shop.platform === "shopify" && shop.domain) await prisma.session.deleteMany({ where: { shop: shop.domain } });
  await prisma.shop.delete({ where: { id: shop.id } });
  return { deleted: true as const };
}
