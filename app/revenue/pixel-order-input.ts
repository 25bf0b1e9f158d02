import { z } from "zod";
import { orderInputSchema } from "./order-input";

/**
 * An order as Palompy's Shopify web pixel reports it (extensions/palompy-pixel): the shop named by
 * its public key and the widget's session id, which is required (without it there is nothing to
 * attribute). No status and no date: an unsigned caller may report a purchase as it happens, never
 * refund, cancel or backdate one.
 */
export const pixelOrderInputSchema = orderInputSchema
  .omit({ status: true, placedAt: true })
  .extend({
    shopPublicKey: z.string().trim().min(1, "must be the shop's public key").max(100),
    sessionId: z.string().trim().uuid("must be the widget's session id (a UUID)"),
  })
  .strict();

export type PixelOrderInput = z.infer<typeof pixelOrderInputSchema>;
