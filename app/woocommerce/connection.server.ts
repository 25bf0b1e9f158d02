import { randomBytes } from "node:crypto";
import type { AppContext } from "~/app-context";
import type { WooConnection } from "~/generated/prisma/client";
import { outboundClient } from "~/http/outbound.server";
import { isUuid } from "~/uuid";
import { createWooClient, type WooClient, type WooCredentials } from "./rest-client.server";
import { decryptSecret, encryptSecret, hashToken, newToken, secretKeyFrom } from "./secrets.server";
import { parseSiteUrl, type SiteAddress } from "./site-url";

/**
 * A WooCommerce store's connection: its shop, the plugin's token (hashed), the REST keys and the
 * webhook secret (encrypted), and the sync status the plugin shows.
 */

export type { WooConnection };

export class WooNotConfiguredError extends Error {
  constructor() {
    super("The WooCommerce connector needs PALOMPY_SECRET_KEY (at least 32 characters) to store credentials.");
  }
}

export function encryptionKey(app: AppContext): Buffer {
  if (!app.config.woocommerce.credentialKey) throw new WooNotConfiguredError();
  return secretKeyFrom(app.config.woocommerce.credentialKey);
}

export const seal = (app: AppContext, shopId: string, field: string, value: string) => encryptSecret(encryptionKey(app), value, `shop:${shopId}:${field}`);
export const open = (app: AppContext, shopId: string, field: string, value: string) => decryptSecret(encryptionKey(app), value, `shop:${shopId}:${field}`);

export interface Registration {
  site: SiteAddress;
  storeName: string;
  pluginVersion: string;
  adminEmail?: string;
  locale?: string;
}

/**
 * A new shop and its connection; the plugin token is returned here once and never again. The shop
 * has no domain yet: it owns the store's URL only once the store accepts keys through it
 * (ownership.server.ts), so an unproven registration never blocks the real one.
 */
export async function registerStore(app: AppContext, input: Registration) {
  const pluginToken = newToken("pt_");
  const shop = await app.db.prisma.$transaction(async (tx) => {
    const created = await tx.shop.create({ data: { name: input.storeName, platform: "woocommerce", domain: null } });
    await tx.wooConnection.create({
      data: {
        shopId: created.id,
        siteUrl: input.site.siteUrl,
        pluginTokenHash: hashToken(pluginToken),
        pluginVersion: input.pluginVersion,
        adminEmail: input.adminEmail,
        locale: input.locale,
        webhookSecretEnc: seal(app, created.id, "webhook_secret", randomBytes(32).toString("base64url")),
      },
    });
    return created;
  });
  return { shop, pluginToken };
}

/** The same store registering again with its token: refreshes what the plugin reported. */
export async function refreshRegistration(app: AppContext, connection: WooConnection, input: Registration) {
  await app.db.prisma.$transaction([
    app.db.prisma.shop.update({ where: { id: connection.shopId }, data: { name: input.storeName } }),
    app.db.prisma.wooConnection.update({
      where: { shopId: connection.shopId },
      data: { siteUrl: input.site.siteUrl, pluginVersion: input.pluginVersion, adminEmail: input.adminEmail, locale: input.locale },
    }),
  ]);
}

export async function findConnectionByToken(app: AppContext, token: string) {
  if (!token) return null;
  return app.db.prisma.wooConnection.findUnique({ where: { pluginTokenHash: hashToken(token) }, include: { shop: true } });
}

export async function findConnection(app: AppContext, shopId: string) {
  return isUuid(shopId) ? app.db.prisma.wooConnection.findUnique({ where: { shopId } }) : null;
}

export async function requireConnection(app: AppContext, shopId: string): Promise<WooConnection> {
  const connection = await findConnection(app, shopId);
  if (!connection) throw new Error(`Shop ${shopId} has no WooCommerce connection`);
  return connection;
}

export interface PendingKeys {
  consumerKey: string;
  consumerSecret: string;
  keyId?: number;
  permissions?: string;
}

/** Keys waiting for verification (WooCommerce's callback, or keys the merchant pasted). */
export async function storePendingKeys(app: AppContext, shopId: string, keys: PendingKeys) {
  await app.db.prisma.wooConnection.update({
    where: { shopId },
    data: { pendingKeysEnc: seal(app, shopId, "pending_keys", JSON.stringify(keys)) },
  });
}

export function readPendingKeys(app: AppContext, connection: WooConnection): PendingKeys | null {
  return connection.pendingKeysEnc ? (JSON.parse(open(app, connection.shopId, "pending_keys", connection.pendingKeysEnc)) as PendingKeys) : null;
}

/** Verified keys replace the active ones. */
export async function activateKeys(app: AppContext, shopId: string, keys: PendingKeys) {
  return app.db.prisma.wooConnection.update({
    where: { shopId },
    data: {
      consumerKeyEnc: seal(app, shopId, "consumer_key", keys.consumerKey),
      consumerSecretEnc: seal(app, shopId, "consumer_secret", keys.consumerSecret),
      keyId: keys.keyId ?? null,
      keyPermissions: keys.permissions ?? null,
      pendingKeysEnc: null,
      connectedAt: new Date(),
    },
  });
}

export async function dropPendingKeys(app: AppContext, shopId: string) {
  await app.db.prisma.wooConnection.update({ where: { shopId }, data: { pendingKeysEnc: null } });
}

/** The store's identity (normalised host and path) from the URL the connection talks to. */
export function domainOf(connection: Pick<WooConnection, "siteUrl">): string | undefined {
  return parseSiteUrl(connection.siteUrl)?.domain;
}

export function isConnected(connection: WooConnection): boolean {
  return Boolean(connection.consumerKeyEnc && connection.consumerSecretEnc);
}

export function credentialsOf(app: AppContext, connection: WooConnection): WooCredentials {
  if (!connection.consumerKeyEnc || !connection.consumerSecretEnc) throw new Error(`Shop ${connection.shopId} has no WooCommerce keys yet`);
  return {
    siteUrl: connection.siteUrl,
    consumerKey: open(app, connection.shopId, "consumer_key", connection.consumerKeyEnc),
    consumerSecret: open(app, connection.shopId, "consumer_secret", connection.consumerSecretEnc),
  };
}

export function webhookSecretOf(app: AppContext, connection: WooConnection): string {
  return open(app, connection.shopId, "webhook_secret", connection.webhookSecretEnc);
}

export function storeClient(app: AppContext, connection: WooConnection): WooClient {
  return createWooClient(credentialsOf(app, connection), outboundClient(app.config));
}

export type SyncStatusUpdate = Partial<Pick<WooConnection, "syncState" | "syncDone" | "syncTotal" | "syncError" | "lastSyncAt" | "lastReconciledAt" | "currency" | "webhookIds">>;

export async function updateConnection(app: AppContext, shopId: string, update: SyncStatusUpdate) {
  const { webhookIds, ...rest } = update;
  // Only numbers are ever stored: a list with a hole in it is a database error, not a state.
  const ids = webhookIds === undefined ? undefined : Array.isArray(webhookIds) ? webhookIds.filter((id) => typeof id === "number") : [];
  await app.db.prisma.wooConnection.update({ where: { shopId }, data: { ...rest, ...(ids !== undefined ? { webhookIds: ids } : {}) } });
}

export function webhookIdsOf(connection: WooConnection): number[] {
  return Array.isArray(connection.webhookIds) ? connection.webhookIds.filter((id): id is number => typeof id === "number") : [];
}
