import { register } from "@shopify/web-pixels-extension";
import { subscribeToCheckouts, type PixelApi } from "./checkout-order";

// Built by the Shopify CLI with this extension's own package.json; the logic is in checkout-order.ts.
register((api) => subscribeToCheckouts(api as unknown as PixelApi, (url, init) => fetch(url, init)));
