import { isIP } from "node:net";
import { isPublicAddress } from "~/http/public-address";

/**
 * A WooCommerce store is identified by its site URL. `shops.domain` holds the normalised host and
 * path ("shop.example.com/store"), so http/https, upper case, a default port or a trailing slash
 * never make two shops. A registration gets the domain only once the store has proven it is the
 * store (app/woocommerce/ownership.server.ts).
 */
export interface SiteAddress {
  /** Scheme, host and path without a trailing slash: what the REST client and wc-auth URLs start with. */
  siteUrl: string;
  /** The shop's platform key. */
  domain: string;
  hostname: string;
}

export function parseSiteUrl(raw: string): SiteAddress | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password || !url.hostname) return null;
  const path = url.pathname.replace(/(?<!\/)\/+$/, "");
  const host = url.host.toLowerCase();
  // http://shop:443 and https://shop:80 are the same store as https://shop: the default ports of
  // either scheme never make another identity (URL only drops the port that matches its own scheme).
  const identityHost = url.port === "80" || url.port === "443" ? url.hostname.toLowerCase() : host;
  return { siteUrl: `${url.protocol}//${host}${path}`, domain: `${identityHost}${path}`, hostname: url.hostname.toLowerCase() };
}

/**
 * A literal address that is not public unicast, or a local name: refused at registration with a
 * readable error. Names that resolve to such addresses are refused when connected to (the outbound
 * client checks every resolved address), so this is the early refusal, not the protection.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  return isIP(host) !== 0 && !isPublicAddress(host);
}

/** Shopify's own store domains: such a store is a Shopify store, never a WooCommerce one. */
export function isShopifyDomain(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return host === "myshopify.com" || host.endsWith(".myshopify.com");
}
