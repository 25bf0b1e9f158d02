-- Shopify app: install state, catalog sync progress, webhook idempotency, item versions, compliance.

-- AlterTable
ALTER TABLE "shops" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'active';

-- CreateTable
CREATE TABLE "shopify_installations" (
    "shop_id" UUID NOT NULL,
    "scopes" TEXT,
    "currency" TEXT,
    "primary_domain" TEXT,
    "contact_email" TEXT,
    "installed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalled_at" TIMESTAMPTZ(3),
    "sync_status" TEXT NOT NULL DEFAULT 'idle',
    "sync_done" INTEGER NOT NULL DEFAULT 0,
    "sync_total" INTEGER,
    "sync_error" TEXT,
    "sync_started_at" TIMESTAMPTZ(3),
    "sync_finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shopify_installations_pkey" PRIMARY KEY ("shop_id")
);

-- CreateTable
CREATE TABLE "shopify_webhook_events" (
    "event_id" TEXT NOT NULL,
    "shop_domain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shopify_webhook_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "platform_item_versions" (
    "shop_id" UUID NOT NULL,
    "source_type" "SourceType" NOT NULL,
    "source_id" TEXT NOT NULL,
    "platform_updated_at" TIMESTAMPTZ(3) NOT NULL,
    "available" BOOLEAN,
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_item_versions_pkey" PRIMARY KEY ("shop_id","source_type","source_id")
);

-- CreateTable
CREATE TABLE "customer_data_requests" (
    "id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "platform_request_id" TEXT NOT NULL,
    "customer_id" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "report" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_data_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "shopify_webhook_events_received_at_idx" ON "shopify_webhook_events"("received_at");

-- CreateIndex
CREATE INDEX "customer_data_requests_shop_id_created_at_idx" ON "customer_data_requests"("shop_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "customer_data_requests_shop_id_platform_request_id_key" ON "customer_data_requests"("shop_id", "platform_request_id");

-- AddForeignKey
ALTER TABLE "shopify_installations" ADD CONSTRAINT "shopify_installations_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "platform_item_versions" ADD CONSTRAINT "platform_item_versions_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_data_requests" ADD CONSTRAINT "customer_data_requests_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;
