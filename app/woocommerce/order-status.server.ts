import { z } from "zod";
import { sameEmail, type OrderStatus, type OrderTracking } from "~/orders/types";
import { WooApiError, type WooClient } from "./rest-client.server";

/**
 * A shopper asking where their order is: the order number and the billing email must both match,
 * and then only the status (and tracking, when a shipment-tracking plugin stored it) is returned.
 * A wrong number and a wrong email give the same answer, so neither can be probed alone.
 */

const orderSchema = z
  .object({
    id: z.number(),
    number: z.union([z.string(), z.number()]).transform(String),
    status: z.string(),
    billing: z.object({ email: z.string().nullish() }).passthrough().nullish(),
    meta_data: z
      .array(z.object({ key: z.string(), value: z.unknown() }).passthrough())
      .nullish()
      .transform((value) => value ?? []),
  })
  .passthrough();

type WooOrder = z.output<typeof orderSchema>;

const normaliseNumber = (value: string) => value.trim().replace(/^#/, "");

export async function findWooOrderStatus(client: WooClient, query: { orderNumber: string; email: string }): Promise<OrderStatus> {
  const number = normaliseNumber(query.orderNumber);
  if (!number || !query.email.trim()) return { found: false };
  const candidates: unknown[] = [];
  // Order numbers are order ids unless a plugin renumbers them; a search covers the latter.
  if (/^\d+$/.test(number)) {
    try {
      candidates.push((await client.get<unknown>(`orders/${number}`)).data);
    } catch (error) {
      if (!(error instanceof WooApiError && (error.status === 404 || error.status === 400))) throw error;
    }
  }
  const searched = await client.get<unknown>("orders", { search: number, per_page: 20 });
  if (Array.isArray(searched.data)) candidates.push(...searched.data);
  for (const candidate of candidates) {
    const parsed = orderSchema.safeParse(candidate);
    if (!parsed.success) continue;
    const order = parsed.data;
    if (normaliseNumber(order.number) === number && sameEmail(order.billing?.email, query.email)) {
      return { found: true, number: order.number, status: order.status, tracking: trackingOf(order) };
    }
  }
  return { found: false };
}

/** WooCommerce Shipment Tracking's `_wc_shipment_tracking_items`, or plain tracking meta keys. */
function trackingOf(order: WooOrder): OrderTracking[] {
  const tracking: OrderTracking[] = [];
  const meta = new Map(order.meta_data.map((entry) => [entry.key, entry.value]));
  const items = meta.get("_wc_shipment_tracking_items");
  if (Array.isArray(items)) {
    for (const item of items as Array<Record<string, unknown>>) {
      const trackingNumber = text(item.tracking_number);
      if (!trackingNumber) continue;
      tracking.push({
        number: trackingNumber,
        carrier: text(item.custom_tracking_provider) || text(item.tracking_provider) || undefined,
        url: text(item.custom_tracking_link) || undefined,
      });
    }
  }
  const plainNumber = text(meta.get("_tracking_number")) || text(meta.get("tracking_number"));
  if (plainNumber && !tracking.some((entry) => entry.number === plainNumber)) {
    tracking.push({
      number: plainNumber,
      carrier: text(meta.get("_tracking_provider")) || text(meta.get("tracking_provider")) || undefined,
      url: text(meta.get("_tracking_url")) || text(meta.get("tracking_url")) || undefined,
    });
  }
  return tracking;
}

function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "";
}
