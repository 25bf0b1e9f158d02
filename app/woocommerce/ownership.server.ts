import type { AppContext } from "~/app-context";
import type { WooClaim } from "~/generated/prisma/client";
import { decryptSecret, encryptSecret, hashToken, newToken } from "./secrets.server";
import { encryptionKey, seal, type PendingKeys, type Registration } from "./connection.server";
import { WooStoreError } from "./merchant-errors.server";

/**
 * Who owns a store URL. A WooCommerce registration owns its store's domain only once the store has
 * proven it is the store: keys that the store itself accepts (the first authenticated REST call
 * through the outbound client succeeds). Until then:
 * - a first registration is a shop without a domain, so any number of them may exist side by side
 *   (someone else's squatting registration never blocks the real merchant: no 409);
 * - a registration of a store that already has a proven shop is a claim on that shop; it can do
 *   nothing but prove itself (paste keys, or WooCommerce's approval flow), and then takes the
 *   connection over: new plugin token, new keys, webhooks repaired, the shop and its data kept.
 * Unproven registrations and claims expire after UNPROVEN_TTL_MS.
 */

export const UNPROVEN_TTL_MS = 48 * 3_600_000;

/** The shop that has proven it owns this store (keys accepted), if any. */
export async function findProvenShop(app: AppContext, domain: string) {
  const shop = await app.db.prisma.shop.findUnique({
    where: { platform_domain: { platform: "woocommerce", domain } },
    include: { wooConnection: true },
  });
  return shop?.wooConnection?.connectedAt ? shop : null;
}

/** Registrations and claims that never proved themselves, gone after their time. */
export async function sweepUnproven(app: AppContext, now = Date.now()): Promise<void> {
  const cutoff = new Date(now - UNPROVEN_TTL_MS);
  await app.db.prisma.wooClaim.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  await app.db.prisma.shop.deleteMany({
    // Only registrations made through the connector: a shop the operator created is never swept.
    where: { platform: "woocommerce", createdAt: { lt: cutoff }, wooConnection: { is: { connectedAt: null } } },
  });
}

const claimContext = (claimId: string) => `claim:${claimId}:pending_keys`;

/** A claim on a proven shop; its token is returned here once. */
export async function createClaim(app: AppContext, shopId: string, input: Registration): Promise<{ claim: WooClaim; token: string }> {
  const token = newToken("pt_");
  const claim = await app.db.prisma.wooClaim.create({
    data: {
      shopId,
      tokenHash: hashToken(token),
      siteUrl: input.site.siteUrl,
      pluginVersion: input.pluginVersion,
      adminEmail: input.adminEmail,
      locale: input.locale,
      expiresAt: new Date(Date.now() + UNPROVEN_TTL_MS),
    },
  });
  return { claim, token };
}

export async function findClaimByToken(app: AppContext, token: string) {
  if (!token) return null;
  const claim = await app.db.prisma.wooClaim.findUnique({ where: { tokenHash: hashToken(token) }, include: { shop: true } });
  return claim && claim.expiresAt.getTime() > Date.now() ? claim : null;
}

export async function findClaim(app: AppContext, claimId: string) {
  const claim = await app.db.prisma.wooClaim.findUnique({ where: { id: claimId } });
  return claim && claim.expiresAt.getTime() > Date.now() ? claim : null;
}

/** WooCommerce's callback keys for a claim, waiting to be checked against the store. */
export async function storeClaimKeys(app: AppContext, claimId: string, keys: PendingKeys) {
  await app.db.prisma.wooClaim.update({
    where: { id: claimId },
    data: { pendingKeysEnc: encryptSecret(encryptionKey(app), JSON.stringify(keys), claimContext(claimId)), error: null },
  });
}

export function readClaimKeys(app: AppContext, claim: WooClaim): PendingKeys | null {
  return claim.pendingKeysEnc ? (JSON.parse(decryptSecret(encryptionKey(app), claim.pendingKeysEnc, claimContext(claim.id))) as PendingKeys) : null;
}

export async function recordClaimFailure(app: AppContext, claimId: string, message: string) {
  await app.db.prisma.wooClaim.updateMany({ where: { id: claimId }, data: { pendingKeysEnc: null, error: message.slice(0, 1000) } });
}

/**
 * The claim proved itself (the store accepted `keys`): it becomes the shop's connection. The
 * plugin's new token replaces the old one, the keys wait as pending for activation (which checks
 * them again, activates them, repairs the webhooks and syncs), and every other claim on the shop ends.
 */
export async function promoteClaim(app: AppContext, claim: WooClaim, keys: PendingKeys): Promise<void> {
  await app.db.prisma.$transaction(async (tx) => {
    await tx.wooConnection.update({
      where: { shopId: claim.shopId },
      data: {
        pluginTokenHash: claim.tokenHash,
        siteUrl: claim.siteUrl,
        pluginVersion: claim.pluginVersion,
        adminEmail: claim.adminEmail,
        locale: claim.locale,
        pendingKeysEnc: seal(app, claim.shopId, "pending_keys", JSON.stringify(keys)),
        syncError: null,
      },
    });
    await tx.wooClaim.deleteMany({ where: { shopId: claim.shopId } });
  });
}

/**
 * A first registration has just proven itself: it takes the store's domain. An unproven
 * registration that holds it (written before ownership had to be proven) gives way; a shop that
 * proved itself in the meantime does not: that store is taken over by connecting again.
 */
export async function takeDomain(app: AppContext, shopId: string, domain: string): Promise<void> {
  const { prisma } = app.db;
  const holder = await prisma.shop.findUnique({ where: { platform_domain: { platform: "woocommerce", domain } }, include: { wooConnection: true } });
  if (holder && holder.id !== shopId) {
    if (!holder.wooConnection) {
      // Created by the operator (POST /api/shops), not by a registration: never removed from here.
      throw new WooStoreError("This store's address belongs to a shop the Palompy operator created; ask the operator to connect or remove it.");
    }
    if (holder.wooConnection.connectedAt) {
      throw new WooStoreError("This store was connected to Palompy by another registration in the meantime. Connect again to take that connection over.");
    }
    await prisma.shop.delete({ where: { id: holder.id } });
  }
  await prisma.shop.update({ where: { id: shopId }, data: { domain } });
}
