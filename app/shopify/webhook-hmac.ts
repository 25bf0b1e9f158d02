import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Shopify signs each delivery: base64(HMAC-SHA256(app secret, raw body)) in X-Shopify-Hmac-Sha256.
 * Checked on the exact bytes received (never re-serialised JSON), in constant time.
 */
export function isValidShopifyHmac(rawBody: Uint8Array, header: string | null, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
