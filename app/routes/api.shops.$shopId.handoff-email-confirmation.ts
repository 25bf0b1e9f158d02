import type { ActionFunctionArgs } from "@remix-run/node";
import { requestHandoffEmailConfirmation } from "~/handoff/email-confirmation.server";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { HttpError, jsonResponse } from "~/http/errors";

/**
 * POST → {handoffEmail}: sends the handoff address a new confirmation link (the last one expired or
 * was lost) while it waits for confirmation. `confirmationSent: false` when it needs none, or when
 * the shop's 5 links an hour are used up.
 */
export const allowedMethods = ["POST"];

export async function action(args: ActionFunctionArgs) {
  return adminRoute(args, async (app) => {
    const shop = await requireShopParam(app.db.prisma, args.params.shopId);
    const handoffEmail = await requestHandoffEmailConfirmation(app, shop.id);
    if (!handoffEmail) throw new HttpError(422, "invalid_field", "handoff.email: the shop has no handoff email address to confirm.", "handoff.email");
    return jsonResponse({ handoffEmail });
  });
}
