import { createHmac, randomUUID } from "node:crypto";

/**
 * App Bridge's session token as Shopify issues it (https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens):
 * an HS256 JWT signed with the app's client secret whose `dest` is the shop, `aud` the app's
 * client id, `sub` the staff member, valid for a minute.
 */
export function sessionToken(options: { shop: string; apiKey: string; apiSecret: string; userId?: string; now?: number }): string {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const claims = {
    iss: `https://${options.shop}/admin`,
    dest: `https://${options.shop}`,
    aud: options.apiKey,
    sub: options.userId ?? "42",
    exp: now + 60,
    nbf: now - 5,
    iat: now,
    jti: randomUUID(),
    sid: randomUUID(),
  };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  return `${unsigned}.${createHmac("sha256", options.apiSecret).update(unsigned).digest("base64url")}`;
}

/** The query string Shopify's admin opens the app URL with: shop, host, embedded, id_token… and its hmac. */
export function adminLaunchQuery(options: { shop: string; apiKey: string; apiSecret: string }): URLSearchParams {
  const store = options.shop.replace(/\.myshopify\.com$/, "");
  const params = new URLSearchParams({
    embedded: "1",
    host: Buffer.from(`admin.shopify.com/store/${store}`).toString("base64url"),
    id_token: sessionToken(options),
    locale: "en",
    session: randomUUID().replaceAll("-", ""),
    shop: options.shop,
    timestamp: String(Math.floor(Date.now() / 1000)),
  });
  const message = [...params].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => `${key}=${value}`).join("&");
  params.set("hmac", createHmac("sha256", options.apiSecret).update(message).digest("hex"));
  return params;
}
