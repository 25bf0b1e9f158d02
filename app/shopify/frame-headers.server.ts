import { EMBEDDED_FRAME_ANCESTORS_WITHOUT_SHOP } from "~/http/security-headers";

/**
 * The embedded admin's framing headers for the shop its session authenticated. shopify-app-remix's
 * addDocumentResponseHeaders takes the shop from the request's `?shop=` — whatever the address bar
 * says, so /app?shop=attacker.myshopify.com would let that store frame the app — hence it is given
 * a request naming the session's shop (the library keeps Shopify's list of admin origins).
 */
export function embeddedFrameHeaders(addDocumentResponseHeaders: (request: Request, headers: Headers) => void, sessionShop: string): Headers {
  const headers = new Headers();
  addDocumentResponseHeaders(new Request(`https://embedded.invalid/app?shop=${encodeURIComponent(sessionShop)}`), headers);
  if (!headers.has("content-security-policy")) headers.set("content-security-policy", EMBEDDED_FRAME_ANCESTORS_WITHOUT_SHOP);
  return headers;
}
