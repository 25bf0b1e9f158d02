import { z } from "zod";

/**
 * A shop's settings, kept in `shops.settings` (JSON) and edited through
 * `GET|PATCH /api/shops/:id/settings` and the console. Every field is optional: an unset field
 * means the built-in default. The chat reads them only through `shopProfile(shop)`; the widget
 * through `publicWidgetConfig(settings)`.
 */
export const LANGUAGES = ["ru", "en"] as const;
export type SettingsLanguage = (typeof LANGUAGES)[number];

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max);

const perksSchema = z
  .object({
    freeShippingFrom: text(60).optional(),
    returnsDays: z.number().int().min(1).max(365).optional(),
    delivery: text(60).optional(),
    warranty: text(60).optional(),
    badges: z.array(text(60)).max(4).optional(),
  })
  .strict();

const perLanguage = <T extends z.ZodTypeAny>(schema: T) => z.object({ ru: schema.optional(), en: schema.optional() }).strict();

/** Texts a merchant writes once per shopper language; an unset language falls back to the built-in text. */
export type PerLanguage<T> = Partial<Record<SettingsLanguage, T>>;

/**
 * A greeting per language. A plain string is still taken (older rows, the API's earlier form, the
 * WordPress plugin): it is the greeting of the shop's default language, or of every language when
 * none is set (see `greetingsOf`). An object's bad entry is reported under its own path (`greeting.en`).
 */
const greetingSchema = z.union([text(300), perLanguage(text(300))]);

