import { z } from "zod";

/**
 * One order as any store reports it (Shopify's web pixel, the WooCommerce plugin, another
 * platform through the admin API): ids, totals and line items, never who bought. The schema is
 * strict, so a client that sends an email or a name is told which field is not accepted rather
 * than having it stored.
 */
export const MAX_ORDER_LINE_ITEMS = 250;
/** A report's body: 250 line items × about 150 bytes, with room to spare. */
export const MAX_ORDER_BYTES = 64 * 1024;
export const HOLDOUT_GROUPS = ["treatment", "control"] as const;
export type HoldoutGroup = (typeof HOLDOUT_GROUPS)[number];
/** A stored or reported group name as a group, or null for anything else. */
export function asHoldoutGroup(value: unknown): HoldoutGroup | null {
  return HOLDOUT_GROUPS.find((group) => group === value) ?? null;
}

export const ORDER_STATUSES = ["placed", "refunded", "cancelled"] as const;

const id = (max: number) => z.union([z.string().trim().min(1, "must not be empty").max(max), z.number().int().nonnegative().transform(String)]);
const amount = z
  .union([z.number(), z.string().trim().regex(/^\d{1,12}(\.\d{1,4})?$/, "must be an amount like 129.90")])
  .transform(Number)
  .refine((value) => Number.isFinite(value) && value >= 0 && value < 1e12, "must be an amount from 0");

const lineItemSchema = z
  .object({
    productId: id(100),
    variantId: id(100).optional(),
    quantity: z.number().int().min(1).max(100_000).default(1),
    price: amount.optional(),
  })
  .strict();

export const orderInputSchema = z
  .object({
    orderId: id(100),
    sessionId: z.string().trim().uuid("must be the widget's session id (a UUID)").nullish(),
    holdoutGroup: z.enum(HOLDOUT_GROUPS).nullish(),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, "must be a three-letter currency code like EUR")
      .transform((value) => value.toUpperCase()),
    total: amount,
    placedAt: z.coerce.date({ errorMap: () => ({ message: "must be a date and time (ISO 8601)" }) }).optional(),
    status: z.enum(ORDER_STATUSES).default("placed"),
    lineItems: z.array(lineItemSchema).max(MAX_ORDER_LINE_ITEMS).default([]),
  })
  .strict();

export type OrderInput = z.infer<typeof orderInputSchema>;

/** "gid://shopify/Product/42" and "42" are the same product: Shopify's pixel and Admin API differ in form. */
export function productKey(value: string): string {
  const slash = value.lastIndexOf("/");
  return value.startsWith("gid://") && slash >= 0 ? value.slice(slash + 1) : value;
}
