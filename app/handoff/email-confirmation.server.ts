import { createHmac, timingSafeEqual } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import type { AppContext } from "~/app-context";
import type { PrismaClient } from "~/generated/prisma/client";
import { consumeRateLimits } from "~/http/rate-limit.server";
import { enqueueJob } from "~/jobs/queue.server";
import { readShopSettings } from "~/shops/settings";

/**
 * Handoff emails go out through the operator's SMTP with the shopper's Reply-To, so an address a
 * tenant merely typed would make Palompy a relay for anyone who registers a shop. An address
 * receives handoff mail only once its owner has confirmed it (a signed, expiring link sent to it,
 * spent by a click that POSTs, never by a mail scanner's GET), or when it is the contact address
 * the shop's platform vouches for (the Shopify shop's contact email from the Admin API).
 *
 * The WooCommerce plugin's `adminEmail` does not vouch for anything: anyone can register a store
 * (their own WordPress, or a bare API call) claiming any admin email.
 */

export type HandoffEmailStatus = "confirmed" | "vouched" | "waiting_for_confirmation";

export const HANDOFF_CONFIRM_JOB_KIND = "handoff-confirm-email";
export const CONFIRMATION_TTL_MS = 72 * 3600_000;
/** Confirmation emails per shop per hour: each one goes to an address the tenant chose. */
export const CONFIRMATIONS_PER_SHOP_HOUR = 5;
export const CONFIRM_PATH = "/handoff/confirm";

const sameAddress = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

// ---- the signed link ----

const tokenPayloadSchema = z.object({ s: z.string().uuid(), e: z.string().email().max(200), x: z.number().int() });

function tokenKey(secretKey: string): Buffer {
  return createHmac("sha256", `handoff-email-confirm:${secretKey}`).update("v1").digest();
}

export function confirmationToken(secretKey: string, input: { shopId: string; email: string; expiresAt: number }): string {
  const payload = Buffer.from(JSON.stringify({ s: input.shopId, e: input.email, x: Math.floor(input.expiresAt / 1000) })).toString("base64url");
  return `${payload}.${createHmac("sha256", tokenKey(secretKey)).update(payload).digest("base64url")}`;
}

export type TokenReading = { ok: true; shopId: string; email: string } | { ok: false; reason: "invalid" | "expired" };

export function readConfirmationToken(secretKey: string, token: string, now = Date.now()): TokenReading {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined || token.length > 1_000) return { ok: false, reason: "invalid" };
  const expected = createHmac("sha256", tokenKey(secretKey)).update(payload).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  let parsed: z.infer<typeof tokenPayloadSchema>;
  try {
    parsed = tokenPayloadSchema.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (parsed.x * 1000 < now) return { ok: false, reason: "expired" };
  return { ok: true, shopId: parsed.s, email: parsed.e };
}

// ---- the address's state ----

/** The shop's handoff address and whether it may receive mail; null when none is set. */
export async function handoffEmailState(prisma: PrismaClient, shopId: string): Promise<{ address: string; status: HandoffEmailStatus } | null> {
  const shop = await prisma.shop.findUnique({
    where: { id: shopId },
    select: { settings: true, platform: true, handoffEmailConfirmed: true, shopifyInstallation: { select: { contactEmail: true, uninstalledAt: true } } },
  });
  const address = readShopSettings(shop?.settings).handoff?.email;
  if (!shop || !address) return null;
  if (sameAddress(shop.handoffEmailConfirmed, address)) return { address, status: "confirmed" };
  const installation = shop.shopifyInstallation;
  if (shop.platform === "shopify" && installation && !installation.uninstalledAt && sameAddress(installation.contactEmail, address)) return { address, status: "vouched" };
  return { address, status: "waiting_for_confirmation" };
}

export const isDeliverable = (status: HandoffEmailStatus | undefined) => status === "confirmed" || status === "vouched";

/**
 * After a settings save that changed the handoff address (the save already cleared the old
 * confirmation): a link goes to the new address unless the platform vouches for it. Limited per
 * shop, so the confirmation mail itself cannot be turned into a relay.
 */
