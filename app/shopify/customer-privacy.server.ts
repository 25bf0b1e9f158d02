import { z } from "zod";
import type { AppContext } from "~/app-context";
import { Prisma } from "~/generated/prisma/client";
import { HttpError, jsonResponse } from "~/http/errors";

/**
 * What the privacy webhooks leave behind, handled apart from compliance.server.ts (which finds and
 * masks the customer's leads and chat turns): the data-request reports the merchant downloads, the
 * survey answers of the customer's chat sessions, and the inputs and results of finished privacy
 * jobs, which would otherwise keep the customer's email and phone in background_jobs.
 */

const PRIVACY_JOB_KINDS = ["shopify-customers-redact", "shopify-customers-data_request"];
const MIN_PHONE_DIGITS = 7;

export interface PrivacyCustomer {
  shopId: string;
  customerId?: string;
  email?: string | null;
  phone?: string | null;
}

const digitsOf = (value: string | null | undefined) => (value ?? "").replace(/\D/g, "");

/** Rows (a report, a job's input) naming the same customer: id, email (any case) or phone digits. */
function namesCustomer(row: { customerId?: string | null; email?: string | null; phone?: string | null }, customer: PrivacyCustomer): boolean {
  if (customer.customerId && row.customerId === customer.customerId) return true;
  const email = customer.email?.trim().toLowerCase();
  if (email && row.email?.trim().toLowerCase() === email) return true;
  const [a, b] = [digitsOf(row.phone), digitsOf(customer.phone)];
  return a.length >= MIN_PHONE_DIGITS && b.length >= MIN_PHONE_DIGITS && (a.endsWith(b) || b.endsWith(a));
}

/**
 * customers/redact, after the leads and chat turns: the customer's data-request reports and the
 * survey answers of their chat sessions go, and finished privacy jobs about them forget it.
 */
export async function redactCustomerTraces(app: AppContext, customer: PrivacyCustomer, sessionIds: string[]) {
  const { prisma } = app.db;
  const reports = await prisma.customerDataRequest.findMany({ where: { shopId: customer.shopId }, select: { id: true, customerId: true, email: true, phone: true } });
  const reportIds = reports.filter((report) => namesCustomer(report, customer)).map((report) => report.id);
  const reportsDeleted = (await prisma.customerDataRequest.deleteMany({ where: { shopId: customer.shopId, id: { in: reportIds } } })).count;
  const surveyResponsesDeleted = sessionIds.length ? (await prisma.surveyResponse.deleteMany({ where: { shopId: customer.shopId, sessionId: { in: sessionIds } } })).count : 0;
  const jobsScrubbed = await forgetPrivacyJobInputs(app, customer);
  return { reportsDeleted, surveyResponsesDeleted, jobsScrubbed };
}

/**
 * The privacy jobs of this shop about this customer, finished or the one running now (called as
 * its last step), keep their kind and request id but no email, phone or report.
 */
export async function forgetPrivacyJobInputs(app: AppContext, customer: PrivacyCustomer): Promise<number> {
  const { prisma } = app.db;
  const jobs = await prisma.backgroundJob.findMany({
    where: { shopId: customer.shopId, kind: { in: PRIVACY_JOB_KINDS }, state: { in: ["running", "succeeded", "failed"] } },
    select: { id: true, input: true },
  });
  let scrubbed = 0;
  for (const job of jobs) {
    const input = (job.input ?? {}) as { customerId?: string; email?: string | null; phone?: string | null; requestId?: string; shopDomain?: string; shopId?: string };
    if (!namesCustomer(input, customer)) continue;
    await prisma.backgroundJob.update({
      where: { id: job.id },
      data: { input: { shopId: input.shopId, shopDomain: input.shopDomain, requestId: input.requestId, email: null, phone: null, redacted: true }, result: Prisma.DbNull },
    });
    scrubbed += 1;
  }
  return scrubbed;
}

const requestIdSchema = z.string().uuid("must be a data request id");

/** A stored data-request report as a JSON download (the merchant hands it to the customer). */
export async function customerDataReportResponse(app: AppContext, shopId: string, requestId: string | undefined): Promise<Response> {
  const parsed = requestIdSchema.safeParse(requestId);
  if (!parsed.success) throw new HttpError(400, "invalid_request_id", `requestId ${parsed.error.issues[0].message}`, "requestId");
  const request = await app.db.prisma.customerDataRequest.findFirst({ where: { id: parsed.data, shopId } });
  if (!request) throw new HttpError(404, "not_found", "No such customer data request for this store.", "requestId");
  const body = { requestId: request.platformRequestId, receivedAt: request.createdAt.toISOString(), ...(request.report as object) };
  const filename = `customer-data-request-${request.platformRequestId.replace(/[^\w.-]/g, "_")}.json`;
  return jsonResponse(body, { headers: { "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" } });
}
