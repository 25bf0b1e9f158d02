/**
 * What the pixel does with a completed checkout, kept free of Shopify's package so it can be
 * tested with a fake of the Web Pixels API (test/shopify/pixel.test.ts). index.ts only wires it
 * to `register`.
 *
 * The types below are the parts of Shopify's Web Pixels API this module reads, shaped as
 * Shopify documents them (standard event `checkout_completed`, standard API `browser`, `settings`).
 */

export interface PixelMoney {
  amount: number;
  currencyCode: string;
}

export interface PixelCheckoutLineItem {
  quantity: number;
  variant: { id: string | null; product: { id: string | null } | null } | null;
}

export interface PixelCheckoutCompletedEvent {
  name: string;
  timestamp: string;
  data: {
    checkout: {
      currencyCode: string | null;
      totalPrice: PixelMoney | null;
      order: { id: string | null } | null;
      lineItems: PixelCheckoutLineItem[] | null;
    };
  };
}

/** Reads the storefront's own storage, in the top frame, asynchronously (the pixel runs in a worker). */
export interface PixelBrowser {
  localStorage: { getItem(key: string): Promise<string | null> };
  sessionStorage: { getItem(key: string): Promise<string | null> };
}

export interface PixelSettings {
  shopPublicKey: string;
  endpoint: string;
}

export interface PixelApi {
  analytics: { subscribe(name: "checkout_completed", callback: (event: PixelCheckoutCompletedEvent) => void | Promise<void>): void };
  browser: PixelBrowser;
  settings: PixelSettings;
}

/** How the report leaves the pixel: fetch in Shopify's worker. */
export type SendReport = (url: string, init: { method: "POST"; headers: Record<string, string>; body: string; keepalive: boolean }) => Promise<unknown>;

/** The body of POST /api/pixel/orders (app/revenue/pixel-order-input.ts). */
export interface PixelOrderReport {
  shopPublicKey: string;
  orderId: string;
  sessionId: string;
  holdoutGroup?: "treatment" | "control";
  currency: string;
  total: number;
  lineItems: { productId: string; variantId?: string; quantity: number }[];
}

/** Shopify's line item cap is far above this; the endpoint accepts 250. */
const MAX_LINE_ITEMS = 250;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function subscribeToCheckouts(api: PixelApi, send: SendReport): void {
  api.analytics.subscribe("checkout_completed", async (event) => {
    const report = await checkoutReport(event, api.browser, api.settings);
    if (!report) return;
    // text/plain keeps the request "simple": no CORS preflight from the sandbox's worker.
    await send(api.settings.endpoint, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify(report), keepalive: true }).catch(() => undefined);
  });
}

/**
 * The report for one checkout, or null when there is nothing to attribute: no widget session on
 * this browser (the visitor never loaded the assistant), no order id, or no total.
 */
export async function checkoutReport(event: PixelCheckoutCompletedEvent, browser: PixelBrowser, settings: PixelSettings): Promise<PixelOrderReport | null> {
  const { checkout } = event.data;
  const orderId = checkout.order?.id;
  const total = checkout.totalPrice;
  if (!orderId || !total || !settings.shopPublicKey) return null;
  const sessionId = await stored(browser, `palompy:${settings.shopPublicKey}:sid`, (value) => (typeof value === "string" && UUID.test(value) ? value : undefined));
  if (!sessionId) return null;
  const holdoutGroup = await stored(browser, `palompy:${settings.shopPublicKey}:holdout`, (value) => {
    const group = (value as { group?: unknown } | null)?.group;
    return group === "treatment" || group === "control" ? group : undefined;
  });
  const lineItems = (checkout.lineItems ?? [])
    .flatMap((item) => {
      const productId = item.variant?.product?.id;
      if (!productId) return [];
      const variantId = item.variant?.id ?? undefined;
      return [{ productId, ...(variantId ? { variantId } : {}), quantity: Math.max(1, Math.trunc(item.quantity)) }];
    })
    .slice(0, MAX_LINE_ITEMS);
  return {
    shopPublicKey: settings.shopPublicKey,
    orderId,
    sessionId,
    ...(holdoutGroup ? { holdoutGroup } : {}),
    currency: total.currencyCode || checkout.currencyCode || "",
    total: total.amount,
    lineItems,
  };
}

/**
 * The widget keeps its values JSON-encoded in localStorage, or in sessionStorage when the visitor
 * has not allowed being remembered (widget/src/shared/storage.ts); either is read.
 */
async function stored<T>(browser: PixelBrowser, key: string, accept: (value: unknown) => T | undefined): Promise<T | undefined> {
  for (const area of [browser.localStorage, browser.sessionStorage]) {
    const raw = await area.getItem(key).catch(() => null);
    if (!raw) continue;
    try {
      const value = accept(JSON.parse(raw));
      if (value !== undefined) return value;
    } catch {
      // Not the widget's JSON: someone else's value under our key; ignore it.
    }
  }
  return undefined;
}
