import { createHmac } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import type { AppContext } from "~/app-context";
import type { JobRetryPolicy } from "~/jobs/registry";
import type { ProgressReporter } from "~/jobs/types";
import { OutboundError, outboundClient } from "~/http/outbound.server";
import { log } from "~/log.server";
import { readShopSettings } from "~/shops/settings";
import { handoffEmailState, isDeliverable } from "./email-confirmation.server";
import { webhookUrlProblem } from "./webhook-url.server";

/** The job's input, checked again when it runs: it was stored with the job. */
const handoffDeliveryInputSchema = z.object({ shopId: z.string().uuid(), leadId: z.string().uuid() });
export type HandoffDeliveryInput = z.infer<typeof handoffDeliveryInputSchema>;

export const HANDOFF_JOB_KIND = "handoff-deliver";

/** A merchant's mail server or webhook may be down for a while: more retries, further apart than the default. */
export function handoffRetryPolicy(app: AppContext): JobRetryPolicy {
  return { retryLimit: app.config.handoff.retries, retryDelay: Math.max(1, Math.round(app.config.handoff.retryBaseMs / 1000)) };
}
export const WEBHOOK_SIGNATURE_HEADER = "x-palompy-signature";
const WEBHOOK_TIMEOUT_MS = 10_000;

/** The key a shop's webhook receiver checks signatures with: derived, so nothing extra is stored or leaked with the settings. */
export function webhookSigningSecret(secretKey: string, shopId: string): string {
  return createHmac("sha256", `handoff-webhook:${secretKey}`).update(shopId).digest("base64url");
}

export function signWebhookBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}

/**
 * Forwards one handoff lead to the merchant: by email (SMTP_URL) and/or to the signed webhook,
 * whichever the shop's settings name. Every attempt is logged in handoff_deliveries; a channel
 * that already succeeded for this lead is skipped, so a retry resends only what failed. Throws
 * when a channel failed, which is what makes the job queue retry it with backoff.
 */
