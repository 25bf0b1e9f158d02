/**
 * Reads the embedding <script> tag's data-* attributes. Every problem is a console warning naming
 * the attribute and falls back to a default: a typo in the snippet must never break the store page.
 */
export type Lang = "ru" | "en";
export type Position = "bottom-right" | "bottom-left";

/** data-perks: small badges under the chat header. Every field is optional. */
export interface Perks {
  /** Shown as "Free shipping from 5000 ₽": the threshold as the store writes it. */
  freeShippingFrom?: string;
  /** Days the shopper has to return an item. */
  returnsDays?: number;
  /** Free text, e.g. "Delivery in 1–2 days". */
  delivery?: string;
  /** Free text, e.g. "2-year warranty". */
  warranty?: string;
  /** Any further badges, as written. */
  badges?: string[];
}

export interface WidgetConfig {
  shopPublicKey: string;
  apiBase: string;
  /** Where the chat chunk is fetched (data-asset-base): the Palompy app, also when the API goes through the App Proxy. */
  assetBase: string;
  lang: Lang;
  prompts: string[];
  perks: Perks;
  position: Position;
  color?: string;
  /** The greeting in the page's language (data-greeting, else the console's for `lang`). */
  greeting?: string;
  /** The console's greetings and quick prompts per language, for a chat held in another language than the page's. */
  byLanguage: { greeting: Partial<Record<Lang, string>>; prompts: Partial<Record<Lang, string[]>> };
  /** From the console's settings only. */
  assistantName?: string;
  /** Share of visitors held out from the assistant (console's Revenue page); 0 = off. */
  holdoutPercent: number;
}

const LANGS: readonly Lang[] = ["ru", "en"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_PROMPTS = 6;
const MAX_PROMPT_LENGTH = 120;

export function warn(message: string): void {
  console.warn(`[Palompy] ${message}`);
}

/** null when the widget cannot work at all (no shop to talk to). */
export function readConfig(script: HTMLScriptElement | null, htmlLang: string): WidgetConfig | null {
  const attr = (name: string) => script?.getAttribute(`data-${name}`)?.trim() || undefined;

  const shopPublicKey = attr("shop-id");
  if (!shopPublicKey || !UUID.test(shopPublicKey)) {
    warn(`data-shop-id ${shopPublicKey ? `"${shopPublicKey}" is not a valid public key` : "is missing"}; the widget is not shown. Copy the snippet from the Palompy admin.`);
    return null;
  }

  const apiBase = readApiBase("api-base", attr("api-base"), script?.src);
  return {
    shopPublicKey,
    apiBase,
    assetBase: attr("asset-base") ? readApiBase("asset-base", attr("asset-base"), script?.src) : apiBase,
    lang: readLang(attr("lang"), htmlLang),
    prompts: readPrompts(attr("prompts")),
    perks: readPerks(attr("perks")),
    position: readPosition(attr("position")),
    color: readColor(attr("color")),
    greeting: attr("greeting")?.slice(0, 300),
    byLanguage: { greeting: {}, prompts: {} },
    holdoutPercent: 0,
  };
}

/** A loop, not /\/+$/ (quadratic on a run of slashes) nor a lookbehind (Safari 14 cannot parse one). */
function withoutTrailingSlashes(href: string): string {
  let end = href.length;
  while (end > 0 && href[end - 1] === "/") end--;
  return href.slice(0, end);
}

function readApiBase(name: string, value: string | undefined, scriptSrc: string | undefined): string {
  const fallback = scriptSrc ? new URL(scriptSrc, location.href).origin : location.origin;
  if (!value) return fallback;
  try {
    const url = new URL(value, location.href);
    if (url.protocol === "https:" || url.protocol === "http:") return withoutTrailingSlashes(url.href);
  } catch {
    // reported below
  }
  warn(`data-${name} "${value}" is not an http(s) URL; using ${fallback}.`);
  return fallback;
}

function readLang(value: string | undefined, htmlLang: string): Lang {
  const known = (code: string | undefined) => {
    const prefix = code?.toLowerCase().slice(0, 2);
    return prefix === "ru" || prefix === "en" ? prefix : undefined;
  };
  if (value && !known(value)) warn(`data-lang "${value}" is not supported (ru, en); using the page language.`);
  return known(value) ?? known(htmlLang) ?? "en";
}

function readJson(name: string, value: string | undefined): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    warn(`data-${name} is not valid JSON; ignored.`);
    return undefined;
  }
}

function readPrompts(value: string | undefined): string[] {
  const parsed = readJson("prompts", value);
  if (parsed === undefined) return [];
  if (!Array.isArray(parsed)) {
    warn('data-prompts must be a JSON array of strings, e.g. ["Where is my order?"]; ignored.');
    return [];
  }
  const prompts = parsed.filter((p): p is string => typeof p === "string" && p.trim() !== "").map((p) => p.trim().slice(0, MAX_PROMPT_LENGTH));
  if (prompts.length !== parsed.length) warn("data-prompts: entries that are not non-empty strings were ignored.");
  return prompts.slice(0, MAX_PROMPTS);
}

