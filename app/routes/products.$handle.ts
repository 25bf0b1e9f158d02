import type { LoaderFunctionArgs } from "@remix-run/node";
import { DEMO_CATALOG } from "~/demo/catalog";

/**
 * The demo catalog's product URLs are storefront paths (/products/<handle>), as a real store's
 * are; here the store lives under /demo, so those links (e.g. on the chat's product cards) land
 * on the demo product page — in the language of the demo page the shopper clicked on, since the
 * catalog's one URL per product carries no language of its own.
 */
export function loader({ params, request }: LoaderFunctionArgs) {
  const known = DEMO_CATALOG.products.some((p) => p.url === `/products/${params.handle}`);
  if (!known) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const url = new URL(request.url);
  const search = new URLSearchParams(url.search);
  const from = referringDemoPage(request, url);
  if (!search.has("lang") && from?.searchParams.get("lang") === "en") search.set("lang", "en");
  const query = search.toString();
  return new Response(null, { status: 302, headers: { location: `/demo/products/${encodeURIComponent(params.handle ?? "")}${query ? `?${query}` : ""}` } });
}

function referringDemoPage(request: Request, url: URL): URL | undefined {
  try {
    const referer = new URL(request.headers.get("referer") ?? "");
    return referer.origin === url.origin && referer.pathname.startsWith("/demo") ? referer : undefined;
  } catch {
    return undefined;
  }
}
