import { isUuid } from "~/uuid";
import { rawQuery } from "~/db/raw-sql.server";
import { Prisma, type PrismaClient, type Shop } from "~/generated/prisma/client";
import type { Platform } from "~/generated/prisma/enums";

export async function createShop(prisma: PrismaClient, input: { name: string; platform?: Platform; domain?: string }) {
  return prisma.shop.create({
    data: { name: input.name, platform: input.platform ?? "standalone", domain: input.domain },
    select: { id: true, name: true, publicKey: true, platform: true, domain: true, createdAt: true },
  });
}

// Both lookups take untrusted text: a malformed id is simply not found (the column is a UUID, and
// Postgres would reject the comparison rather than miss).
export async function findShopById(prisma: PrismaClient, id: string) {
  return isUuid(id) ? prisma.shop.findUnique({ where: { id } }) : null;
}

/**
 * The widget names its shop by the public key; the key grants the public widget API only. The
 * storefront origins its platform reports (Shopify's primary domain, the WordPress site), which
 * answers may link to, come in the same statement.
 */
export async function findShopByPublicKey(prisma: PrismaClient, publicKey: string): Promise<ShopWithOrigins | null> {
  if (!isUuid(publicKey)) return null;
  // Raw SQL on the request's lane, without Prisma's own cost. Widget calls read the same row in
  // their opening statement (shopByPublicKeySql, app/http/public-route.server.ts).
  const [row] = await rawQuery<Record<string, unknown>>(prisma, shopByPublicKeySql(publicKey));
  return row ? shopWithOriginsOf(row) : null;
}

export type ShopWithOrigins = Shop & { storefrontOrigins: string[] };

/**
 * findShopByPublicKey's SELECT, for a statement that does more with the shop (a widget call's rate
 * limits, app/http/public-route.server.ts). `publicKey` must be a UUID. Read its row with shopWithOriginsOf.
 */
export function shopByPublicKeySql(publicKey: string): Prisma.Sql {
  return Prisma.sql`
    SELECT shops.*, ${storefrontOriginsSql(Prisma.raw("shops.id"))} AS ${Prisma.raw(STOREFRONT_ORIGINS_COLUMN)}
    FROM shops WHERE public_key = ${publicKey}::uuid`;
}

/** The row of shopByPublicKeySql as the model's (every column, snake_case to camelCase as the schema maps them; test/db/raw-sql.test.ts). */
export function shopWithOriginsOf(row: Record<string, unknown>): ShopWithOrigins {
  const { [STOREFRONT_ORIGINS_COLUMN]: origins, ...columns } = row;
  return { ...(shopFromRow(columns) as unknown as Shop), storefrontOrigins: origins as string[] };
}

const STOREFRONT_ORIGINS_COLUMN = "palompy_storefront_origins";

/** The storefront origins of the shop `shopId` (an SQL uuid expression) as a text[] expression. */
export function storefrontOriginsSql(shopId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`ARRAY(SELECT origin FROM (
    SELECT primary_domain AS origin FROM shopify_installations WHERE shop_id = ${shopId}
    UNION ALL
    SELECT site_url FROM woo_connections WHERE shop_id = ${shopId}) platform
    WHERE origin IS NOT NULL AND origin <> '')`;
}

const shopFromRow = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([column, value]) => [camelCase(column), value]));
const camelCase = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** A shop is (platform, domain): the same domain on another platform is another shop. */
export async function findShopByDomain(prisma: PrismaClient, platform: Platform, domain: string) {
  return prisma.shop.findUnique({ where: { platform_domain: { platform, domain } } });
}

/**
 * The Palompy shop of a *.myshopify.com store (domains are stored lower-case). A standalone or
 * WooCommerce shop that happens to carry the domain is not that store's.
 */
export async function findShopifyShop(prisma: PrismaClient, myshopifyDomain: string) {
  return findShopByDomain(prisma, "shopify", myshopifyDomain.toLowerCase());
}

/** A Shopify store's Palompy shop, created the first time its admin opens the app. */
export async function ensurePlatformShop(
  prisma: PrismaClient,
  input: { platform: Exclude<Platform, "standalone">; domain: string; name?: string },
) {
  const domain = input.domain.toLowerCase();
  return prisma.shop.upsert({
    where: { platform_domain: { platform: input.platform, domain } },
    update: {},
    create: { name: input.name ?? domain, platform: input.platform, domain },
  });
}