/** An http(s) origin exactly as browsers send it in the Origin header (no path, no trailing slash). */
const originSchema = z
  .string()
  .trim()
  .max(200)
  .transform((value, ctx) => {
    try {
      const url = new URL(value);
      if ((url.protocol === "https:" || url.protocol === "http:") && (url.pathname === "/" || url.pathname === "") && !url.search) return url.origin;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must be an origin like https://shop.example.com" });
    return z.NEVER;
  });

const httpUrl = z
  .string()
  .trim()
  .max(500)
  .url("must be a URL")
  .refine((value) => /^https?:\/\//i.test(value), "must be an http(s) URL");

export const shopSettingsSchema = z
  .object({
    /** Shown in the chat header and used by the assistant to name itself. */
    assistantName: text(60).optional(),
    /** First message of the chat panel, per shopper language (a plain string: see greetingSchema). */
    greeting: greetingSchema.optional(),
    /** The voice the assistant should use ("friendly and concise"). */
    tone: text(200).optional(),
    /** Extra instructions appended to the model prompt (below Palompy's own rules). */
    instructions: text(2000).optional(),
    contact: z
      .object({
        email: z.string().trim().email("must be an email address").max(200).optional(),
        phone: text(40).optional(),
        hours: text(120).optional(),
        address: text(300).optional(),
        url: httpUrl.optional(),
      })
      .strict()
      .optional(),
    /** Quick-prompt buttons, per shopper language. */
    quickPrompts: perLanguage(z.array(text(120)).max(6)).optional(),
    perks: perLanguage(perksSchema).optional(),
    /** Launcher and accent colour (#rgb or #rrggbb). */
    color: z
      .string()
      .trim()
      .regex(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i, "must be a hex colour like #1a73e8")
      .optional(),
    position: z.enum(["bottom-right", "bottom-left"]).optional(),
    defaultLanguage: z.enum(LANGUAGES).optional(),
    /** Storefront origins allowed to call the widget API; empty or unset allows any (`*`). */
    allowedOrigins: z.array(originSchema).max(20).optional(),
    /** Where a shopper's request for a person is forwarded. */
    handoff: z
      .object({
        email: z.string().trim().email("must be an email address").max(200).optional(),
        webhookUrl: httpUrl.optional(),
      })
      .strict()
      .optional(),
    /** Chat logs and leads older than this many days are deleted. */
    retentionDays: z.number().int().min(1).max(3650).optional(),
    /** Share of visitors (0–50 %) who never see the assistant, so its effect on orders can be measured; 0 = no holdout. */
    holdoutPercent: z.number().int().min(0).max(50).optional(),
    /** An order counts as assisted when its session chatted this many days before it, or fewer. */
    attributionWindowDays: z.number().int().min(1).max(90).optional(),
    /** Shop-defined search synonyms: each group's words are treated as the same word by retrieval. */
    synonyms: z.array(z.array(text(60)).min(2, "a synonym group needs at least 2 words").max(20)).max(500).optional(),
  })
  .strict();

type ParsedSettings = z.infer<typeof shopSettingsSchema>;

/** The settings as the app reads them: the greeting always per language. */
export type ShopSettings = Omit<ParsedSettings, "greeting"> & { greeting?: PerLanguage<string> };

/**
 * A greeting in either stored form as one per language: a plain string counts for `defaultLanguage`,
 * or for every language when the shop has none, so nothing a merchant wrote is lost. `current` keeps
 * the other languages' greetings when a plain string replaces one of them.
 */
export function greetingsOf(value: string | PerLanguage<string> | undefined, defaultLanguage: SettingsLanguage | undefined, current: PerLanguage<string> = {}): PerLanguage<string> | undefined {
  if (value === undefined) return undefined;
  const greetings = typeof value !== "string" ? value : defaultLanguage ? { ...current, [defaultLanguage]: value } : Object.fromEntries(LANGUAGES.map((lang) => [lang, value]));
  return Object.keys(greetings).length ? greetings : undefined;
}

function withGreetingsPerLanguage(settings: ParsedSettings | ShopSettings, current: PerLanguage<string> = {}): ShopSettings {
  const { greeting, ...rest } = settings;
  const greetings = greetingsOf(greeting, settings.defaultLanguage, current);
  return greetings ? { ...rest, greeting: greetings } : rest;
}

/** Validates a whole settings object (a merged patch) and returns it in the form the app reads. */
export function parseShopSettings(value: unknown): ShopSettings {
  return withGreetingsPerLanguage(shopSettingsSchema.parse(value));
}

/** PATCH body: top-level keys replace the stored value; `null` clears one. */
export const shopSettingsPatchSchema = z
  .object(
    Object.fromEntries(Object.entries(shopSettingsSchema.shape).map(([key, schema]) => [key, (schema as z.ZodOptional<z.ZodTypeAny>).unwrap().nullable().optional()])) as {
      [K in keyof ShopSettings]-?: z.ZodOptional<z.ZodNullable<z.ZodType<NonNullable<ShopSettings[K]>>>>;
    },
  )
  .strict();

export type ShopSettingsPatch = z.infer<typeof shopSettingsPatchSchema>;

/**
 * The settings as stored. Rows written before this schema (or by hand) may hold keys it does not
 * know or values it refuses; those are dropped one field at a time, never the whole object.
 */
export function readShopSettings(stored: unknown): ShopSettings {
  if (!stored || typeof stored !== "object" || Array.isArray(stored)) return {};
  const known = readSettings.get(stored);
  if (known) return known;
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shopSettingsSchema.shape)) {
    const value = (stored as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const parsed = (schema as z.ZodTypeAny).safeParse(value);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  const settings = Object.freeze(withGreetingsPerLanguage(out as ParsedSettings));
  readSettings.set(stored, settings);
  return settings;
}

/**
 * A request reads its shop row's settings object at several steps (a chat turn: its CORS check,
 * the shop's profile, the answer's prices and links), each a validation of every field: validated
 * once per object. The result is frozen, as callers share it.
 */
const readSettings = new WeakMap<object, ShopSettings>();

/** A plain-string greeting in the patch replaces the default language's greeting only (or all, without a default). */
export function applySettingsPatch(current: ShopSettings, patch: ShopSettingsPatch): ShopSettings {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return withGreetingsPerLanguage(next as ParsedSettings, current.greeting);
}

/** What any storefront may read (GET /api/widget/config): nothing private (no contacts for handoff, no origins). */
export function publicWidgetConfig(settings: ShopSettings) {
  return {
    assistantName: settings.assistantName ?? null,
    greeting: settings.greeting ?? {},
    color: settings.color ?? null,
    position: settings.position ?? null,
    defaultLanguage: settings.defaultLanguage ?? null,
    quickPrompts: settings.quickPrompts ?? {},
    perks: settings.perks ?? {},
    holdoutPercent: settings.holdoutPercent ?? 0,
  };
}

export type PublicWidgetConfig = ReturnType<typeof publicWidgetConfig>;
