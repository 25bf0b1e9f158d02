import { randomUUID } from "node:crypto";
import { HttpError } from "~/http/errors";
import { OutboundError } from "~/http/outbound.server";
import { log } from "~/log.server";
import { WooApiError } from "./rest-client.server";

/**
 * What the plugin's status and the job results may say about a failure. Errors written for the
 * merchant (the store's answers, our own explanations) pass as they are; anything else — a
 * database error, a bug — becomes a generic sentence with a reference, and the detail goes to the
 * server log only (Prisma's messages quote the query and its arguments).
 */

/** A failure explained for the merchant; its message is shown as it is. */
export class WooStoreError extends Error {}

export function merchantMessage(error: unknown, context: Record<string, unknown> = {}): string {
  if (error instanceof WooStoreError || error instanceof WooApiError || error instanceof HttpError) return error.message;
  if (error instanceof OutboundError) return `the store ${error.message}`;
  const reference = randomUUID();
  log.error("WooCommerce connector: unexpected error", { ...context, reference, error });
  return `Palompy hit an internal error (reference ${reference}); the server's log has the details.`;
}

/** Rethrows anything that is not merchant-readable as a generic error (what the job queue records). */
export function asMerchantError(error: unknown, context: Record<string, unknown> = {}): Error {
  if (error instanceof WooStoreError || error instanceof WooApiError || error instanceof HttpError) return error;
  return new WooStoreError(merchantMessage(error, context));
}