export async function deliverHandoff(app: AppContext, stored: HandoffDeliveryInput, progress: ProgressReporter): Promise<{ delivered: string[]; skipped: string[] }> {
  const input = handoffDeliveryInputSchema.parse(stored);
  const prisma = app.db.prisma;
  const [shop, lead] = await Promise.all([
    prisma.shop.findUnique({ where: { id: input.shopId } }),
    prisma.lead.findFirst({ where: { id: input.leadId, shopId: input.shopId } }),
  ]);
  if (!shop || !lead) return { delivered: [], skipped: ["lead_not_found"] };
  const settings = readShopSettings(shop.settings);
  const channels: { channel: "email" | "webhook"; target: string }[] = [];
  // Only to an address its owner confirmed or the platform vouches for (email-confirmation.server.ts).
  const emailState = settings.handoff?.email ? await handoffEmailState(prisma, shop.id) : null;
  if (emailState && isDeliverable(emailState.status)) channels.push({ channel: "email", target: emailState.address });
  if (settings.handoff?.webhookUrl) channels.push({ channel: "webhook", target: settings.handoff.webhookUrl });
  await progress({ done: 0, total: channels.length });

  const past = await prisma.handoffDelivery.findMany({ where: { leadId: lead.id, shopId: shop.id }, select: { channel: true, ok: true } });
  const delivered: string[] = [];
  const skipped: string[] = emailState && !isDeliverable(emailState.status) ? ["email_unconfirmed"] : [];
  const failures: string[] = [];
  let done = 0;
  const payload = {
    event: "lead.handoff",
    deliveryId: lead.id,
    occurredAt: new Date().toISOString(),
    shop: { id: shop.id, name: shop.name },
    lead: { id: lead.id, name: lead.name, email: lead.email, phone: lead.phone, message: lead.notes, pageUrl: lead.pageUrl, createdAt: lead.createdAt.toISOString() },
  };
  for (const { channel, target } of channels) {
    if (past.some((row) => row.channel === channel && row.ok)) {
      skipped.push(channel);
      done++;
      continue;
    }
    const attempt = past.filter((row) => row.channel === channel).length + 1;
    let outcome: { ok: boolean; status?: number; error?: string };
    try {
      outcome = channel === "email" ? await sendEmail(app, target, payload) : await postWebhook(app, shop.id, target, payload);
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    await prisma.handoffDelivery.create({
      data: { shopId: shop.id, leadId: lead.id, channel, target, attempt, ok: outcome.ok, status: outcome.status ?? null, error: outcome.error?.slice(0, 500) ?? null },
    });
    if (outcome.ok) {
      delivered.push(channel);
      done++;
      await progress({ done });
    } else {
      failures.push(`${channel}: ${outcome.error ?? `HTTP ${outcome.status}`}`);
      await progress({ error: { item: channel, message: outcome.error ?? `HTTP ${outcome.status}` } });
    }
  }
  if (failures.length) throw new Error(`Handoff delivery failed (${failures.join("; ")})`);
  return { delivered, skipped };
}

type HandoffPayload = {
  shop: { name: string };
  lead: { name: string | null; email: string | null; phone: string | null; message: string | null; pageUrl: string | null };
};

let transport: { url: string; value: Transporter } | undefined;

async function sendEmail(app: AppContext, to: string, payload: HandoffPayload) {
  const smtp = app.config.smtp;
  if (!smtp) return { ok: false, error: "SMTP_URL is not configured" };
  if (transport?.url !== smtp.url) transport = { url: smtp.url, value: nodemailer.createTransport(smtp.url) };
  const { lead } = payload;
  const lines = [
    `A shopper on ${payload.shop.name} asked to be contacted by a person.`,
    "",
    `Name: ${lead.name ?? "—"}`,
    `Email: ${lead.email ?? "—"}`,
    `Phone: ${lead.phone ?? "—"}`,
    `Page: ${lead.pageUrl ?? "—"}`,
    "",
    lead.message ?? "(no message)",
  ];
  await transport.value.sendMail({
    from: smtp.from,
    to,
    ...(lead.email ? { replyTo: lead.email } : {}),
    subject: `Palompy: ${lead.name ?? lead.email ?? lead.phone ?? "a shopper"} wants to talk to you`,
    text: lines.join("\n"),
  });
  return { ok: true };
}

async function postWebhook(app: AppContext, shopId: string, url: string, payload: unknown) {
  const refused = webhookUrlProblem(app.config, url);
  if (refused) return { ok: false, error: `the webhook URL ${refused}` };
  const body = JSON.stringify(payload);
  let response;
  try {
    response = await outboundClient(app.config).request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Palompy-Webhook/1",
        "x-palompy-event": "lead.handoff",
        [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(webhookSigningSecret(app.config.secretKey.value, shopId), body),
      },
      body,
      // A receiver that answers with a redirect has not received the lead.
      maxRedirects: 0,
      timeoutMs: WEBHOOK_TIMEOUT_MS,
      maxBytes: 64 * 1024,
    });
  } catch (error) {
    if (error instanceof OutboundError) {
      log.info("handoff webhook not reached", { shopId, reason: error.reason, detail: error.detail });
      return { ok: false, error: `the webhook ${error.message}` };
    }
    throw error;
  }
  const ok = response.status >= 200 && response.status < 300;
  return ok ? { ok: true, status: response.status } : { ok: false, status: response.status, error: `HTTP ${response.status}` };
}

export async function listHandoffDeliveries(app: AppContext, shopId: string, limit = 20) {
  const rows = await app.db.prisma.handoffDelivery.findMany({
    where: { shopId },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { lead: { select: { name: true, email: true, phone: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    leadId: row.leadId,
    who: row.lead.name ?? row.lead.email ?? row.lead.phone ?? "—",
    channel: row.channel,
    target: row.target,
    attempt: row.attempt,
    ok: row.ok,
    status: row.status,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
  }));
}
