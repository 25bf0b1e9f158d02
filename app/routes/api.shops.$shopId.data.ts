import type { ActionFunctionArgs } from "@remix-run/node";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { readJsonBody } from "~/http/body";
import { errorBody, HttpError, jsonResponse } from "~/http/errors";
import { MAX_IMPORT_BYTES, parseImportPayload } from "~/knowledge/payload";
import { queueImport, RemovalNotConfirmedError } from "~/knowledge/import-job.server";

/** What the route guard (app/http/route-guard.ts) lets through; other methods get 405 with Allow. */
export const allowedMethods = ["POST"];

/**
 * Imports a shop's catalog, FAQ and policies as a background job: 202 `{jobId, status}` (progress at
 * GET /api/shops/:shopId/jobs/:jobId). `?wait=true` waits for the job (up to PALOMPY_JOB_WAIT_SECONDS)
 * and answers with its result, or 202 when it is still running. Validation and the removal guard
 * run before anything is queued. `?mode=full` (default) makes each section the
 * payload names the shop's whole list of that kind, removing what it no longer lists; `?mode=merge`
 * only adds and updates. A full import that would remove more than half of the shop's items needs
 * `?confirmRemoval=true`.
 */
export async function action(args: ActionFunctionArgs) {
  return adminRoute(args, async (app) => {
    const { db } = app;
    if (args.request.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST to import data.");
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const query = new URL(args.request.url).searchParams;
    const mode = query.get("mode") ?? "full";
    if (mode !== "full" && mode !== "merge") throw new HttpError(422, "invalid_field", "mode must be full or merge.", "mode");
    const payload = await readJsonBody(args.request, MAX_IMPORT_BYTES);
    const parsed = parseImportPayload(payload);
    if (!parsed.ok) throw new HttpError(parsed.status, parsed.status === 413 ? "too_large" : "invalid_field", parsed.message, parsed.field);
    let jobId: string;
    try {
      ({ jobId } = await queueImport(app, shop.id, { raw: payload, parsed: parsed.data }, { mode, confirmRemoval: query.get("confirmRemoval") === "true" }));
    } catch (error) {
      if (!(error instanceof RemovalNotConfirmedError)) throw error;
      const body = errorBody("removal_not_confirmed", `${error.message} Repeat it with ?confirmRemoval=true if that is intended.`, "confirmRemoval");
      throw jsonResponse({ error: { ...body.error, counts: error.plan } }, { status: 409 });
    }
    const location = `/api/shops/${shop.id}/jobs/${jobId}`;
    if (query.get("wait") === "true") {
      const job = await app.jobs.waitFor(shop.id, jobId, app.config.jobs.waitMs);
      if (job?.state === "succeeded") return jsonResponse({ status: "ok", jobId, ...(job.result as object) });
      if (job?.state === "failed") {
        const reason = job.errors.at(-1)?.message ?? "unknown error";
        const body = errorBody("import_failed", `The import failed: ${reason}`);
        return jsonResponse({ error: { ...body.error, jobId } }, { status: 500, headers: { location } });
      }
      return jsonResponse({ jobId, status: job?.state ?? "queued" }, { status: 202, headers: { location } });
    }
    return jsonResponse({ jobId, status: "queued" }, { status: 202, headers: { location } });
  });
}
