import type { ActionFunctionArgs } from "@remix-run/node";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { HttpError, jsonResponse } from "~/http/errors";
import { issueShopApiKey } from "~/shops/api-keys.server";

/** POST rotates the shop's secret API key: the new one is returned once, the old one stops working. */
export async function action(args: ActionFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    if (args.request.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST to rotate the API key.");
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    return jsonResponse({ apiKey: await issueShopApiKey(db.prisma, shop.id) }, { status: 201 });
  });
}

export async function loader(args: ActionFunctionArgs) {
  return adminRoute(args, async () => {
    throw new HttpError(405, "method_not_allowed", "Use POST to rotate the API key.");
  });
}
