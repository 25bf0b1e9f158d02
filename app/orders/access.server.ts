import type { AppContext } from "~/app-context";
import type { Shop } from "~/generated/prisma/client";
import { adminForShop } from "~/shopify/jobs.server";
import { findConnection, isConnected, storeClient } from "~/woocommerce/connection.server";
import { findWooOrderStatus } from "~/woocommerce/order-status.server";
import { findShopifyOrderStatus, grantsOrderAccess } from "./shopify.server";
import type { OrderLookupAccess } from "./types";

/**
 * The order lookup of one shop, picked by its platform. Everything is keyed by the shop's own id
 * (its Shopify installation and domain, its WooCommerce connection), so a chat can only ever
 * reach its own shop's orders. `known`: that shop's platform and domain, when the caller has its row.
 */
export async function orderLookupAccess(app: AppContext, shopId: string, known?: Pick<Shop, "platform" | "domain">): Promise<OrderLookupAccess> {
  const shop = known ?? (await app.db.prisma.shop.findUnique({ where: { id: shopId }, select: { platform: true, domain: true } }));
  if (shop?.platform === "shopify") return shopifyAccess(app, shopId, shop.domain);
  if (shop?.platform === "woocommerce") return wooAccess(app, shopId);
  return { available: false };
}

async function shopifyAccess(app: AppContext, shopId: string, domain: string | null): Promise<OrderLookupAccess> {
  const installation = await app.db.prisma.shopifyInstallation.findUnique({ where: { shopId } });
  // Shopify's customer account page lists a signed-in shopper's orders with their status.
  const statusPageUrl = installation?.primaryDomain ? `${installation.primaryDomain.replace(/(?<!\/)\/+$/, "")}/account` : undefined;
  if (!installation || installation.uninstalledAt || !domain || !grantsOrderAccess(installation.scopes)) return { available: false, statusPageUrl };
  return {
    available: true,
    statusPageUrl,
    lookup: { platform: "shopify", find: async (query) => findShopifyOrderStatus(await adminForShop(app, domain), query) },
  };
}

async function wooAccess(app: AppContext, shopId: string): Promise<OrderLookupAccess> {
  const connection = await findConnection(app, shopId);
  // WooCommerce's "My account → Orders" (the default permalink) shows a signed-in shopper's orders.
  const statusPageUrl = connection ? `${connection.siteUrl.replace(/(?<!\/)\/+$/, "")}/my-account/orders/` : undefined;
  if (!connection || !isConnected(connection)) return { available: false, statusPageUrl };
  const client = storeClient(app, connection);
  return {
    available: true,
    statusPageUrl,
    lookup: {
      platform: "woocommerce",
      find: (query) => findWooOrderStatus(client, query),
    },
  };
}
