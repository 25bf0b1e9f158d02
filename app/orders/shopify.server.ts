import { z } from "zod";
import type { AdminGraphql } from "~/shopify/admin-client";
import { ORDER_BY_NAME } from "~/shopify/documents";
import { ORDER_SCOPE } from "./shopify-scope";
import { normaliseOrderNumber, sameEmail, type OrderQuery, type OrderStatus, type OrderTracking } from "./types";

/** read_orders is optional: the merchant may grant it after install, or revoke it (app/scopes_update). */
export function grantsOrderAccess(scopes: string | null | undefined): boolean {
  const granted = new Set((scopes ?? "").split(",").map((scope) => scope.trim()));
  // write_orders implies read_orders on Shopify.
  return granted.has(ORDER_SCOPE) || granted.has("write_orders");
}

const trackingSchema = z.object({ number: z.string().nullish(), url: z.string().nullish(), company: z.string().nullish() });
const orderSchema = z.object({
  name: z.string(),
  email: z.string().nullish(),
  cancelledAt: z.string().nullish(),
  displayFulfillmentStatus: z.string(),
  displayFinancialStatus: z.string().nullish(),
  fulfillments: z.array(z.object({ status: z.string(), trackingInfo: z.array(trackingSchema) })).default([]),
});
const responseSchema = z.object({ orders: z.object({ nodes: z.array(z.unknown()) }) });

/**
 * The order whose name is the shopper's number and whose email is theirs. Shopify's search is
 * fuzzy, so both are compared here again; the search only narrows the candidates.
 */
export async function findShopifyOrderStatus(admin: AdminGraphql, query: OrderQuery): Promise<OrderStatus> {
  const number = normaliseOrderNumber(query.orderNumber);
  if (!number || !query.email.trim()) return { found: false };
  // The number is letters, digits and dashes only (normaliseOrderNumber), so it cannot change the search.
  const data = responseSchema.parse(await admin(ORDER_BY_NAME, { query: `name:${number}` }));
  for (const node of data.orders.nodes) {
    const parsed = orderSchema.safeParse(node);
    if (!parsed.success) continue;
    const order = parsed.data;
    if (normaliseOrderNumber(order.name) !== number || !sameEmail(order.email, query.email)) continue;
    return {
      found: true,
      number: order.name,
      status: order.cancelledAt ? "cancelled" : (order.displayFinancialStatus ?? "unknown"),
      fulfilment: order.displayFulfillmentStatus,
      tracking: order.fulfillments.flatMap((fulfillment) =>
        fulfillment.trackingInfo.flatMap((info): OrderTracking[] =>
          info.number ? [{ number: info.number, carrier: info.company ?? undefined, url: info.url ?? undefined }] : [],
        ),
      ),
    };
  }
  return { found: false };
}
