import type { ActionFunctionArgs } from "@remix-run/node";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { readJsonBody } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { MAX_IMPORT_BYTES, parseImportPayload } from "~/knowledge/payload";
import { importKnowledge } from "~/knowledge/store.server";

/** What the route guard (app/http/route-guard.ts) lets through; other methods get 405 with Allow. */
export const allowedMethods = ["POST"];

/**
 * Imports a shop's catalog, FAQ and policies. `?mode=full` (default) makes the payload the whole
 * knowledge base, removing what it no longer lists; `?mode=merge` only adds and updates.
 */
export async function action(args: ActionFunctionArgs) {
  return adminRoute(args, async ({ db, embedder }) => {
    if (args.request.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST to import data.");
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const mode = new URL(args.request.url).searchParams.get("mode") ?? "full";
    if (mode !== "full" && mode !== "merge") throw new HttpError(422, "invalid_field", "mode must be full or merge.", "mode");
    const parsed = parseImportPayload(await readJsonBody(args.request, MAX_IMPORT_BYTES));
    if (!parsed.ok) throw new HttpError(parsed.status, parsed.status === 413 ? "too_large" : "invalid_field", parsed.message, parsed.field);
    const result = await importKnowledge(db.prisma, embedder, shop.id, parsed.data, { mode });
    return jsonResponse({ status: "ok", ...result });
  });
}
