/**
 * shopify-app-remix sends the Admin API calls of an authenticated request (`admin.scopes.query()`,
 * `admin.graphql`) to https://{shop}.myshopify.com/admin/api/…, which no test machine reaches. Its
 * Node adapter keeps the global fetch it finds when it is loaded (with the app build, in
 * startTestApp), so this wrapper is installed when this module is imported: import it before
 * starting the app. Calls to a myshopify.com host go to the fake Admin API given to
 * routeShopifyAdminTo (same path); with none given they fail like an unreachable host.
 */
let target: string | undefined;
const realFetch = globalThis.fetch;

globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : input);
  if (!url.hostname.endsWith(".myshopify.com")) return realFetch(input, init);
  if (!target) return Promise.reject(new TypeError(`fetch failed: ${url.host} is not reachable from the tests`));
  const rewritten = new URL(`${url.pathname}${url.search}`, target);
  return realFetch(input instanceof Request ? new Request(rewritten, input) : rewritten, init);
};

/** The fake Admin API's base URL (FakeAdminApi.url), or undefined for "Shopify unreachable". */
export function routeShopifyAdminTo(baseUrl: string | undefined): void {
  target = baseUrl;
}
