import { z } from "zod";
import type { AppContext } from "~/app-context";
import { log } from "~/log.server";
import { grantsOrderAccess } from "./shopify.server";

/** Access scope handles as Shopify lists them ("read_orders"); they are stored comma-joined. */
const grantedSchema = z.array(z.string().regex(/^[a-z_]{1,64}$/)).max(200);

export interface OrderStatusGrant {
  granted: boolean;
  /** "shopify": Shopify answered just now; "stored": it did not, so the last known scopes answered. */
  source: "shopify" | "stored";
}

/**
 * Whether a Shopify shop has granted the order scope. Shopify is asked (`queryGranted`), because
 * the merchant grants in Shopify's own dialog and app/scopes_update may arrive after the page
 * reloads. The chat reads the stored scopes (app/orders/access.server.ts), so a fresher answer is
 * written back: the Home and the chat then agree. Without an answer from Shopify, the stored
 * scopes (kept by that webhook) are the best there is.
 */
export async function shopifyOrderStatusGrant(app: AppContext, shopId: string, queryGranted: () => Promise<unknown>): Promise<OrderStatusGrant> {
  const { prisma } = app.db;
  const installation = await prisma.shopifyInstallation.findUnique({ where: { shopId }, select: { scopes: true } });
  let granted: string[];
  try {
    granted = grantedSchema.parse(await queryGranted());
  } catch (error) {
    log.warn("shopify scopes query failed; using the stored scopes", { error, shopId });
    return { granted: grantsOrderAccess(installation?.scopes), source: "stored" };
  }
  const scopes = granted.join(",");
  if (installation && installation.scopes !== scopes) {
    await prisma.shopifyInstallation.update({ where: { shopId }, data: { scopes } });
  }
  return { granted: grantsOrderAccess(scopes), source: "shopify" };
}
