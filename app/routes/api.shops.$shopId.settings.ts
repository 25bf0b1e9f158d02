import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { webhookSigningSecret } from "~/handoff/delivery.server";
import { assertHandoffWebhookAllowed } from "~/handoff/webhook-url.server";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { readValidatedJson } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { shopSettingsPatchSchema } from "~/shops/settings";
import { getShopSettings, updateShopSettings } from "~/shops/settings.server";

const MAX_SETTINGS_BYTES = 64 * 1024;

/**
 * GET → {settings, webhookSigningSecret}: the shop's settings as stored (unset fields are absent)
 * and the key its handoff webhook receiver verifies X-Palompy-Signature with.
 */
export async function loader(args: LoaderFunctionArgs) {
  return adminRoute(args, async ({ db, config }) => {
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    return jsonResponse({ settings: await getShopSettings(db.prisma, shop.id), webhookSigningSecret: webhookSigningSecret(config.secretKey.value, shop.id) });
  });
}

/** PATCH {field: value | null, …} → {settings}: top-level fields replace the stored ones, null clears one. */
export async function action(args: ActionFunctionArgs) {
  return adminRoute(args, async ({ db, config }) => {
    if (args.request.method !== "PATCH") throw new HttpError(405, "method_not_allowed", "Use GET or PATCH.", undefined, { allow: "GET, PATCH" });
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const patch = await readValidatedJson(args.request, shopSettingsPatchSchema, MAX_SETTINGS_BYTES);
    assertHandoffWebhookAllowed(config, patch);
    return jsonResponse({ settings: await updateShopSettings(db.prisma, shop.id, patch) });
  });
}
