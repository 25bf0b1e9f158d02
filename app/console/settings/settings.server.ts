import type { AppContext } from "~/context.server";
import { webhookSigningSecret } from "~/handoff/delivery.server";
import { assertHandoffWebhookAllowed } from "~/handoff/webhook-url.server";
import { parseWith } from "~/http/body";
import { shopSettingsPatchSchema } from "~/shops/settings";
import { getShopSettings, updateShopSettings } from "~/shops/settings.server";
import { formValuesOf, settingsPatchFromForm } from "./settings-form";

export async function loadSettingsForm(app: AppContext, shop: { id: string }, _request: Request) {
  return { values: formValuesOf(await getShopSettings(app.db.prisma, shop.id)), webhookSecret: webhookSigningSecret(app.config.secretKey.value, shop.id) };
}

/** Saves the whole form; a refused field comes back as a 4xx naming it (`contact.email`), nothing is stored then. */
export async function saveSettingsForm(app: AppContext, shop: { id: string }, form: FormData) {
  const patch = parseWith(shopSettingsPatchSchema, settingsPatchFromForm(form));
  assertHandoffWebhookAllowed(app.config, patch);
  const settings = await updateShopSettings(app.db.prisma, shop.id, patch);
  return { ok: true as const, values: formValuesOf(settings) };
}
