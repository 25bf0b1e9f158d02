import type { PrismaClient } from "~/generated/prisma/client";
import { extractEmail, normalisePhone } from "./lead-extractor";
import { compact, hasAny, LEAD_FIELDS, modelCollectedDataSchema, type CollectedData } from "./lead-fields";

/**
 * The turn's collected data: what the shopper literally typed (deterministic) wins over what the
 * model reports for the fields a model can invent or reformat (email, phone, order number); the
 * model's contact fields are kept only when they are well-formed.
 */
export function mergeCollected(deterministic: CollectedData, model: unknown, russianContext = false): CollectedData {
  const parsed = modelCollectedDataSchema.safeParse(model ?? {});
  const fromModel: CollectedData = parsed.success ? compact(parsed.data) : {};
  if (fromModel.email) fromModel.email = extractEmail(fromModel.email);
  if (fromModel.phone) fromModel.phone = normalisePhone(fromModel.phone, russianContext);
  if (fromModel.orderNumber) fromModel.orderNumber = fromModel.orderNumber.replace(/^[#№\s]+/, "").toUpperCase() || undefined;
  return compact({ ...fromModel, ...compact(deterministic) });
}

/**
 * One lead per shop + session. Newer values replace older ones (a shopper correcting their email
 * is the common case); fields never learnt stay as they were.
 */
export async function upsertLead(
  prisma: PrismaClient,
  input: { shopId: string; sessionId: string; data: CollectedData; pageUrl?: string },
): Promise<CollectedData> {
  const data = compact(input.data);
  if (!hasAny(data)) return loadLead(prisma, input.shopId, input.sessionId);
  const where = { shopId_sessionId: { shopId: input.shopId, sessionId: input.sessionId } };
  const write = () =>
    prisma.lead.upsert({
      where,
      create: { shopId: input.shopId, sessionId: input.sessionId, ...data, pageUrl: input.pageUrl ?? null },
      update: { ...data, ...(input.pageUrl ? { pageUrl: input.pageUrl } : {}) },
    });
  let row;
  try {
    row = await write();
  } catch (error) {
    // Two turns of one session racing to create the row: the loser updates instead.
    if ((error as { code?: string }).code !== "P2002") throw error;
    row = await write();
  }
  return leadFields(row);
}

export async function loadLead(prisma: PrismaClient, shopId: string, sessionId: string): Promise<CollectedData> {
  const row = await prisma.lead.findUnique({ where: { shopId_sessionId: { shopId, sessionId } } });
  return row ? leadFields(row) : {};
}

function leadFields(row: Record<string, unknown>): CollectedData {
  const out: CollectedData = {};
  for (const key of LEAD_FIELDS) {
    const value = row[key];
    if (typeof value === "string" && value) out[key] = value;
  }
  return out;
}
