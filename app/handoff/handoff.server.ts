import { z } from "zod";
import type { PrismaClient } from "~/generated/prisma/client";

export const HANDOFF_BODY_MAX_BYTES = 8 * 1024;

/** The widget's contact form: who to get back to (an email or a phone at least) and what about. */
export const handoffRequestSchema = z
  .object({
    shopPublicKey: z.string().max(100),
    sessionId: z.string().uuid("must be a UUID"),
    name: z.string().trim().max(200).optional(),
    email: z.string().trim().max(200).email("must be an email address").optional().or(z.literal("").transform(() => undefined)),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^[+()\d\s.-]{5,}$/, "must be a phone number")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    message: z.string().trim().max(2_000).optional(),
    pageUrl: z.string().trim().max(2_000).optional(),
  })
  .strict()
  .refine((body) => body.email || body.phone, { message: "leave an email or a phone number", path: ["email"] });

export type HandoffRequest = z.infer<typeof handoffRequestSchema>;

/**
 * Stores the shopper's request for a person as the session's lead (one per session, like the
 * chat's), marked `handoff` and back to status `new` so the merchant sees it again.
 */
export async function recordHandoffRequest(prisma: PrismaClient, shopId: string, request: HandoffRequest) {
  const data = {
    ...(request.name ? { name: request.name } : {}),
    ...(request.email ? { email: request.email } : {}),
    ...(request.phone ? { phone: request.phone } : {}),
    ...(request.message ? { notes: request.message } : {}),
    ...(request.pageUrl ? { pageUrl: request.pageUrl } : {}),
    intent: "handoff",
    status: "new",
  };
  return prisma.lead.upsert({
    where: { shopId_sessionId: { shopId, sessionId: request.sessionId } },
    create: { shopId, sessionId: request.sessionId, ...data },
    update: data,
  });
}
