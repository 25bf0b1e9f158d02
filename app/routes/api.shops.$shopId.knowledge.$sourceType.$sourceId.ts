import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { parseWith } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { deleteItem } from "~/knowledge/store.server";

/** What the route guard (app/http/route-guard.ts) lets through; other methods get 405 with Allow. */
export const allowedMethods = ["DELETE"];

const paramsSchema = z.object({
  sourceType: z.enum(["product", "faq", "policy", "page"]),
  sourceId: z.string().min(1).max(255),
});

/** DELETE removes one knowledge item (all its chunks) from this shop only. */
export async function action(args: ActionFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    if (args.request.method !== "DELETE") throw new HttpError(405, "method_not_allowed", "Use DELETE to remove an item.");
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const { sourceType, sourceId } = parseWith(paramsSchema, args.params);
    const removed = await deleteItem(db.prisma, shop.id, sourceType, sourceId);
    if (removed === 0) throw new HttpError(404, "item_not_found", `No ${sourceType} with id ${sourceId} in this shop.`, "sourceId");
    return jsonResponse({ status: "ok", removed });
  });
}
