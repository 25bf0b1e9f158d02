import type { AppContext } from "~/app-context";

/**
 * Shopify's mandatory privacy webhooks, as domain functions. A customer is known to Palompy only
 * through what a shopper typed in the chat: leads (email, phone, name) and the chat logs of those
 * sessions. Everything is filtered by shop.
 */

export interface CustomerRef {
  shopId: string;
  customerId?: string;
  email?: string | null;
  phone?: string | null;
}

const MASK = "[redacted]";
/** Shorter digit runs match too many unrelated numbers (order numbers, prices). */
const MIN_PHONE_DIGITS = 7;

function digitsOf(value: string | null | undefined): string {
  return (value ?? "").replace(/\D/g, "");
}

function samePhone(a: string | null | undefined, b: string | null | undefined): boolean {
  const [x, y] = [digitsOf(a), digitsOf(b)];
  if (x.length < MIN_PHONE_DIGITS || y.length < MIN_PHONE_DIGITS) return false;
  return x.endsWith(y) || y.endsWith(x);
}

async function customerLeads(app: AppContext, customer: CustomerRef) {
  const email = customer.email?.trim();
  const candidates = await app.db.prisma.lead.findMany({
    where: {
      shopId: customer.shopId,
      OR: [...(email ? [{ email: { equals: email, mode: "insensitive" as const } }] : []), ...(digitsOf(customer.phone).length >= MIN_PHONE_DIGITS ? [{ phone: { not: null } }] : [])],
    },
  });
  return candidates.filter((lead) => (email && lead.email?.toLowerCase() === email.toLowerCase()) || samePhone(lead.phone, customer.phone));
}

/** Chat turns of the customer's sessions, plus any turn elsewhere that quotes their email. */
async function customerChatLogs(app: AppContext, shopId: string, sessionIds: string[], email: string | undefined) {
  return app.db.prisma.chatLog.findMany({
    where: {
      shopId,
      OR: [
        { sessionId: { in: sessionIds } },
        ...(email ? [{ message: { contains: email, mode: "insensitive" as const } }, { answer: { contains: email, mode: "insensitive" as const } }] : []),
      ],
    },
    orderBy: { createdAt: "asc" },
  });
}

/** customers/redact: the customer's leads are deleted and their contact data masked in chat logs. */
export async function redactCustomer(app: AppContext, customer: CustomerRef): Promise<{ leadsDeleted: number; chatLogsMasked: number }> {
  const { prisma } = app.db;
  const leads = await customerLeads(app, customer);
  const email = customer.email?.trim() || undefined;
  const logs = await customerChatLogs(app, customer.shopId, leads.map((lead) => lead.sessionId), email);
  const patterns = maskPatterns([email, ...leads.map((lead) => lead.email)], [customer.phone, ...leads.map((lead) => lead.phone)], leads.map((lead) => lead.name));
  let masked = 0;
  for (const log of logs) {
    const message = mask(log.message, patterns);
    const answer = mask(log.answer, patterns);
    if (message === log.message && answer === log.answer) continue;
    await prisma.chatLog.update({ where: { id: log.id }, data: { message, answer } });
    masked += 1;
  }
  const deleted = await prisma.lead.deleteMany({ where: { shopId: customer.shopId, id: { in: leads.map((lead) => lead.id) } } });
  return { leadsDeleted: deleted.count, chatLogsMasked: masked };
}

function maskPatterns(emails: (string | null | undefined)[], phones: (string | null | undefined)[], names: (string | null | undefined)[]): RegExp[] {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const patterns: RegExp[] = [];
  for (const email of new Set(emails.filter((value): value is string => Boolean(value)))) patterns.push(new RegExp(escape(email), "giu"));
  for (const phone of new Set(phones.map(digitsOf).filter((digits) => digits.length >= MIN_PHONE_DIGITS))) {
    // The last digits, whatever separators the shopper typed between them.
    const tail = phone.slice(-Math.min(phone.length, 10));
    patterns.push(new RegExp(`(?:\\+?\\d{1,3}[\\s().-]*)?${tail.split("").join("[\\s().-]*")}`, "gu"));
  }
  for (const name of new Set(names.filter((value): value is string => Boolean(value && value.trim().length > 1)))) {
    patterns.push(new RegExp(`(?<![\\p{L}])${escape(name.trim())}(?![\\p{L}])`, "giu"));
  }
  return patterns;
}

