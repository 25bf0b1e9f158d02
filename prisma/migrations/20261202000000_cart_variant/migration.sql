-- Add to cart from product cards: the numeric id of the variant a storefront cart takes (Shopify's
-- /cart/add.js wants a variant number; a chunk's source_id is the product's id, often a GID).
-- Nullable: FAQ, policies, pages and products with nothing on sale have none. Existing products get
-- it on their next sync (their chunk hashes change; stored vectors are reused).
ALTER TABLE "knowledge_chunks" ADD COLUMN "cart_variant_id" TEXT;
