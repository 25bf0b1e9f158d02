import type { ActionFunctionArgs } from "@remix-run/node";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { HttpError, jsonResponse } from "~/http/errors";
import { deleteShopAsOperator } from "~/shops/delete-shop.server";

/** What the route guard (app/http/route-guard.ts) lets through; other methods get 405 with Allow. */
export const allowedMethods = ["DELETE"];

/**
 * Operator only: DELETE ?confirm=<the shop's id> removes the shop and everything it owns (the id
 * twice, so nothing irreversible happens by a stray request). A WooCommerce store's webhooks
 * are removed from the store first when its keys still work (best effort: the result says how it
 * went). The way out for a store whose plugin was deleted while this server was unreachable.
 */
export async function action(args: ActionFunctionArgs) {
  return adminRoute(args, async (app, principal) => {
    if (args.request.method !== "DELETE") throw new HttpError(405, "method_not_allowed", "Use DELETE to remove the shop.", undefined, { allow: "DELETE" });
    // A shop's own API key reads and edits its data; removing the shop is the operator's decision.
    if (principal.kind !== "operator") throw new HttpError(403, "operator_only", "Only the operator token (PALOMPY_ADMIN_TOKEN) can delete a shop.", "authorization");
    const shop = await requireShopParam(app.db.prisma, args.params.shopId);
    if (new URL(args.request.url).searchParams.get("confirm") !== shop.id) {
      throw new HttpError(422, "confirmation_required", "Deleting a shop removes all of its data: repeat its id as ?confirm=<shop id>.", "confirm");
    }
    return jsonResponse({ id: shop.id, ...(await deleteShopAsOperator(app, shop)) });
  });
}

export async function loader() {
  return jsonResponse({ error: { code: "method_not_allowed", message: "Use DELETE to remove the shop." } }, { status: 405, headers: { allow: "DELETE" } });
}
