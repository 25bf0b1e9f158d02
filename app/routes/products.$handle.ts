import type { LoaderFunctionArgs } from "@remix-run/node";
import { DEMO_CATALOG } from "~/demo/catalog";

/**
 * The demo catalog's product URLs are storefront paths (/products/<handle>), as a real store's
 * are; here the store lives under /demo, so those links (e.g. on the chat's product cards) land
 * on the demo product page.
 */
export function loader({ params, request }: LoaderFunctionArgs) {
  const known = DEMO_CATALOG.products.some((p) => p.url === `/products/${params.handle}`);
  if (!known) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const search = new URL(request.url).search;
  return new Response(null, { status: 302, headers: { location: `/demo/products/${encodeURIComponent(params.handle ?? "")}${search}` } });
}
