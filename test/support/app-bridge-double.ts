import type { BrowserContext, Page } from "playwright-core";

/** Where shopify-app-remix's AppProvider loads App Bridge from (its APP_BRIDGE_URL). */
export const APP_BRIDGE_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

/** What `shopify.scopes.request` resolves to (app-bridge-types' ScopesRequestResponse). */
export interface ScopesDialogAnswer {
  result: "granted-all" | "declined-all";
  detail: { granted: string[]; required: string[]; optional: string[] };
}

export interface AppBridgeCall {
  api: string;
  args: unknown[];
}

/**
 * App Bridge's script comes from Shopify's CDN, which no test machine reaches, so the browser is
 * served this double of the `shopify` global at that URL instead (context.route; every other CDN
 * request is refused). It has only what the embedded pages use: `<ui-nav-menu>` (App Bridge hands
 * its links to the admin's sidebar and shows nothing in the frame), `app.extensions` (no extensions:
 * the embed reads as off), `scopes.request` (answered like Shopify's grant dialog, by the test's
 * `answer`, which stands in for the merchant's click and updates the fake Admin API) and `idToken`.
 * Every call is recorded in window.__appBridgeCalls. Like the real script, it adds the session token
 * to the page's same-origin fetches, which is how Remix's data requests reach authenticate.admin.
 */
export async function serveAppBridgeDouble(
  context: BrowserContext,
  options: { sessionToken: () => Promise<string>; answer: (scopes: string[]) => Promise<ScopesDialogAnswer> },
): Promise<void> {
  await context.exposeFunction("__palompyScopesDialog", options.answer);
  await context.route("https://cdn.shopify.com/**", async (route) => {
    if (route.request().url() !== APP_BRIDGE_URL) return route.abort();
    return route.fulfill({ contentType: "text/javascript", body: doubleScript(await options.sessionToken()) });
  });
}

export function appBridgeCalls(page: Page): Promise<AppBridgeCall[]> {
  return page.evaluate(() => (window as unknown as { __appBridgeCalls: AppBridgeCall[] }).__appBridgeCalls);
}

// Plain JavaScript: it runs in the page as served, before the app's modules hydrate.
function doubleScript(token: string): string {
  return `(() => {
  const token = ${JSON.stringify(token)};
  const calls = (window.__appBridgeCalls = []);
  const record = (api, args) => calls.push({ api, args: JSON.parse(JSON.stringify(args)) });
  window.shopify = {
    idToken: async () => (record("idToken", []), token),
    app: { extensions: async () => (record("app.extensions", []), []) },
    scopes: {
      request: async (scopes) => {
        record("scopes.request", [scopes]);
        return window.__palompyScopesDialog(scopes);
      },
    },
  };
  customElements.define("ui-nav-menu", class extends HTMLElement {
    connectedCallback() {
      this.style.display = "none";
    }
  });
  const pageFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== location.origin) return pageFetch(input, init);
    const headers = new Headers(init && init.headers ? init.headers : input instanceof Request ? input.headers : undefined);
    headers.set("Authorization", "Bearer " + token);
    return pageFetch(input, { ...init, headers });
  };
})();
`;
}
