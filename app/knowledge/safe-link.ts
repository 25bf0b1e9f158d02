/**
 * The one rule for links and images from a shop's catalog that a shopper's browser will follow or
 * load (server import and widget alike): an absolute http(s) URL, or a path starting with "/" that
 * the WHATWG URL parser resolves to the base's own origin. Parsed, not pattern-matched: `/\evil.example`
 * and `/<TAB>/evil.example` look like paths, yet browsers resolve them to another host.
 */
export function isSafeLink(value: string, base: string): boolean {
  const absolute = parseUrl(value);
  if (absolute) return absolute.protocol === "http:" || absolute.protocol === "https:";
  if (!value.startsWith("/")) return false;
  const resolved = parseUrl(value, base);
  return resolved !== undefined && resolved.origin === parseUrl(base)?.origin;
}

/**
 * Where the import resolves a path. The shop's real origin is not needed: a path's host changes
 * only when it escapes whatever origin it is resolved against.
 */
export const IMPORT_LINK_BASE = "https://shop.invalid/";

function parseUrl(value: string, base?: string): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}
