import type { PrismaClient } from "~/generated/prisma/client";
import { attributionWindowStart, recordOrder, storedOrder, type RecordedOrder } from "./orders.server";
import type { PixelOrderInput } from "./pixel-order-input";

export class UnknownWidgetSession extends Error {}

/**
 * Records an order the storefront's web pixel reported. The pixel holds no secret, so nothing
 * proves the report came from a real checkout; what is checked is that the session is one the
 * widget really opened on this shop's storefront (at least one page view within the attribution
 * window). That keeps out reports for made-up sessions, not a visitor who loaded the widget and
 * then posts invented orders under their own session: those stay possible, bounded by the rate
 * limits, and are why the pixel can only add orders (see README, Revenue).
 *
 * An order already known is answered as it is: a pixel retry never changes it, nor undoes a
 * refund or cancellation reported through the signed API.
 */
export async function recordPixelOrder(prisma: PrismaClient, shop: { id: string; settings: unknown }, input: PixelOrderInput, now = new Date()): Promise<RecordedOrder> {
  const { shopPublicKey: _shopPublicKey, ...order } = input;
  const existing = await prisma.attributedOrder.findUnique({ where: { shopId_orderId: { shopId: shop.id, orderId: order.orderId } } });
  if (existing) {
    return storedOrder(existing);
  }
  // Bounded by (shop, type, created_at), the widget_events index, then the session.
  const pageView = await prisma.widgetEvent.findFirst({
    where: { shopId: shop.id, type: "page_view", createdAt: { gte: attributionWindowStart(shop.settings, now) }, sessionId: order.sessionId },
    select: { id: true },
  });
  if (!pageView) throw new UnknownWidgetSession(order.sessionId);
  return recordOrder(prisma, shop, { ...order, status: "placed", placedAt: now });
}
