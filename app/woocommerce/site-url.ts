/**
 * A WooCommerce store is identified by its site URL. `shops.domain` holds the normalised host and
 * path ("shop.example.com/store"), so http/https or a trailing slash never make two shops.
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
  return { siteUrl: `${url.protocol}//${host}${path}`, domain: `${host}${path}`, hostname: url.hostname.toLowerCase() };
}

/**
 * Loopback, private, link-local and unspecified literals: the connector would otherwise fetch
 * internal addresses on behalf of whoever registers a store. (A name resolving to one is not caught
 * here; deployments that care put the app behind an egress proxy.)
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1" || host === "::" || host === "0.0.0.0") return true;
  if (/^(fc|fd)[0-9a-f]{2}:/.test(host) || host.startsWith("fe80:") || host.startsWith("::ffff:")) return true;
  const octets = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host)?.slice(1).map(Number);
  if (!octets) return false;
  const [a, b] = octets;
  return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}
