import { readShopSettings, type ShopSettings } from "~/shops/settings";

/** What the chat needs from a shop's settings (app/shops/settings.ts), read tolerantly. */
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
  /** What the assistant calls itself ("Anna from Alpine Store"). */
  assistantName?: string;
  contactHours?: string;
  contactAddress?: string;
  /** Shop-defined search synonyms (groups of words that mean the same). */
  synonyms?: string[][];
}

export function shopProfile(shop: { name: string; settings: unknown }): ShopProfile {
  const settings: ShopSettings = readShopSettings(shop.settings);
  return {
    name: shop.name.trim() || "the store",
    tone: settings.tone,
    defaultLanguage: settings.defaultLanguage,
    contactEmail: settings.contact?.email,
    contactPhone: settings.contact?.phone,
    contactUrl: settings.contact?.url,
    instructions: settings.instructions,
    assistantName: settings.assistantName,
    contactHours: settings.contact?.hours,
    contactAddress: settings.contact?.address,
    synonyms: settings.synonyms,
  };
}
