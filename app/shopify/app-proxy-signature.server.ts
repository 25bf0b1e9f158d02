import "@shopify/shopify-api/adapters/node";
import { ApiVersion, InvalidHmacError, LogSeverity, shopifyApi } from "@shopify/shopify-api";

/**
 * The App Proxy's signature, checked with the Shopify library's own HMAC validation (HMAC-SHA256
 * of the sorted query with the app secret, timestamp within 90 s, `shop`/`signature`/`timestamp`
 * given once) and nothing else: a shopper's request needs no Admin API, so the store's offline
 * token is never loaded or refreshed on the way (shopify-app-remix's authenticate.public.appProxy
 * does both, and a refresh failure there would fail the shopper's request).
 */

type Credentials = { apiKey: string; apiSecret: string; appUrl?: string };
type Validator = ReturnType<typeof shopifyApi>["utils"]["validateHmac"];

const validators = new Map<string, Validator>();

function validatorFor(credentials: Credentials): Validator {
  const key = `${credentials.apiKey}\n${credentials.apiSecret}`;
  let validator = validators.get(key);
  if (!validator) {
    const api = shopifyApi({
      apiKey: credentials.apiKey,
      apiSecretKey: credentials.apiSecret,
      apiVersion: ApiVersion.October26,
      hostName: new URL(credentials.appUrl ?? "https://localhost").host,
      isEmbeddedApp: true,
      logger: { level: LogSeverity.Error },
    });
    validator = api.utils.validateHmac;
    validators.set(key, validator);
  }
  return validator;
}

export async function isSignedByAppProxy(url: URL, credentials: Credentials): Promise<boolean> {
  const query = new URLSearchParams(url.search);
  // As shopify-app-remix does: Remix adds an empty `index` to index routes, which Shopify did not sign.
  if (!query.get("index")) query.delete("index");
  try {
    return await validatorFor(credentials)(query, { signator: "appProxy" });
  } catch (error) {
    // No signature, a stale timestamp or a repeated signed parameter.
    if (error instanceof InvalidHmacError) return false;
    throw error;
  }
}
