import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import type { AppContext } from "~/app-context";
import { HttpError } from "~/http/errors";
import { applySettingsPatch, LANGUAGES, publicWidgetConfig, readShopSettings, shopSettingsSchema, type SettingsLanguage, type ShopSettings, type ShopSettingsPatch } from "~/shops/settings";
import type { WooClaim } from "~/generated/prisma/client";
import {
  domainOf,
  findConnectionByToken,
  isConnected,
  refreshRegistration,
  registerStore,
  storeClient,
  storePendingKeys,
  type WooConnection,
} from "./connection.server";
import { merchantMessage } from "./merchant-errors.server";
import { createClaim, findProvenShop, promoteClaim, sweepUnproven } from "./ownership.server";
import { isPrivateHost, isShopifyDomain, parseSiteUrl } from "./site-url";
import { verifyKeys } from "./sync.server";
import { deleteWebhooks, publicUrlOf } from "./webhook-setup.server";

/** What the WordPress plugin asks of the backend (routes under /api/woocommerce). */

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => /^https?:\/\/[^\s]+$/i.test(value) && URL.canParse(value), "must be an http(s) URL");

export const connectSchema = z
  .object({
    siteUrl: httpUrl,
    storeName: z.string().trim().min(1, "is required").max(200),
    adminEmail: optional(z.string().trim().email().max(320)),
    locale: optional(z.string().trim().regex(/^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$/, "must be a locale such as ru_RU").max(20)),
    pluginVersion: z.string().trim().min(1, "is required").max(40),
    returnUrl: httpUrl,
  })
  .superRefine((input, ctx) => {
    const site = parseSiteUrl(input.siteUrl);
    if (!site) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["siteUrl"], message: "must be the store's http(s) address without credentials" });
      return;
    }
    // WooCommerce sends the merchant back here after approving the keys: it must be the store's own admin.
    if (new URL(input.returnUrl).hostname.toLowerCase() !== site.hostname) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["returnUrl"], message: "must be on the store's own host" });
    }
  });

export type ConnectInput = z.output<typeof connectSchema>;

export interface ConnectAnswer {
  shopId: string;
  publicKey: string;
  pluginToken: string;
  apiBase: string;
  authorizeUrl: string;
  /** The store has accepted keys through this registration (it owns the store URL). */
  proven: boolean;
  /** This registration takes over a shop that already proved it is this store (its data stays). */
  takeover: boolean;
}

/**
 * WooCommerce's key approval screen. `read_write` because creating the product webhooks through the
 * REST API is a write: WooCommerce refuses it for keys approved with `read` (401 "does not have
 * write permissions").
 */
export const WOO_AUTH_SCOPE = "read_write";

export function authorizeUrlFor(app: AppContext, siteUrl: string, registrationId: string, returnUrl: string): string {
  const query = new URLSearchParams({
    app_name: "Palompy",
    scope: WOO_AUTH_SCOPE,
    user_id: registrationId,
    return_url: returnUrl,
    callback_url: `${publicUrlOf(app)}/api/woocommerce/auth-callback`,
  });
  return `${siteUrl}/wc-auth/v1/authorize?${query.toString()}`;
}

/**
 * Registers a store. The same store presenting its plugin token again refreshes its registration
 * (the token stays the one the plugin holds). Anyone else gets a registration that owns nothing
 * until the store accepts keys through it (ownership.server.ts): a new shop when no shop has proven
 * it is this store, otherwise a claim that takes the proven shop over once it proves itself. So a
 * squatted URL never blocks the real merchant, and a merchant who lost the plugin token (plugin
 * deleted while the server was unreachable, database restored) can reconnect.
 */
