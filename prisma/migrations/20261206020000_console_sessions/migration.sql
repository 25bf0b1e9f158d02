-- Console sessions as server-side records (issue 16 item 6): logout, API key rotation and a new
-- operator token end them, and they expire after 12 hours whatever the browser keeps.
CREATE TABLE "console_sessions" (
    "id" TEXT NOT NULL,
    "shop_id" UUID,
    "operator" BOOLEAN NOT NULL,
    "operator_token_digest" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "console_sessions_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "console_sessions_shop_id_idx" ON "console_sessions"("shop_id");
CREATE INDEX "console_sessions_expires_at_idx" ON "console_sessions"("expires_at");
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;
