import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { webhookSigningSecret } from "~/handoff/delivery.server";
import { handoffEmailState, requestHandoffEmailConfirmation } from "~/handoff/email-confirmation.server";
import { assertHandoffWebhookAllowed } from "~/handoff/webhook-url.server";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { readValidatedJson } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { shopSettingsPatchSchema } from "~/shops/settings";
import { getShopSettings, saveShopSettings } from "~/shops/settings.server";

const MAX_SETTINGS_BYTES = 64 * 1024;

/**
 * GET → {settings, webhookSigningSecret, handoffEmail}: the shop's settings as stored (unset fields
 * are absent), the key its handoff webhook receiver verifies X-Palompy-Signature with, and the
 * handoff address's state ({address, status: confirmed | vouched | waiting_for_confirmation}, or
 * null): mail goes only to a confirmed or vouched address.
 */
export async function loader(args: LoaderFunctionArgs) {
  return adminRoute(args, async ({ db, config }) => {
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    return jsonResponse({
      settings: await getShopSettings(db.prisma, shop.id),
      webhookSigningSecret: webhookSigningSecret(config.secretKey.value, shop.id),
      handoffEmail: await handoffEmailState(db.prisma, shop.id),
    });
  });
}

/**
 * PATCH {field: value | null, …} → {settings, handoffEmail}: top-level fields replace the stored
 * ones, null clears one. A new handoff email address is sent a confirmation link
 * (`handoffEmail.confirmationSent`) unless the shop's platform vouches for it.
 */
export async function action(args: ActionFunctionArgs) {
  return adminRoute(args, async (app) => {
    const { db } = app;
    if (args.request.method !== "PATCH") throw new HttpError(405, "method_not_allowed", "Use GET or PATCH.", undefined, { allow: "GET, PATCH" });
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const patch = await readValidatedJson(args.request, shopSettingsPatchSchema, MAX_SETTINGS_BYTES);
    assertHandoffWebhookAllowed(app.config, patch);
    const { settings, handoffEmailChanged } = await saveShopSettings(db.prisma, shop.id, patch);
    const handoffEmail = handoffEmailChanged ? await requestHandoffEmailConfirmation(app, shop.id) : await handoffEmailState(db.prisma, shop.id);
    return jsonResponse({ settings, handoffEmail });
  });
}
