import { createHash, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client";
import { findShopByApiKey } from "~/shops/api-keys.server";
import { HttpError } from "./errors";

/** Who is calling the admin API: the platform operator (every shop) or one shop's own key. */
export type AdminPrincipal = { kind: "operator" } | { kind: "shop"; shopId: string };

export function bearerTokenOf(request: Request): string {
  const header = request.headers.get("authorization") ?? "";
  return /^Bearer\s+(\S.*)$/i.exec(header.trim())?.[1]?.trim() ?? "";
}

/** Digests of equal length are compared in constant time so the comparison leaks neither content nor length. */
export function isOperatorToken(presented: string, adminToken: string | undefined): boolean {
  if (!adminToken || !presented) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(adminToken));
}

/**
 * The operator token (PALOMPY_ADMIN_TOKEN) or a shop's secret API key, sent as a bearer token.
 * Without an operator token configured, shop keys still work; anything else is a 503 saying how
 * to enable the operator's access.
 */
export async function authenticateAdmin(prisma: PrismaClient, request: Request, adminToken: string | undefined): Promise<AdminPrincipal> {
  const presented = bearerTokenOf(request);
  if (isOperatorToken(presented, adminToken)) return { kind: "operator" };
  const shop = presented ? await findShopByApiKey(prisma, presented) : null;
  if (shop) return { kind: "shop", shopId: shop.id };
  if (!adminToken) {
    throw new HttpError(
      503,
      "admin_api_disabled",
      "The admin API is disabled: set PALOMPY_ADMIN_TOKEN on the server to enable it (or use a shop's API key).",
    );
  }
  throw new HttpError(401, "unauthorized", "A valid `Authorization: Bearer <shop API key or admin token>` header is required.", "authorization", {
    "www-authenticate": 'Bearer realm="palompy-admin"',
  });
}

/**
 * A shop key opens its own shop only: another shop's id is answered exactly like an unknown one,
 * and routes that name no shop (creating shops) belong to the operator.
 */
export function authorizeShopAccess(principal: AdminPrincipal, shopIdParam: string | undefined): void {
  if (principal.kind === "operator") return;
  if (shopIdParam === undefined) {
    throw new HttpError(403, "operator_only", "Only the operator token (PALOMPY_ADMIN_TOKEN) can do this.", "authorization");
  }
  if (shopIdParam.toLowerCase() !== principal.shopId) {
    throw new HttpError(404, "shop_not_found", `No shop with id ${shopIdParam}.`, "shopId");
  }
}
