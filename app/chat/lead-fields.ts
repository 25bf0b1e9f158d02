import { z } from "zod";

/** What the assistant may learn about a shopper during a conversation (the `leads` row, minus keys). */
export const LEAD_FIELDS = ["name", "email", "phone", "intent", "orderNumber", "preferredContact", "notes"] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];
export type CollectedData = Partial<Record<LeadField, string>>;

const field = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .catch(undefined)
    .transform((value) => (value ? value : undefined));

/** The model's `record_shopper_details` arguments: lenient (bad fields are dropped, never fatal). */
export const modelCollectedDataSchema = z
  .object({
    name: field(120),
    email: field(254),
    phone: field(40),
    intent: field(200),
    orderNumber: field(40),
    preferredContact: field(40),
    notes: field(1_000),
  })
  .partial();

/** Drops empty values so merging never overwrites something known with nothing. */
export function compact(data: CollectedData): CollectedData {
  const out: CollectedData = {};
  for (const key of LEAD_FIELDS) {
    const value = data[key]?.trim();
    if (value) out[key] = value;
  }
  return out;
}

export function hasAny(data: CollectedData): boolean {
  return LEAD_FIELDS.some((key) => !!data[key]);
}

/**
 * A lead is someone the merchant can reach: an email or a phone. An order number, an intent or a
 * name alone ("Где мой заказ?", "#100") is a question, not a lead.
 */
export function isReachable(data: CollectedData): boolean {
  return !!data.email || !!data.phone;
}