function readPerks(value: string | undefined): Perks {
  const parsed = readJson("perks", value);
  if (parsed === undefined) return {};
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    warn('data-perks must be a JSON object, e.g. {"freeShippingFrom":"5000 ₽","returnsDays":30}; ignored.');
    return {};
  }
  const p = parsed as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" || typeof v === "number") && String(v).trim() ? String(v).trim().slice(0, 60) : undefined;
  const perks: Perks = {
    freeShippingFrom: text(p.freeShippingFrom),
    returnsDays: typeof p.returnsDays === "number" && p.returnsDays > 0 ? Math.round(p.returnsDays) : undefined,
    delivery: text(p.delivery),
    warranty: text(p.warranty),
    badges: Array.isArray(p.badges) ? p.badges.map(text).filter((b): b is string => !!b).slice(0, 4) : undefined,
  };
  const unknownKeys = Object.keys(p).filter((key) => !["freeShippingFrom", "returnsDays", "delivery", "warranty", "badges"].includes(key));
  if (unknownKeys.length) warn(`data-perks: unknown field(s) ${unknownKeys.join(", ")} ignored.`);
  return perks;
}

function readPosition(value: string | undefined): Position {
  if (!value || value === "bottom-right" || value === "bottom-left") return (value as Position) ?? "bottom-right";
  warn(`data-position "${value}" is not bottom-right or bottom-left; using bottom-right.`);
  return "bottom-right";
}

function readColor(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (typeof CSS !== "undefined" && CSS.supports("color", value)) return value;
  warn(`data-color "${value}" is not a CSS color; using the default.`);
  return undefined;
}

/** GET /api/widget/config: what the merchant set in the console (null/absent = not set). */
export interface RemoteConfig {
  assistantName?: string | null;
  /** Per language; a plain string (an older server) is the greeting of the shop's default language. */
  greeting?: Partial<Record<Lang, string>> | string | null;
  color?: string | null;
  position?: Position | null;
  defaultLanguage?: Lang | null;
  quickPrompts?: Partial<Record<Lang, string[]>>;
  perks?: Partial<Record<Lang, Perks>>;
  holdoutPercent?: number | null;
}

/**
 * Fills in from the console's settings whatever the snippet's data-* attributes did not set: the
 * attributes always win, so a storefront can still override one page.
 */
export function applyRemoteConfig(config: WidgetConfig, remote: RemoteConfig, script: HTMLScriptElement | null, htmlLang: string): void {
  const has = (name: string) => !!script?.getAttribute(`data-${name}`)?.trim();
  if (!has("lang") && !/^(ru|en)/i.test(htmlLang) && (remote.defaultLanguage === "ru" || remote.defaultLanguage === "en")) config.lang = remote.defaultLanguage;
  const greetings = typeof remote.greeting === "string" ? { [remote.defaultLanguage ?? config.lang]: remote.greeting } : (remote.greeting ?? {});
  for (const lang of LANGS) {
    const greeting = (greetings as Record<string, unknown>)[lang];
    if (typeof greeting === "string" && greeting.trim()) config.byLanguage.greeting[lang] = greeting.trim().slice(0, 300);
    const prompts = remote.quickPrompts?.[lang];
    if (Array.isArray(prompts)) config.byLanguage.prompts[lang] = readPrompts(JSON.stringify(prompts));
  }
  // The page's language picks among them: an English page never shows the Russian greeting.
  if (!has("greeting") && config.byLanguage.greeting[config.lang]) config.greeting = config.byLanguage.greeting[config.lang];
  if (!has("color") && remote.color) config.color = readColor(remote.color);
  if (!has("position") && remote.position) config.position = readPosition(remote.position);
  const prompts = config.byLanguage.prompts[config.lang];
  if (!has("prompts") && prompts) config.prompts = prompts;
  const perks = remote.perks?.[config.lang];
  if (!has("perks") && perks) config.perks = readPerks(JSON.stringify(perks));
  if (remote.assistantName) config.assistantName = remote.assistantName.slice(0, 60);
  if (typeof remote.holdoutPercent === "number" && remote.holdoutPercent > 0) config.holdoutPercent = Math.min(50, remote.holdoutPercent);
}

/**
 * The greeting and quick prompts of a chat held in `lang`: the page's own (snippet, then console)
 * in the page's language, the console's for any other. No greeting set: the caller's built-in one.
 */
export function greetingFor(config: WidgetConfig, lang: Lang): string | undefined {
  return lang === config.lang ? config.greeting : config.byLanguage.greeting[lang];
}

export function promptsFor(config: WidgetConfig, lang: Lang): string[] {
  return lang === config.lang ? config.prompts : (config.byLanguage.prompts[lang] ?? []);
}

/** The chat's language as the server reports it, when the widget has texts for it. */
export function chatLanguageOf(language: unknown): Lang | undefined {
  return language === "ru" || language === "en" ? language : undefined;
}
