-- A shop's identity is (platform, domain), not the domain alone: a WooCommerce registration of
-- victim.myshopify.com must never be the shop that store's Shopify install finds and adopts, and a
-- registration on one platform can no longer block the same domain on another.
DROP INDEX "shops_domain_key";
CREATE UNIQUE INDEX "shops_platform_domain_key" ON "shops"("platform", "domain");
