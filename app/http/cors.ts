/**
 * The public widget API is called from any storefront's origin. It carries no cookies (the shop is
 * named by its public key), so a wildcard origin is safe and needs no credentials.
 */
export const PUBLIC_CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "content-type, accept",
  "access-control-max-age": "86400",
};
