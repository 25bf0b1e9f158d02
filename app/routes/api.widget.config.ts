import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createHash } from "node:crypto";
import { jsonResponse } from "~/http/errors";
import { publicRoute, requireShopByPublicKey } from "~/http/public-route.server";
import { publicWidgetConfig, readShopSettings } from "~/shops/settings";

/**
 * GET ?shopPublicKey=… → the widget's public configuration (greeting, colour, prompts…), so a
 * change in the console reaches every storefront without editing its snippet. Cached briefly by
 * browsers and CDNs and revalidated by ETag (304 when unchanged).
 */
export function loader(args: LoaderFunctionArgs) {
  return publicRoute(args, ["GET", "HEAD"], async (app) => {
    const query = new URL(args.request.url).searchParams;
    const shop = await requireShopByPublicKey(app, query.get("shopPublicKey"));
    const body = JSON.stringify(publicWidgetConfig(readShopSettings(shop.settings)));
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
    const headers = { etag, "cache-control": "public, max-age=60, stale-while-revalidate=300" };
    const presented = args.request.headers.get("if-none-match");
    if (presented && presented.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(body, { headers: { ...headers, "content-type": "application/json; charset=utf-8" } });
  });
}

export function action(args: ActionFunctionArgs) {
  return publicRoute(args, ["GET", "HEAD"], async () => jsonResponse({}));
}
