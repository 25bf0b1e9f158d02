import { isUuid } from "~/uuid";
import type { PrismaClient } from "~/generated/prisma/client";
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

/** The widget names its shop by the public key; the key grants the public widget API only. */
export async function findShopByPublicKey(prisma: PrismaClient, publicKey: string) {
  return isUuid(publicKey) ? prisma.shop.findUnique({ where: { publicKey } }) : null;
}

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
