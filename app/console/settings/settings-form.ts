import { LANGUAGES, type ShopSettings } from "~/shops/settings";

/**
 * The settings form <-> the settings object. The form is flat (`contact.email`, `greeting.en`, `quickPrompts.en`
 * one prompt per line, `synonyms` one comma-separated group per line); an empty field clears the
 * setting. The patch it yields is then validated by the settings schema like the API's.
 */
const PERK_TEXT_FIELDS = ["freeShippingFrom", "delivery", "warranty"] as const;

export function settingsPatchFromForm(form: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const lines = (name: string) => (text(name) ?? "").split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const objectOf = (entries: [string, unknown][]) => {
    const present = entries.filter(([, value]) => value !== undefined);
    return present.length ? Object.fromEntries(present) : null;
  };
  const numberOf = (name: string) => {
    const value = text(name);
    return value === undefined ? undefined : Number(value);
  };
  const perLanguage = <T>(read: (lang: (typeof LANGUAGES)[number]) => T | undefined | null) => objectOf(LANGUAGES.map((lang) => [lang, read(lang) ?? undefined]));

  const synonyms = lines("synonyms").map((line) => line.split(",").map((word) => word.trim()).filter(Boolean));
  return {
    assistantName: text("assistantName") ?? null,
    greeting: perLanguage((lang) => text(`greeting.${lang}`)),
    tone: text("tone") ?? null,
    instructions: text("instructions") ?? null,
    contact: objectOf(["email", "phone", "hours", "address", "url"].map((key) => [key, text(`contact.${key}`)])),
    quickPrompts: perLanguage((lang) => (lines(`quickPrompts.${lang}`).length ? lines(`quickPrompts.${lang}`) : undefined)),
    perks: perLanguage((lang) => objectOf([...PERK_TEXT_FIELDS.map((key): [string, unknown] => [key, text(`perks.${lang}.${key}`)]), ["returnsDays", numberOf(`perks.${lang}.returnsDays`)]])),
    color: text("color") ?? null,
    position: text("position") ?? null,
    defaultLanguage: text("defaultLanguage") ?? null,
    allowedOrigins: lines("allowedOrigins").length ? lines("allowedOrigins") : null,
    handoff: objectOf([
      ["email", text("handoff.email")],
      ["webhookUrl", text("handoff.webhookUrl")],
    ]),
    retentionDays: numberOf("retentionDays") ?? null,
    synonyms: synonyms.length ? synonyms : null,
  };
}

/** The form's initial values from the stored settings (the inverse of settingsPatchFromForm). */
export function formValuesOf(settings: ShopSettings): Record<string, string> {
  const values: Record<string, string> = {
    assistantName: settings.assistantName ?? "",
    tone: settings.tone ?? "",
    instructions: settings.instructions ?? "",
    color: settings.color ?? "",
    position: settings.position ?? "bottom-right",
    defaultLanguage: settings.defaultLanguage ?? "",
    allowedOrigins: (settings.allowedOrigins ?? []).join("\n"),
    "handoff.email": settings.handoff?.email ?? "",
    "handoff.webhookUrl": settings.handoff?.webhookUrl ?? "",
    retentionDays: settings.retentionDays ? String(settings.retentionDays) : "",
    synonyms: (settings.synonyms ?? []).map((group) => group.join(", ")).join("\n"),
  };
  for (const key of ["email", "phone", "hours", "address", "url"] as const) values[`contact.${key}`] = settings.contact?.[key] ?? "";
  for (const lang of LANGUAGES) {
    values[`greeting.${lang}`] = settings.greeting?.[lang] ?? "";
    values[`quickPrompts.${lang}`] = (settings.quickPrompts?.[lang] ?? []).join("\n");
    const perks = settings.perks?.[lang];
    for (const key of PERK_TEXT_FIELDS) values[`perks.${lang}.${key}`] = perks?.[key] ?? "";
    values[`perks.${lang}.returnsDays`] = perks?.returnsDays ? String(perks.returnsDays) : "";
  }
  return values;
}

/** The form intent of the settings page's "Send the confirmation link again" button. */
export const RESEND_HANDOFF_CONFIRMATION = "resend-handoff-confirmation";
