import type { AppContext } from "~/app-context";
import type { Prisma, Shop } from "~/generated/prisma/client";
import type { SubjectRateLimitRule } from "~/http/rate-limit.server";

/**
 * One widget API call, whichever way it arrived: directly (app/http/public-route.server.ts, the shop
 * named by its public key) or through Shopify's App Proxy (app/http/app-proxy-route.server.ts, the
 * shop named by Shopify's signature). Endpoints only see this, so both ways run the same code.
 */
export interface WidgetCall {
  app: AppContext;
  request: Request;
  params: Record<string, string | undefined>;
  /**
   * The shop this call serves. Direct calls look up the public key the client sent; proxied calls
   * ignore it and answer the verified shop, so a key in the body cannot reach another shop.
   */
  resolveShop(publicKey: string | null | undefined): Promise<WidgetShop>;
  /**
   * resolveShop, with the shop's own rate limits counted and a read the endpoint needs next, in the
   * lookup's statement on a direct call (a chat turn's session and shop counters and its history).
   */
  resolveShopCounting(publicKey: string | null | undefined, counting: ShopCounting): Promise<{ shop: WidgetShop; alongside: unknown }>;
  /** Whether the answer may be a text/event-stream (false behind the App Proxy). */
  canStream: boolean;
}

export interface ShopCounting {
  /** Keyed by the shop's id: `${keyPrefix}<shop id>${keySuffix}`. */
  rules: SubjectRateLimitRule[];
  /** A scalar SQL expression over the shop's id (given as an SQL uuid expression). */
  column?: (shopId: Prisma.Sql) => Prisma.Sql;
}

/** The shop row, with its storefront origins when the lookup read them too (findShopByPublicKey). */
export type WidgetShop = Shop & { storefrontOrigins?: string[] };

/** Methods are the route's `allowedMethods`, enforced for every route by app/http/route-guard.ts. */
export interface WidgetEndpoint {
  /** The per-address counter taken before the body is read: chat turns have their own, tighter limit. */
  addressLimit: "public" | "chat";
  handle(call: WidgetCall): Promise<Response>;
}
