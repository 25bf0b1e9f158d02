import { createHmac } from "node:crypto";
import { WEBHOOK_SECRET } from "./shopify-webhooks";

/**
 * Signs a query as Shopify's App Proxy does: parameters sorted by name, each `name=value` with the
 * values of a repeated name joined by commas, concatenated with no separator, HMAC-SHA256 (hex)
 * with the app secret, sent as `signature`. Cross-checked against shopify-api in app-proxy.test.ts.
 */
export function signProxyQuery(query: URLSearchParams, secret = WEBHOOK_SECRET): URLSearchParams {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of query) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  const message = [...grouped.keys()]
    .sort()
    .map((name) => `${name}=${grouped.get(name)!.join(",")}`)
    .join("");
  const signed = new URLSearchParams(query);
  signed.set("signature", createHmac("sha256", secret).update(message).digest("hex"));
  return signed;
}
