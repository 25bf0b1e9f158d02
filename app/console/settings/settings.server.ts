import type { AppContext } from "~/app-context";
import { webhookSigningSecret } from "~/handoff/delivery.server";
import { handoffEmailState, requestHandoffEmailConfirmation } from "~/handoff/email-confirmation.server";
import { assertHandoffWebhookAllowed } from "~/handoff/webhook-url.server";
import { parseWith } from "~/http/body";
import { shopSettingsPatchSchema } from "~/shops/settings";
import { getShopSettings, saveShopSettings } from "~/shops/settings.server";
import { formValuesOf, RESEND_HANDOFF_CONFIRMATION, settingsPatchFromForm } from "./settings-form";

export async function loadSettingsForm(app: AppContext, shop: { id: string }, _request: Request) {
  return {
    values: formValuesOf(await getShopSettings(app.db.prisma, shop.id)),
    webhookSecret: webhookSigningSecret(app.config.secretKey.value, shop.id),
    handoffEmail: await handoffEmailState(app.db.prisma, shop.id),
  };
}

/** Saves the whole form; a refused field comes back as a 4xx naming it (`contact.email`), nothing is stored then. */
export async function saveSettingsForm(app: AppContext, shop: { id: string }, form: FormData) {
  if (form.get("intent") === RESEND_HANDOFF_CONFIRMATION) {
    // Edits elsewhere in the form are not saved by this button; the page shows the stored values again.
    const handoffEmail = await requestHandoffEmailConfirmation(app, shop.id);
    return { ok: true as const, values: formValuesOf(await getShopSettings(app.db.prisma, shop.id)), handoffEmail, resent: true };
  }
  const patch = parseWith(shopSettingsPatchSchema, settingsPatchFromForm(form));
  assertHandoffWebhookAllowed(app.config, patch);
  const { settings, handoffEmailChanged } = await saveShopSettings(app.db.prisma, shop.id, patch);
  const handoffEmail = handoffEmailChanged ? await requestHandoffEmailConfirmation(app, shop.id) : await handoffEmailState(app.db.prisma, shop.id);
  return { ok: true as const, values: formValuesOf(settings), handoffEmail };
}
