import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { extractEmail, normalisePhone } from "./lead-extractor";
import { compact, hasAny, isReachable, LEAD_FIELDS, modelCollectedDataSchema, type CollectedData, type LeadField } from "./lead-fields";

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
 * A turn without an email or phone (an order number, an intent) only enriches a lead this session
 * left within the conversation's idle window: this UPDATE, which returns a row when it did. It goes
 * in the statement that writes the turn's log row (logChatTurn's `alongside`), not in one of its
 * own: on most such turns there is no lead to enrich, and a statement of its own cost the turn a
 * round trip for nothing. One shape for every field set (a field the turn lacks keeps its value),
 * so the log statement has two shapes, with and without it.
 */
export function leadEnrichment(input: { shopId: string; sessionId: string; data: CollectedData; activeSince: Date }): Prisma.Sql {
  const assignments = Prisma.join(
    LEAD_FIELDS.map((field) => {
      const column = Prisma.raw(LEAD_COLUMNS[field]);
      return Prisma.sql`${column} = coalesce(${input.data[field] ?? null}::text, ${column})`;
    }),
    ", ",
  );
  return Prisma.sql`UPDATE leads SET ${assignments}, updated_at = now()
      WHERE ${openLeadOf(Prisma.sql`${input.shopId}::uuid`, input.sessionId, input.activeSince)}
      RETURNING id`;
}

/**
 * Whether this session left a lead within the conversation's idle window (what leadEnrichment
 * would enrich), as an SQL boolean for the statement a turn opens with. A turn in a session with
 * no lead sends no enrichment, so its reply need not wait for its log row (answer.server.ts). A
 * lead the contact form makes between that statement and the log row's misses this turn's details;
 * the widget shows the form and the chat one after the other, so one shopper cannot do both at once.
 * `shopId` is an SQL uuid expression.
 */
export function openLeadColumn(shopId: Prisma.Sql, sessionId: string, since: Date): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT FROM leads WHERE ${openLeadOf(shopId, sessionId, since)})`;
}

/** The condition on `leads` of the session's lead within the window: one definition, so the column finds what the enrichment would update. */
const openLeadOf = (shopId: Prisma.Sql, sessionId: string, since: Date) =>
  Prisma.sql`shop_id = ${shopId} AND session_id = ${sessionId}::uuid AND updated_at >= ${since}`;

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
 * The record stage's lead: merges what the shopper typed with the model's report. A turn with an
 * email or phone creates or updates the session's lead here; one with other data only (an order
 * number, an intent) hands back its `enrichment` for the log statement, unless `leadOpen` says the
 * session has no lead to enrich. What may go back to the client is only this turn's data, and only
 * once stored (`data`, for the caller to send when `stored`, or when the enrichment found a lead):
 * a session id is no key to what an earlier shopper on the same browser (or anyone guessing it) left.
 */
export async function recordTurnLead(
  prisma: PrismaClient,
  input: { shopId: string; sessionId: string; message: string; typed: CollectedData; model: unknown; pageUrl?: string; activeSince: Date; leadOpen?: boolean },
): Promise<{ data: CollectedData; stored: boolean; enrichment?: Prisma.Sql }> {
  const data = mergeCollected(input.typed, input.model, /\p{Script=Cyrillic}/u.test(input.message), input.message);
  if (!hasAny(data)) return { data, stored: false };
  if (isReachable(data)) {
    await upsertLead(prisma, { shopId: input.shopId, sessionId: input.sessionId, data, pageUrl: input.pageUrl });
    return { data, stored: true };
  }
  // Known (openLeadColumn) to have no lead to enrich: nothing to send.
  if (input.leadOpen === false) return { data, stored: false };
  return { data, stored: false, enrichment: leadEnrichment({ shopId: input.shopId, sessionId: input.sessionId, data, activeSince: input.activeSince }) };
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