export async function connectStore(app: AppContext, input: ConnectInput, presentedToken: string | null): Promise<ConnectAnswer> {
  const site = parseSiteUrl(input.siteUrl)!;
  if (isShopifyDomain(site.hostname)) {
    throw new HttpError(422, "shopify_store", "siteUrl: a *.myshopify.com address is a Shopify store; install Palompy from the Shopify App Store instead.", "siteUrl");
  }
  if (isPrivateHost(site.hostname) && !app.config.woocommerce.allowPrivateHosts) {
    throw new HttpError(422, "invalid_field", "siteUrl: a store on a loopback or private address cannot be connected.", "siteUrl");
  }
  const registration = { site, storeName: input.storeName, pluginVersion: input.pluginVersion, adminEmail: input.adminEmail, locale: input.locale };
  const apiBase = publicUrlOf(app);
  const presented = presentedToken ? await findConnectionByToken(app, presentedToken) : null;
  if (presented && domainOf(presented) === site.domain) {
    await refreshRegistration(app, presented, registration);
    return {
      shopId: presented.shopId,
      publicKey: presented.shop.publicKey,
      pluginToken: presentedToken!,
      apiBase,
      authorizeUrl: authorizeUrlFor(app, site.siteUrl, presented.shopId, input.returnUrl),
      proven: presented.connectedAt !== null,
      takeover: false,
    };
  }
  if (app.config.woocommerce.registration === "closed") {
    throw new HttpError(403, "registration_closed", "This Palompy server does not accept new WooCommerce stores (PALOMPY_WOO_REGISTRATION=closed).");
  }
  await sweepUnproven(app);
  const owner = await findProvenShop(app, site.domain);
  if (owner) {
    const { claim, token } = await createClaim(app, owner.id, registration);
    return {
      shopId: owner.id,
      publicKey: owner.publicKey,
      pluginToken: token,
      apiBase,
      // WooCommerce posts the approved keys back with this user_id: the claim, not the shop.
      authorizeUrl: authorizeUrlFor(app, site.siteUrl, claim.id, input.returnUrl),
      proven: false,
      takeover: true,
    };
  }
  const { shop, pluginToken } = await registerStore(app, registration);
  return { shopId: shop.id, publicKey: shop.publicKey, pluginToken, apiBase, authorizeUrl: authorizeUrlFor(app, site.siteUrl, shop.id, input.returnUrl), proven: false, takeover: false };
}

export const authCallbackSchema = z.object({
  key_id: z.coerce.number().int().nonnegative(),
  user_id: z.union([z.string(), z.number()]).transform((value) => String(value).trim()),
  consumer_key: z.string().trim().regex(/^ck_[A-Za-z0-9]{8,128}$/, "must be a WooCommerce consumer key (ck_…)"),
  consumer_secret: z.string().trim().regex(/^cs_[A-Za-z0-9]{8,128}$/, "must be a WooCommerce consumer secret (cs_…)"),
  key_permissions: z.enum(["read", "write", "read_write"]),
});

export const pastedKeysSchema = z.object({
  consumerKey: z.string().trim().regex(/^ck_[A-Za-z0-9]{8,128}$/, "must be a WooCommerce consumer key (ck_…)"),
  consumerSecret: z.string().trim().regex(/^cs_[A-Za-z0-9]{8,128}$/, "must be a WooCommerce consumer secret (cs_…)"),
});

/** Pasted keys are checked against the store before anything is stored. */
async function checkPastedKeys(app: AppContext, siteUrl: string, keys: z.output<typeof pastedKeysSchema>) {
  try {
    await verifyKeys(app, siteUrl, keys);
  } catch (error) {
    throw new HttpError(422, "keys_rejected", `The store did not accept these keys: ${merchantMessage(error, { step: "pasted keys" })}`, "consumerKey");
  }
}

export async function acceptPastedKeys(app: AppContext, connection: WooConnection, keys: z.output<typeof pastedKeysSchema>) {
  await checkPastedKeys(app, connection.siteUrl, keys);
  await storePendingKeys(app, connection.shopId, { consumerKey: keys.consumerKey, consumerSecret: keys.consumerSecret });
}

/** Keys the store accepts prove a claim: it takes the connection over (the activation job follows). */
export async function acceptClaimKeys(app: AppContext, claim: WooClaim, keys: z.output<typeof pastedKeysSchema>) {
  await checkPastedKeys(app, claim.siteUrl, keys);
  await promoteClaim(app, claim, { consumerKey: keys.consumerKey, consumerSecret: keys.consumerSecret });
}

/** What the plugin sees while its registration is a claim that has not proven itself yet. */
export function claimStatusOf(claim: WooClaim & { shop: { publicKey: string } }) {
  return {
    connected: false,
    proven: false,
    takeover: true,
    shopId: claim.shopId,
    publicKey: claim.shop.publicKey,
    expiresAt: claim.expiresAt.toISOString(),
    sync: { state: claim.error ? "failed" : "idle", done: 0, total: 0, lastSyncAt: null, error: claim.error },
  };
}

