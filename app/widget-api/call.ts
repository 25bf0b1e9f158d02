import type { AppContext } from "~/app-context";
import type { Shop } from "~/generated/prisma/client";

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
  /** Whether the answer may be a text/event-stream (false behind the App Proxy). */
  canStream: boolean;
}

/** The shop row, with its storefront origins when the lookup read them too (findShopByPublicKey). */
export type WidgetShop = Shop & { storefrontOrigins?: string[] };

/** Methods are the route's `allowedMethods`, enforced for every route by app/http/route-guard.ts. */
export interface WidgetEndpoint {
  /** The per-address counter taken before the body is read: chat turns have their own, tighter limit. */
  addressLimit: "public" | "chat";
  handle(call: WidgetCall): Promise<Response>;
}
