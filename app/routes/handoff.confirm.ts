import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getAppContext } from "~/context.server";
import { confirmHandoffEmail, describeConfirmation, type ConfirmOutcome } from "~/handoff/email-confirmation.server";
import { readBodyBytes } from "~/http/body";

/**
 * The link a new handoff email address is sent (app/handoff/email-confirmation.server.ts).
 * GET (and HEAD) only shows a "Confirm" button: mail scanners and link previews fetch links, and
 * must not confirm anything. The button POSTs the token, and that confirms the address.
 */
export const allowedMethods = ["GET", "HEAD", "POST"];

const MAX_FORM_BYTES = 4 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const outcome = await describeConfirmation(await getAppContext(), token);
  if (!outcome.ok) return failurePage(outcome.reason);
  return page(
    200,
    "Confirm this address",
    `<p>The shop <strong>${escapeHtml(outcome.shopName)}</strong> wants shoppers' requests to talk to a person emailed to <strong>${escapeHtml(outcome.address)}</strong>.</p>
<form method="post"><input type="hidden" name="token" value="${escapeHtml(token)}"><button type="submit">Confirm</button></form>
<p>If this is not your shop, close this page: nothing will be sent to you.</p>`,
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const token = new URLSearchParams((await readBodyBytes(request, MAX_FORM_BYTES)).toString("utf8")).get("token") ?? "";
  const outcome = await confirmHandoffEmail(await getAppContext(), token);
  if (!outcome.ok) return failurePage(outcome.reason);
  return page(200, "Address confirmed", `<p><strong>${escapeHtml(outcome.address)}</strong> now receives the requests of ${escapeHtml(outcome.shopName)}'s shoppers.</p>`);
}

function failurePage(reason: Extract<ConfirmOutcome, { ok: false }>["reason"]): Response {
  if (reason === "expired") return page(410, "Link expired", "<p>This link has expired. The shop's settings page can send a new one.</p>");
  if (reason === "address_changed") return page(409, "Address changed", "<p>The shop no longer uses this address for shoppers' requests, so there is nothing to confirm.</p>");
  return page(400, "Invalid link", "<p>This confirmation link is not valid. Copy the whole link from the email.</p>");
}

function page(status: number, title: string, body: string): Response {
  return new Response(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Palompy</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      // The token is in the page's URL: never in a Referer, never in a frame.
      "referrer-policy": "no-referrer",
      "content-security-policy": "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
    },
  });
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
