import { createHash } from "node:crypto";
import { publicWidgetConfig, readShopSettings } from "~/shops/settings";
import type { WidgetEndpoint } from "./call";

/**
 * GET /api/widget/config ?shopPublicKey=… → the widget's public configuration (greeting, colour,
 * prompts…), so a change in the console reaches every storefront without editing its snippet.
 * Cached briefly by browsers and CDNs and revalidated by ETag (304 when unchanged).
 */
export const widgetConfigEndpoint: WidgetEndpoint = {
  addressLimit: "public",
  async handle({ request, resolveShop }) {
    const shop = await resolveShop(new URL(request.url).searchParams.get("shopPublicKey"));
    const body = JSON.stringify(publicWidgetConfig(readShopSettings(shop.settings)));
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
    const headers = { etag, "cache-control": "public, max-age=60, stale-while-revalidate=300" };
    const presented = request.headers.get("if-none-match");
    if (presented && presented.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(body, { headers: { ...headers, "content-type": "application/json; charset=utf-8" } });
  },
};
