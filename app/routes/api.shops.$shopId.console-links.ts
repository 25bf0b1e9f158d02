import type { ActionFunctionArgs } from "@remix-run/node";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { consoleLinkResponse } from "~/http/console-link.server";
import { HttpError } from "~/http/errors";

/** POST → {url, expiresAt}: a single-use, short-lived link that logs the merchant into the console (platform plugins). */
export async function action(args: ActionFunctionArgs) {
  return adminRoute(args, async (app) => {
    if (args.request.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST to create a console link.");
    const shop = await requireShopParam(app.db.prisma, args.params.shopId);
    return consoleLinkResponse(app, args.request, shop.id);
  });
}

export async function loader(args: ActionFunctionArgs) {
  return adminRoute(args, async () => {
    throw new HttpError(405, "method_not_allowed", "Use POST to create a console link.");
  });
}