/** `products`: how many of the store's products the assistant knows now. */
export function statusOf(connection: WooConnection & { shop: { publicKey: string } }, products = 0) {
  return {
    connected: isConnected(connection),
    proven: connection.connectedAt !== null,
    takeover: false,
    shopId: connection.shopId,
    publicKey: connection.shop.publicKey,
    sync: {
      state: connection.syncState,
      done: connection.syncDone,
      total: connection.syncTotal,
      lastSyncAt: connection.lastSyncAt?.toISOString() ?? null,
      lastReconciledAt: connection.lastReconciledAt?.toISOString() ?? null,
      products,
      error: connection.syncError,
    },
  };
}

/** The plugin's "right"/"left" and the console's own names both mean a bottom corner. */
const positionSchema = z.enum(["right", "left", "bottom-right", "bottom-left"]).transform((value) => (value === "right" || value === "left" ? (`bottom-${value}` as const) : value));

/**
 * What the plugin's appearance form sends. Values are stored under the console settings' own keys
 * (app/shops/settings.ts), so the console edits them and GET /api/widget/config serves them.
 */
export const appearanceSchema = z.object({
  /** A plain greeting is the one in the site's language (as for quick prompts); an object gives them per language. */
  greeting: optional(z.union([z.string().trim().max(300), shopSettingsSchema.shape.greeting.unwrap().options[1]])),
  color: optional(z.string().trim().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, "must be a hex colour such as #1a73e8")),
  position: optional(positionSchema),
  /** A plain list is the prompts in the shop's language; an object gives them per language. */
  quickPrompts: z
    .union([z.array(z.string().trim().min(1).max(120)).max(6), shopSettingsSchema.shape.quickPrompts.unwrap()])
    .optional(),
  /** The language a plain greeting or list of quick prompts is in: the site's language now (it may differ from the one at connect). */
  language: optional(z.enum(LANGUAGES)),
});

/** The language a plain list of quick prompts is in: the console's default, else the store's locale. */
function promptLanguage(settings: ShopSettings, locale: string | null): SettingsLanguage {
  const fromLocale = locale?.slice(0, 2).toLowerCase();
  return settings.defaultLanguage ?? (LANGUAGES as readonly string[]).find((language) => language === fromLocale) as SettingsLanguage | undefined ?? "en";
}

export async function saveAppearance(app: AppContext, connection: Pick<WooConnection, "shopId" | "locale">, appearance: z.output<typeof appearanceSchema>) {
  return app.db.prisma.$transaction(async (tx) => {
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: connection.shopId }, select: { settings: true } });
    const stored = shop.settings && typeof shop.settings === "object" && !Array.isArray(shop.settings) ? (shop.settings as Record<string, unknown>) : {};
    const current = readShopSettings(stored);
    const { quickPrompts, greeting, language, ...rest } = appearance;
    const changes: ShopSettingsPatch = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
    const siteLanguage = language ?? promptLanguage(current, connection.locale);
    if (quickPrompts !== undefined) {
      changes.quickPrompts = Array.isArray(quickPrompts) ? { ...current.quickPrompts, [siteLanguage]: quickPrompts } : quickPrompts;
    }
    // The site's greeting replaces only its own language's: the console may hold the others.
    if (greeting !== undefined) changes.greeting = typeof greeting === "string" ? { ...current.greeting, [siteLanguage]: greeting } : greeting;
    const next = applySettingsPatch(current, changes);
    // Keys the schema does not know (written by older versions) are kept as they were.
    await tx.shop.update({ where: { id: connection.shopId }, data: { settings: { ...stored, ...next } as Prisma.InputJsonObject } });
    const served = publicWidgetConfig(next);
    return { greeting: served.greeting, color: served.color, position: served.position, quickPrompts: next.quickPrompts ?? {} };
  });
}

/**
 * The plugin's uninstall: the webhooks Palompy created are removed from the store (best effort: the
 * store may already refuse the keys), then the shop and everything it owns (cascade).
 */
export async function deleteWooShop(app: AppContext, connection: WooConnection) {
  let webhooksDeleted = 0;
  let webhookError: string | undefined;
  if (isConnected(connection)) {
    try {
      webhooksDeleted = await deleteWebhooks(connection, storeClient(app, connection));
    } catch (error) {
      webhookError = merchantMessage(error, { step: "delete webhooks", shopId: connection.shopId });
    }
  }
  await app.db.prisma.shop.delete({ where: { id: connection.shopId } });
  return { deleted: true, webhooksDeleted, ...(webhookError ? { webhookError } : {}) };
}
