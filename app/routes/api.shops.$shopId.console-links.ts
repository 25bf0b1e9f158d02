import type { ActionFunctionArgs } from "@remix-run/node";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { HttpError, jsonResponse } from "~/http/errors";
import { createConsoleLinkToken } from "~/shops/console-links.server";
import { publicBaseUrl } from "~/http/public-url.server";

/** POST → {url, expiresAt}: a single-use, short-lived link that logs the merchant into the console (platform plugins). */
export async function action(args: ActionFunctionArgs) {
  return adminRoute(args, async (app) => {
    if (args.request.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST to create a console link.");
    const shop = await requireShopParam(app.db.prisma, args.params.shopId);
    const { token, expiresAt } = createConsoleLinkToken(app.config.secretKey.value, shop.id);
    const url = `${publicBaseUrl(app.config, args.request)}/admin/sso?token=${encodeURIComponent(token)}`;
    return jsonResponse({ url, expiresAt: expiresAt.toISOString() }, { status: 201 });
  });
}

export async function loader(args: ActionFunctionArgs) {
  return adminRoute(args, async () => {
    throw new HttpError(405, "method_not_allowed", "Use POST to create a console link.");
  });
}
