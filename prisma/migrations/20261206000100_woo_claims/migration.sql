-- A registration of an already connected WooCommerce store waits here, owning nothing, until the
-- store accepts keys through it (then it takes the connection over) or it expires.
CREATE TABLE "woo_claims" (
    "id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "site_url" TEXT NOT NULL,
    "plugin_version" TEXT NOT NULL,
    "admin_email" TEXT,
    "locale" TEXT,
    "pending_keys_enc" TEXT,
    "error" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "woo_claims_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "woo_claims_token_hash_key" ON "woo_claims"("token_hash");
CREATE INDEX "woo_claims_shop_id_idx" ON "woo_claims"("shop_id");
ALTER TABLE "woo_claims" ADD CONSTRAINT "woo_claims_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;
