-- Merchant console: per-shop API keys, lead status, one-time console links, handoff delivery log.
ALTER TABLE "shops" ADD COLUMN "api_key_hash" TEXT;
ALTER TABLE "shops" ADD COLUMN "api_key_rotated_at" TIMESTAMPTZ(3);
CREATE UNIQUE INDEX "shops_api_key_hash_key" ON "shops"("api_key_hash");

ALTER TABLE "leads" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'new';

CREATE INDEX "chat_logs_shop_id_conversation_id_created_at_idx" ON "chat_logs"("shop_id", "conversation_id", "created_at");

CREATE TABLE "console_link_uses" (
    "nonce" TEXT NOT NULL,
    "shop_id" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "console_link_uses_pkey" PRIMARY KEY ("nonce")
);
CREATE INDEX "console_link_uses_expires_at_idx" ON "console_link_uses"("expires_at");
ALTER TABLE "console_link_uses" ADD CONSTRAINT "console_link_uses_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "handoff_deliveries" (
    "id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "lead_id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "status" INTEGER,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "handoff_deliveries_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "handoff_deliveries_shop_id_created_at_idx" ON "handoff_deliveries"("shop_id", "created_at");
CREATE INDEX "handoff_deliveries_lead_id_idx" ON "handoff_deliveries"("lead_id");
ALTER TABLE "handoff_deliveries" ADD CONSTRAINT "handoff_deliveries_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "handoff_deliveries" ADD CONSTRAINT "handoff_deliveries_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE CASCADE;
