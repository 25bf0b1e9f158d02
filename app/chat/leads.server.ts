import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { rawQuery } from "~/db/raw-sql.server";
import { extractEmail, normalisePhone } from "./lead-extractor";
import { compact, hasAny, isReachable, modelCollectedDataSchema, type CollectedData, type LeadField } from "./lead-fields";

/**
 * The turn's collected data: what the shopper literally typed (deterministic) wins over what the
 * model reports for the fields a model can invent or reformat (email, phone, order number); the
 * model's contact fields are kept only when they are well-formed and, when the shopper's message
 * is given, only when they were typed in it (the model also sees earlier turns, and what an
 * earlier turn said must never come back to a client).
 */
export function mergeCollected(deterministic: CollectedData, model: unknown, russianContext = false, message?: string): CollectedData {
  const parsed = modelCollectedDataSchema.safeParse(model ?? {});
  const fromModel: CollectedData = parsed.success ? compact(parsed.data) : {};
  if (fromModel.email) fromModel.email = extractEmail(fromModel.email);
  if (fromModel.phone) fromModel.phone = normalisePhone(fromModel.phone, russianContext);
  if (fromModel.orderNumber) fromModel.orderNumber = fromModel.orderNumber.replace(/^[#№\s]+/, "").toUpperCase() || undefined;
  if (message !== undefined) {
    for (const key of TYPED_FIELDS) if (fromModel[key] && !typedIn(message, fromModel[key])) delete fromModel[key];
  }
  return compact({ ...fromModel, ...compact(deterministic) });
}

const TYPED_FIELDS = ["name", "email", "phone", "orderNumber"] as const;

function typedIn(message: string, value: string): boolean {
  const digits = value.replace(/\D/g, "");
  if (/^\+?\d+$/.test(value.replace(/[\s()-]/g, "")) && digits.length >= 3) {
    // A phone's country prefix may have been added ("8 916…" -> "+7916…"): compare the tail.
    return message.replace(/\D/g, "").includes(digits.slice(-9));
  }
  return message.toLowerCase().includes(value.toLowerCase());
}

/**
 * Stores this turn's data when it makes or enriches a lead: a turn with an email or phone creates
 * or updates the session's lead; a turn without one (an order number, an intent) only enriches a
 * lead this session left within the conversation's idle window. Returns whether anything was stored.
 */
export async function recordLead(
  prisma: PrismaClient,
  input: { shopId: string; sessionId: string; data: CollectedData; pageUrl?: string; activeSince: Date },
): Promise<boolean> {
  const data = compact(input.data);
  if (!hasAny(data)) return false;
  if (isReachable(data)) {
    await upsertLead(prisma, input);
    return true;
  }
  // One statement: Prisma's updateMany wraps its UPDATE in a transaction of its own (three round
  // trips), on a turn that usually finds no lead to enrich.
  const assignments = Prisma.join(
    (Object.keys(data) as LeadField[]).map((field) => Prisma.sql`${Prisma.raw(LEAD_COLUMNS[field])} = ${data[field]}`),
    ", ",
  );
  const updated = await rawQuery<{ id: string }>(
    prisma,
    Prisma.sql`UPDATE leads SET ${assignments}, updated_at = now()
      WHERE shop_id = ${input.shopId}::uuid AND session_id = ${input.sessionId}::uuid AND updated_at >= ${input.activeSince}
      RETURNING id::text`,
  );
  return updated.length > 0;
}

/** The `leads` column of each field (fixed names, never input). */
const LEAD_COLUMNS: Record<LeadField, string> = {
  name: "name",
  email: "email",
  phone: "phone",
  intent: "intent",
  orderNumber: "order_number",
  preferredContact: "preferred_contact",
  notes: "notes",
};

/**
 * The record stage's lead: merges what the shopper typed with the model's report, stores it when
 * it makes or enriches a lead, and returns what may go back to the client — only this turn's data,
 * and only when stored. A session id is no key to what an earlier shopper on the same browser (or
 * anyone guessing it) left.
 */
export async function recordTurnLead(
  prisma: PrismaClient,
  input: { shopId: string; sessionId: string; message: string; typed: CollectedData; model: unknown; pageUrl?: string; activeSince: Date },
): Promise<CollectedData> {
  const data = mergeCollected(input.typed, input.model, /\p{Script=Cyrillic}/u.test(input.message), input.message);
  const stored = await recordLead(prisma, { shopId: input.shopId, sessionId: input.sessionId, data, pageUrl: input.pageUrl, activeSince: input.activeSince });
  return stored ? data : {};
}

/**
 * One lead per shop + session. Newer values replace older ones (a shopper correcting their email
 * is the common case); fields never learnt stay as they were.
 */
async function upsertLead(prisma: PrismaClient, input: { shopId: string; sessionId: string; data: CollectedData; pageUrl?: string }): Promise<void> {
  const data = compact(input.data);
  const where = { shopId_sessionId: { shopId: input.shopId, sessionId: input.sessionId } };
  const write = () =>
    prisma.lead.upsert({
      where,
      create: { shopId: input.shopId, sessionId: input.sessionId, ...data, pageUrl: input.pageUrl ?? null },
      update: { ...data, ...(input.pageUrl ? { pageUrl: input.pageUrl } : {}) },
    });
  try {
    await write();
  } catch (error) {
    // Two turns of one session racing to create the row: the loser updates instead.
    if ((error as { code?: string }).code !== "P2002") throw error;
    await write();
  }
}