function mask(text: string, patterns: RegExp[]): string {
  return patterns.reduce((out, pattern) => out.replace(pattern, MASK), text);
}

/** customers/data_request: what Palompy holds about the customer, stored for the merchant to hand over. */
export async function assembleCustomerData(app: AppContext, customer: CustomerRef & { requestId: string }) {
  const { prisma } = app.db;
  const leads = await customerLeads(app, customer);
  const sessionIds = leads.map((lead) => lead.sessionId);
  const logs = await customerChatLogs(app, customer.shopId, sessionIds, customer.email?.trim() || undefined);
  const surveys = await prisma.surveyResponse.findMany({ where: { shopId: customer.shopId, sessionId: { in: sessionIds } }, orderBy: { createdAt: "asc" } });
  const report = {
    customer: { id: customer.customerId ?? null, email: customer.email ?? null, phone: customer.phone ?? null },
    leads: leads.map(({ shopId: _shop, id: _id, ...lead }) => ({ ...lead, createdAt: lead.createdAt.toISOString(), updatedAt: lead.updatedAt.toISOString() })),
    chat: logs.map((log) => ({ sessionId: log.sessionId, at: log.createdAt.toISOString(), message: log.message, answer: log.answer, pageUrl: log.pageUrl })),
    surveyResponses: surveys.map((response) => ({ surveyId: response.surveyId, at: response.createdAt.toISOString(), answers: response.answers })),
  };
  const data = { customerId: customer.customerId ?? null, email: customer.email ?? null, phone: customer.phone ?? null, report };
  return prisma.customerDataRequest.upsert({
    where: { shopId_platformRequestId: { shopId: customer.shopId, platformRequestId: customer.requestId } },
    create: { shopId: customer.shopId, platformRequestId: customer.requestId, ...data },
    update: data,
  });
}

export async function listCustomerDataRequests(app: AppContext, shopId: string, take = 20) {
  return app.db.prisma.customerDataRequest.findMany({ where: { shopId }, orderBy: { createdAt: "desc" }, take });
}

/**
 * shop/redact (48 hours after uninstall): everything of the shop goes; the cascade takes its rows.
 * Only the Shopify shop the delivery was queued for: never another platform's record of the domain.
 */
export async function redactShop(app: AppContext, input: { shopId: string; shopDomain: string }): Promise<{ deleted: boolean }> {
  const { prisma } = app.db;
  const domain = input.shopDomain.toLowerCase();
  await prisma.session.deleteMany({ where: { shop: domain } });
  const deleted = await prisma.shop.deleteMany({ where: { id: input.shopId, domain, platform: "shopify" } });
  return { deleted: deleted.count > 0 };
}

/**
 * app/uninstalled: the widget stops being served and Shopify's sessions go; the data stays until
 * shop/redact. A shop of another platform under the domain is left alone; false when none was marked.
 */
export async function markShopUninstalled(app: AppContext, input: { shopDomain: string }): Promise<boolean> {
  const { prisma } = app.db;
  const domain = input.shopDomain.toLowerCase();
  await prisma.session.deleteMany({ where: { shop: domain } });
  const shop = await prisma.shop.findUnique({ where: { platform_domain: { platform: "shopify", domain } }, select: { id: true } });
  if (!shop) return false;
  await prisma.shop.update({ where: { id: shop.id }, data: { status: "uninstalled" } });
  await prisma.shopifyInstallation.updateMany({ where: { shopId: shop.id }, data: { uninstalledAt: new Date() } });
  return true;
}
