import type { ActionFunctionArgs } from "@remix-run/node";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { readValidatedJson } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { leadStatusPatchSchema, setLeadStatus } from "~/leads/leads.server";

/** PATCH {status: "new" | "contacted" | "closed"} → the lead. */
export async function action(args: ActionFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    if (args.request.method !== "PATCH") throw new HttpError(405, "method_not_allowed", "Use PATCH to change a lead's status.", undefined, { allow: "PATCH" });
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const { status } = await readValidatedJson(args.request, leadStatusPatchSchema, 4 * 1024);
    const lead = await setLeadStatus(db.prisma, shop.id, args.params.leadId ?? "", status);
    if (!lead) throw new HttpError(404, "lead_not_found", "No such lead in this shop.", "leadId");
    return jsonResponse(lead);
  });
}
