import { z } from "zod";

/**
 * What a conversation waits for after a turn, stored with that turn (chat_logs.state) so the next
 * message is read with it in mind: after "please send your order number and email", "1001,
 * a@b.com" or "#70" is an answer to that question even without the word "order". Holds no contact
 * data (customers/redact masks messages and answers, not this).
 */
export const turnStateSchema = z.object({
  /**
   * order_details: the assistant asked for the order number and/or the email used for the order;
   * contact_details: for the shopper's name and phone or email, to be contacted.
   */
  awaiting: z.enum(["order_details", "contact_details"]).optional(),
  /** What the shopper wants to be contacted about, kept until they leave their details (never the details). */
  contactReason: z.object({ text: z.string().max(100), kind: z.enum(["about", "request"]) }).optional(),
  /** The order number the shopper already gave while the email is still missing. */
  orderNumber: z
    .string()
    .regex(/^[A-Z0-9-]{1,20}$/)
    .optional(),
  /** The kind of product this turn listed, so "cheaper" or "in blue" next turn refines it. */
  listing: z
    .object({
      kind: z.array(z.string().max(40)).min(1).max(20),
      synonyms: z.array(z.string().max(40)).max(20).optional(),
      query: z.string().max(300),
      /** The kind's names to show the shopper, per language (ListingRequest.labels). */
      labels: z.array(z.string().max(100)).max(10).optional(),
    })
    .optional(),
});

export type TurnState = z.infer<typeof turnStateSchema>;

/** A stored state as the chat reads it: anything malformed (or a row from before states) is no state. */
export function parseTurnState(value: unknown): TurnState {
  const parsed = turnStateSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/** Null when the turn leaves nothing to wait for, so most rows store nothing. */
export function storedTurnState(state: TurnState | undefined): TurnState | null {
  return state && Object.values(state).some((value) => value !== undefined) ? state : null;
}
