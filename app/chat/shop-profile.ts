/**
 * What the chat needs from a shop's free-form `settings` JSON. Read tolerantly: settings are
 * written by several admin screens and older rows may lack any of these keys.
 */
export interface ShopProfile {
  name: string;
  /** Optional voice the merchant asked for ("friendly and concise"). */
  tone?: string;
  defaultLanguage?: string;
  contactEmail?: string;
  contactPhone?: string;
  contactUrl?: string;
  /** Extra merchant instructions appended to the system prompt (still below our own rules). */
  instructions?: string;
}

export function shopProfile(shop: { name: string; settings: unknown }): ShopProfile {
  const settings = isRecord(shop.settings) ? shop.settings : {};
  const contact = isRecord(settings.contact) ? settings.contact : {};
  const chat = isRecord(settings.chat) ? settings.chat : isRecord(settings.assistant) ? settings.assistant : {};
  const pick = (...values: unknown[]) => values.find((value): value is string => typeof value === "string" && value.trim() !== "")?.trim();
  return {
    name: pick(settings.storeName, shop.name) ?? "the store",
    tone: pick(chat.tone, settings.tone),
    defaultLanguage: pick(chat.language, settings.language, settings.defaultLanguage, settings.locale),
    contactEmail: pick(contact.email, settings.contactEmail, settings.supportEmail, settings.email),
    contactPhone: pick(contact.phone, settings.contactPhone, settings.supportPhone, settings.phone),
    contactUrl: pick(contact.url, settings.contactUrl, settings.contactPage),
    instructions: pick(chat.instructions, settings.assistantInstructions),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
