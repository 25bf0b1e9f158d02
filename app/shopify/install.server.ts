import type { AppContext } from "~/app-context";
import type { AdminGraphql } from "./admin-client";
import { CURRENT_APP_INSTALLATION, METAFIELDS_SET } from "./documents";
import type { ShopifyJob } from "./jobs.server";
import { activateWebPixel } from "./pixel.server";
import { fetchShopDetails, saveShopDetails } from "./sync.server";

export const METAFIELD_NAMESPACE = "palompy";

export class InstallError extends Error {}

/**
 * afterAuth: one Palompy shop per *.myshopify.com domain (a reinstall finds it again and makes it
 * active), Shopify's store details saved, the app embed's settings written as app-data metafields
 * so the merchant types nothing, the web pixel that reports completed checkouts activated (or
 * updated) with the same key and base, and the initial sync started.
 */
export async function installShopifyShop(
  app: AppContext,
  admin: AdminGraphql,
  input: { shopDomain: string; scopes?: string; apiBase: string },
  dispatch: (job: ShopifyJob) => Promise<void>,
) {
  const { prisma } = app.db;
  const domain = input.shopDomain.toLowerCase();
  const details = await fetchShopDetails(admin);
  const shop = await prisma.shop.upsert({
    // (platform, domain): a WooCommerce or standalone shop carrying this domain is never adopted.
    where: { platform_domain: { platform: "shopify", domain } },
    create: { name: details.name, platform: "shopify", domain },
    update: { status: "active" },
  });
  await saveShopDetails(app, shop.id, details);
  await prisma.shopifyInstallation.update({ where: { shopId: shop.id }, data: { scopes: input.scopes ?? null, uninstalledAt: null, installedAt: new Date() } });

  const apiBase = input.apiBase.replace(/(?<!\/)\/+$/, "");
  const { currentAppInstallation } = await admin<{ currentAppInstallation: { id: string } }>(CURRENT_APP_INSTALLATION);
  const { metafieldsSet } = await admin<{ metafieldsSet: { userErrors: { field: string[] | null; message: string }[] } }>(METAFIELDS_SET, {
    metafields: [
      { ownerId: currentAppInstallation.id, namespace: METAFIELD_NAMESPACE, key: "public_key", type: "single_line_text_field", value: shop.publicKey },
      { ownerId: currentAppInstallation.id, namespace: METAFIELD_NAMESPACE, key: "api_base", type: "url", value: apiBase },
    ],
  });
  if (metafieldsSet.userErrors.length) throw new InstallError(`metafieldsSet: ${metafieldsSet.userErrors.map((error) => error.message).join("; ")}`);
  await activateWebPixel(admin, { shopPublicKey: shop.publicKey, endpoint: `${apiBase}/api/pixel/orders` });

  await dispatch({ shopId: shop.id, kind: "shopify.sync", input: { shopId: shop.id, shopDomain: domain } });
  return { shopId: shop.id, publicKey: shop.publicKey };
}

/** What the embedded Home shows about the install and the sync. */
export async function shopifyInstallStatus(app: AppContext, shopId: string) {
  return app.db.prisma.shopifyInstallation.findUnique({ where: { shopId } });
}
