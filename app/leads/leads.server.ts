import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { listQueryShape, type Page } from "~/console/listing";
import { isUuid } from "~/uuid";

export const LEAD_STATUSES = ["new", "contacted", "closed"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const leadListQuerySchema = z.object({
  ...listQueryShape,
  status: z.enum(LEAD_STATUSES).optional(),
});
export type LeadListQuery = z.infer<typeof leadListQuerySchema>;

export const leadStatusPatchSchema = z.object({ status: z.enum(LEAD_STATUSES) }).strict();

const LEAD_COLUMNS = {
  id: true,
  sessionId: true,
  name: true,
  email: true,
  phone: true,
  intent: true,
  orderNumber: true,
  preferredContact: true,
  notes: true,
  pageUrl: true,
  status: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type LeadRow = Prisma.LeadGetPayload<{ select: typeof LEAD_COLUMNS }>;

function leadWhere(shopId: string, query: Pick<LeadListQuery, "from" | "to" | "status">): Prisma.LeadWhereInput {
  return {
    shopId,
    ...(query.status ? { status: query.status } : {}),
    ...(query.from || query.to ? { createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } } : {}),
  };
}

export async function listLeads(prisma: PrismaClient, shopId: string, query: LeadListQuery): Promise<Page<LeadRow>> {
  const where = leadWhere(shopId, query);
  const [items, total] = await Promise.all([
    prisma.lead.findMany({
      where,
      select: LEAD_COLUMNS,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    prisma.lead.count({ where }),
  ]);
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/**
 * What each lead is about in the shopper's own words, for leads that have neither an intent nor
 * notes: the message the shopper sent in that session closest before the lead was saved (the one
 * that usually carried the contact details and the reason, "call me back about the tent").
 */
export async function leadMessages(prisma: PrismaClient, shopId: string, leads: Pick<LeadRow, "sessionId" | "createdAt" | "intent" | "notes">[]): Promise<Map<string, string>> {
  const sessions = [...new Set(leads.filter((lead) => !lead.intent && !lead.notes).map((lead) => lead.sessionId))];
  if (sessions.length === 0) return new Map();
  const turns = await prisma.chatLog.findMany({
    where: { shopId, sessionId: { in: sessions } },
    select: { sessionId: true, message: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  const out = new Map<string, string>();
  for (const lead of leads) {
    const before = turns.filter((turn) => turn.sessionId === lead.sessionId && turn.createdAt.getTime() <= lead.createdAt.getTime() + 5_000);
    const message = (before.at(-1) ?? turns.find((turn) => turn.sessionId === lead.sessionId))?.message;
    if (message) out.set(lead.sessionId, message);
  }
  return out;
}

/** Null when this shop has no such lead (another shop's lead id is not found either). */
export async function setLeadStatus(prisma: PrismaClient, shopId: string, leadId: string, status: LeadStatus): Promise<LeadRow | null> {
  if (!isUuid(leadId)) return null;
  const updated = await prisma.lead.updateMany({ where: { id: leadId, shopId }, data: { status } });
  if (updated.count === 0) return null;
  return prisma.lead.findFirst({ where: { id: leadId, shopId }, select: LEAD_COLUMNS });
}

const CSV_COLUMNS = ["createdAt", "status", "name", "email", "phone", "intent", "orderNumber", "preferredContact", "notes", "pageUrl", "id", "sessionId"] as const;
const CSV_PAGE = 1_000;

/**
 * The shop's leads in the range as CSV, newest first, read in keyset pages of 1,000 as the client
 * consumes the stream: memory stays flat whatever the count, and a slow client slows the reads.
 */
export function leadsCsvStream(prisma: PrismaClient, shopId: string, query: Pick<LeadListQuery, "from" | "to" | "status">): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: { createdAt: Date; id: string } | undefined;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        // A byte-order mark so spreadsheet apps read UTF-8 (Cyrillic names) correctly.
        controller.enqueue(encoder.encode(`\uFEFF${CSV_COLUMNS.join(",")}\r\n`));
        return;
      }
      const rows = await prisma.lead.findMany({
        where: {
          AND: [
            leadWhere(shopId, query),
            after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {},
          ],
        },
        select: LEAD_COLUMNS,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: CSV_PAGE,
      });
      if (rows.length === 0) {
        controller.close();
        return;
      }
      after = { createdAt: rows[rows.length - 1].createdAt, id: rows[rows.length - 1].id };
      controller.enqueue(encoder.encode(rows.map((row) => CSV_COLUMNS.map((column) => csvCell(row[column])).join(",")).join("\r\n") + "\r\n"));
    },
  });
}

/** Quotes when needed; a leading = + - @ is defused so a spreadsheet does not run it as a formula. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