export async function requestHandoffEmailConfirmation(app: AppContext, shopId: string): Promise<{ address: string; status: HandoffEmailStatus; confirmationSent: boolean } | null> {
  const state = await handoffEmailState(app.db.prisma, shopId);
  if (!state || state.status !== "waiting_for_confirmation") return state && { ...state, confirmationSent: false };
  const verdict = await consumeRateLimits(app.db.prisma, [{ key: `handoff-confirm:shop:${shopId}`, limit: CONFIRMATIONS_PER_SHOP_HOUR, windowMs: 3600_000 }]);
  if (!verdict.allowed) return { ...state, confirmationSent: false };
  await enqueueJob(app, { shopId, kind: HANDOFF_CONFIRM_JOB_KIND, input: { shopId, email: state.address } });
  return { ...state, confirmationSent: true };
}

// ---- the confirmation email (a background job: the mail server may be slow or down) ----

const confirmJobInputSchema = z.object({ shopId: z.string().uuid(), email: z.string().email().max(200) });

let transport: { url: string; value: Transporter } | undefined;

export async function sendConfirmationEmail(app: AppContext, stored: unknown): Promise<{ sent: boolean; reason?: string }> {
  const input = confirmJobInputSchema.parse(stored);
  const smtp = app.config.smtp;
  if (!smtp) return { sent: false, reason: "SMTP_URL is not configured" };
  const shop = await app.db.prisma.shop.findUnique({ where: { id: input.shopId }, select: { name: true, settings: true } });
  // The address changed again before the job ran: that save asked for its own link.
  if (!shop || !sameAddress(readShopSettings(shop.settings).handoff?.email, input.email)) return { sent: false, reason: "address_changed" };
  const token = confirmationToken(app.config.secretKey.value, { shopId: input.shopId, email: input.email, expiresAt: Date.now() + CONFIRMATION_TTL_MS });
  // The configured public URL, never the Host of the request that saved the settings: a link to a
  // host the tenant chose would hand them the token.
  const base = (app.config.publicUrl ?? `http://localhost:${app.config.port}`).replace(/(?<!\/)\/+$/, "");
  const link = `${base}${CONFIRM_PATH}?token=${token}`;
  if (transport?.url !== smtp.url) transport = { url: smtp.url, value: nodemailer.createTransport(smtp.url) };
  await transport.value.sendMail({
    from: smtp.from,
    to: input.email,
    subject: "Palompy: confirm this address for shoppers' contact requests",
    text: [
      `A shop on Palompy (it calls itself ${JSON.stringify(shop.name.slice(0, 80))}) wants shoppers' requests to talk to a person sent to this address.`,
      "",
      `If that is you, open this link and press "Confirm" (it works for 72 hours):`,
      link,
      "",
      "If not, ignore this email: nothing will be sent here.",
    ].join("\n"),
  });
  return { sent: true };
}

// ---- the click ----

export type ConfirmOutcome = { ok: true; address: string; shopName: string } | { ok: false; reason: "invalid" | "expired" | "address_changed" };

/** Reads the link for the page that asks for the click; changes nothing. */
export async function describeConfirmation(app: AppContext, token: string): Promise<ConfirmOutcome> {
  const reading = readConfirmationToken(app.config.secretKey.value, token);
  if (!reading.ok) return reading;
  const shop = await app.db.prisma.shop.findUnique({ where: { id: reading.shopId }, select: { name: true, settings: true } });
  if (!shop || !sameAddress(readShopSettings(shop.settings).handoff?.email, reading.email)) return { ok: false, reason: "address_changed" };
  return { ok: true, address: reading.email, shopName: shop.name };
}

/** The click: the address is confirmed if it is still the shop's handoff address. */
export async function confirmHandoffEmail(app: AppContext, token: string): Promise<ConfirmOutcome> {
  const reading = readConfirmationToken(app.config.secretKey.value, token);
  if (!reading.ok) return reading;
  return app.db.prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ name: string; settings: unknown }[]>`SELECT name, settings FROM shops WHERE id = ${reading.shopId}::uuid FOR UPDATE`;
    const shop = rows[0];
    if (!shop || !sameAddress(readShopSettings(shop.settings).handoff?.email, reading.email)) return { ok: false as const, reason: "address_changed" as const };
    await tx.shop.update({ where: { id: reading.shopId }, data: { handoffEmailConfirmed: reading.email.trim().toLowerCase() } });
    return { ok: true as const, address: reading.email, shopName: shop.name };
  });
}
