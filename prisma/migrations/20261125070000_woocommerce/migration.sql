-- CreateTable
CREATE TABLE "woo_connections" (
    "shop_id" UUID NOT NULL,
    "site_url" TEXT NOT NULL,
    "plugin_token_hash" TEXT NOT NULL,
    "plugin_version" TEXT NOT NULL,
    "admin_email" TEXT,
    "locale" TEXT,
    "consumer_key_enc" TEXT,
    "consumer_secret_enc" TEXT,
    "key_permissions" TEXT,
    "key_id" INTEGER,
    "pending_keys_enc" TEXT,
    "webhook_secret_enc" TEXT NOT NULL,
    "webhook_ids" JSONB NOT NULL DEFAULT '[]',
    "currency" TEXT,
    "sync_state" TEXT NOT NULL DEFAULT 'idle',
    "sync_done" INTEGER NOT NULL DEFAULT 0,
    "sync_total" INTEGER NOT NULL DEFAULT 0,
    "sync_error" TEXT,
    "last_sync_at" TIMESTAMPTZ(3),
    "last_reconciled_at" TIMESTAMPTZ(3),
    "connected_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "woo_connections_pkey" PRIMARY KEY ("shop_id")
);

-- CreateTable
CREATE TABLE "woo_products" (
    "shop_id" UUID NOT NULL,
    "product_id" TEXT NOT NULL,
    "date_modified" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "woo_products_pkey" PRIMARY KEY ("shop_id","product_id")
);

-- CreateTable
CREATE TABLE "woo_webhook_deliveries" (
    "shop_id" UUID NOT NULL,
    "delivery_key" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "body" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "woo_webhook_deliveries_pkey" PRIMARY KEY ("shop_id","delivery_key")
);

-- CreateIndex
CREATE UNIQUE INDEX "woo_connections_plugin_token_hash_key" ON "woo_connections"("plugin_token_hash");

-- CreateIndex
CREATE INDEX "woo_webhook_deliveries_received_at_idx" ON "woo_webhook_deliveries"("received_at");

-- CreateIndex
CREATE INDEX "woo_webhook_deliveries_shop_id_processed_at_idx" ON "woo_webhook_deliveries"("shop_id", "processed_at");

-- AddForeignKey
ALTER TABLE "woo_connections" ADD CONSTRAINT "woo_connections_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "woo_products" ADD CONSTRAINT "woo_products_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "woo_webhook_deliveries" ADD CONSTRAINT "woo_webhook_deliveries_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

