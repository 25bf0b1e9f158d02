-- Orders reported for attribution (issue 21): no customer personal data.
CREATE TABLE "attributed_orders" (
    "id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "order_id" TEXT NOT NULL,
    "session_id" UUID,
    "holdout_group" TEXT,
    "currency" TEXT NOT NULL,
    "total" DECIMAL(14,2) NOT NULL,
    "line_items" JSONB NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'placed',
    "assisted" BOOLEAN NOT NULL DEFAULT false,
    "influenced" BOOLEAN NOT NULL DEFAULT false,
    "placed_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "attributed_orders_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "attributed_orders_shop_id_order_id_key" ON "attributed_orders"("shop_id", "order_id");
CREATE INDEX "attributed_orders_shop_id_placed_at_idx" ON "attributed_orders"("shop_id", "placed_at");

ALTER TABLE "attributed_orders" ADD CONSTRAINT "attributed_orders_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A session's own events: its holdout group for an order, the page view a pixel order must match.
CREATE INDEX "widget_events_shop_id_session_id_idx" ON "widget_events"("shop_id", "session_id");
