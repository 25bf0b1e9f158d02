/**
 * Shopify's Customer Privacy API (`window.Shopify.customerPrivacy`). Where the store's visitor has
 * to consent (the API answers per region), the widget sends no analytics events and keeps no
 * identifier across visits until it is allowed: the chat works either way, its session then lives
 * in sessionStorage (gone with the tab). Outside Shopify there is no API and nothing changes. Read
 * on every use, so the loader and the chat chunk (separate bundles) agree and a later consent counts.
 */
type Permission = "analyticsProcessingAllowed" | "preferencesProcessingAllowed";
interface ShopifyGlobal {
  customerPrivacy?: Partial<Record<Permission, () => boolean>>;
  loadFeatures?: (features: { name: string; version: string }[], callback: (error?: unknown) => void) => void;
}

const shopifyGlobal = () => (window as unknown as { Shopify?: ShopifyGlobal }).Shopify;

function allowed(permission: Permission): boolean {
  const shopify = shopifyGlobal();
  if (!shopify) return true;
  try {
    // Not loaded yet on a Shopify storefront: nothing is allowed until it answers.
    return shopify.customerPrivacy?.[permission]?.() === true;
  } catch {
    return false;
  }
}

export const analyticsAllowed = () => allowed("analyticsProcessingAllowed");
export const persistenceAllowed = () => allowed("preferencesProcessingAllowed");

/** Themes that do not load the API themselves get it loaded (Shopify's documented feature name). */
export function loadCustomerPrivacy(): void {
  const shopify = shopifyGlobal();
  if (shopify && !shopify.customerPrivacy && typeof shopify.loadFeatures === "function") {
    try {
      shopify.loadFeatures([{ name: "consent-tracking-api", version: "0.1" }], () => {});
    } catch {
      // The chat does not depend on it.
    }
  }
}
