import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { readShopSettings } from "~/shops/settings";
import { asHoldoutGroup, productKey, type HoldoutGroup, type OrderInput } from "./order-input";

export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;

export interface RecordedOrder {
  orderId: string;
  assisted: boolean;
  influenced: boolean;
  holdoutGroup: HoldoutGroup | null;
  status: string;
  /** false when the order was already known (a retry or a status change). */
  created: boolean;
}

/**
 * Stores a reported order once per (shop, order id). Whether it was assisted (its session chatted
 * within the attribution window before the order) and influenced (it holds a product the assistant
 * showed in that session) is decided on the first report, from that moment's data; a later report
 * of the same order changes only its status (refund, cancellation) — a retry changes nothing.
 */
export async function recordOrder(prisma: PrismaClient, shop: { id: string; settings: unknown }, input: OrderInput): Promise<RecordedOrder> {
  const existing = await prisma.attributedOrder.findUnique({ where: { shopId_orderId: { shopId: shop.id, orderId: input.orderId } } });
  if (existing) {
    const updated = existing.status === input.status ? existing : await prisma.attributedOrder.update({ where: { id: existing.id }, data: { status: input.status } });
    return storedOrder(updated);
  }
  const placedAt = input.placedAt ?? new Date();
  const since = attributionWindowStart(shop.settings, placedAt);
  // Platforms date orders in whole seconds (WooCommerce) while chat turns carry milliseconds: a chat in
  // the order's own second still came before it.
  const until = new Date(placedAt.getTime() + 999);
  const shown = input.sessionId ? await productsShownInSession(prisma, shop.id, input.sessionId, since, until) : null;
  const assisted = shown !== null;
  const influenced = assisted && input.lineItems.some((item) => shown.has(productKey(item.productId)));
  const holdoutGroup = input.holdoutGroup ?? (input.sessionId ? await sessionHoldoutGroup(prisma, shop.id, input.sessionId) : null);
  try {
    await prisma.attributedOrder.create({
      data: {
        shopId: shop.id,
        orderId: input.orderId,
        sessionId: input.sessionId ?? null,
        holdoutGroup,
        currency: input.currency,
        total: new Prisma.Decimal(input.total.toFixed(2)),
        lineItems: input.lineItems as Prisma.InputJsonValue,
        status: input.status,
        assisted,
        influenced,
        placedAt,
      },
    });
  } catch (error) {
    // Two deliveries of one new order at once: the other one stored it; answer as a retry.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return recordOrder(prisma, shop, input);
    throw error;
  }
  return { orderId: input.orderId, assisted, influenced, holdoutGroup, status: input.status, created: true };
}

/** The shop's attribution window in days: its setting, else the default. */
export function attributionWindowDays(settings: unknown): number {
  return readShopSettings(settings).attributionWindowDays ?? DEFAULT_ATTRIBUTION_WINDOW_DAYS;
}

/** When the attribution window that ends at `end` begins, for this shop's settings. */
export function attributionWindowStart(settings: unknown, end: Date): Date {
  return new Date(end.getTime() - attributionWindowDays(settings) * DAY_MS);
}

/** An order already recorded, as a repeat report answers it. */
export function storedOrder(row: { orderId: string; assisted: boolean; influenced: boolean; holdoutGroup: string | null; status: string }): RecordedOrder {
  return { orderId: row.orderId, assisted: row.assisted, influenced: row.influenced, holdoutGroup: asHoldoutGroup(row.holdoutGroup), status: row.status, created: false };
}

/** The product ids the assistant cited in the session's turns of the window; null when the session did not chat then. */
async function productsShownInSession(prisma: PrismaClient, shopId: string, sessionId: string, since: Date, until: Date): Promise<Set<string> | null> {
  const rows = await prisma.$queryRaw<{ turns: number; products: string[] | null }[]>`
    SELECT count(DISTINCT c.id)::int AS turns,
           array_agg(DISTINCT s.value->>'id') FILTER (WHERE s.value->>'type' = 'product') AS products
    FROM chat_logs c
    LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(c.sources) = 'array' THEN c.sources ELSE '[]'::jsonb END) AS s(value) ON true
    WHERE c.shop_id = ${shopId}::uuid AND c.session_id = ${sessionId}::uuid AND c.created_at >= ${since} AND c.created_at <= ${until}`;
  const row = rows[0];
  if (!row || row.turns === 0) return null;
  return new Set((row.products ?? []).filter((value): value is string => typeof value === "string").map(productKey));
}

/** The group the widget assigned this session's visitor, as its page views reported it. */
async function sessionHoldoutGroup(prisma: PrismaClient, shopId: string, sessionId: string): Promise<HoldoutGroup | null> {
  const rows = await prisma.$queryRaw<{ grp: string | null }[]>`
    SELECT metadata->>'holdoutGroup' AS grp FROM widget_events
    WHERE shop_id = ${shopId}::uuid AND session_id = ${sessionId}::uuid AND type = 'page_view' AND metadata ? 'holdoutGroup'
    ORDER BY occurred_at DESC LIMIT 1`;
  return asHoldoutGroup(rows[0]?.grp);
}
