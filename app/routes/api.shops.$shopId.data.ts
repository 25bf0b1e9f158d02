import type { ActionFunctionArgs } from "@remix-run/node";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { readJsonBody } from "~/http/body";
import { errorBody, HttpError, jsonResponse } from "~/http/errors";
import { MAX_IMPORT_BYTES, parseImportPayload } from "~/knowledge/payload";
import { importKnowledge, planFullImport } from "~/knowledge/store.server";

/**
 * Imports a shop's catalog, FAQ and policies. `?mode=full` (default) makes each section the
 * payload names the shop's whole list of that kind, removing what it no longer lists; `?mode=merge`
 * only adds and updates. A full import that would remove more than half of the shop's items needs
 * `?confirmRemoval=true`.
 */
export async function action(args: ActionFunctionArgs) {
  return adminRoute(args, async ({ db, embedder }) => {
    if (args.request.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST to import data.");
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const query = new URL(args.request.url).searchParams;
    const mode = query.get("mode") ?? "full";
    if (mode !== "full" && mode !== "merge") throw new HttpError(422, "invalid_field", "mode must be full or merge.", "mode");
    const parsed = parseImportPayload(await readJsonBody(args.request, MAX_IMPORT_BYTES));
    if (!parsed.ok) throw new HttpError(parsed.status, parsed.status === 413 ? "too_large" : "invalid_field", parsed.message, parsed.field);
    if (mode === "full" && query.get("confirmRemoval") !== "true") {
      const plan = await planFullImport(db.prisma, shop.id, parsed.data);
      if (plan.wouldRemove * 2 > plan.existing) {
        const message = `This import would remove ${plan.wouldRemove} of the shop's ${plan.existing} items (keeping ${plan.wouldKeep}). Repeat it with ?confirmRemoval=true if that is intended.`;
        const body = errorBody("removal_not_confirmed", message, "confirmRemoval");
        throw jsonResponse({ error: { ...body.error, counts: plan } }, { status: 409 });
      }
    }
    const result = await importKnowledge(db.prisma, embedder, shop.id, parsed.data, { mode });
    return jsonResponse({ status: "ok", ...result });
  });
}
