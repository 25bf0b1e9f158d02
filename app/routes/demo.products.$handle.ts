import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAppContext } from "~/context.server";
import { DEMO_CATALOG, DEMO_STORE } from "~/demo/catalog";
import { findShopByDomain } from "~/shops/shops.server";
import { demoLang, demoQuery, handleOf, htmlResponse, missingStoreBody, productBody, renderPage } from "~/demo/storefront.server";

/** /demo/products/:handle: a product page, so navigating the store with the chat open can be tried. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const lang = demoLang(url);
  const query = demoQuery(url);
  const { db } = await getAppContext();
  const shop = await findShopByDomain(db.prisma, "standalone", DEMO_STORE.domain);
  const product = DEMO_CATALOG.products.find((p) => handleOf(p) === params.handle);
  const page = { lang, css: url.searchParams.get("css") !== "off", storeName: DEMO_STORE.name, publicKey: shop?.publicKey ?? null, query };
  if (!shop) return htmlResponse(renderPage({ ...page, title: "Demo", body: missingStoreBody() }), 503);
  if (!product) {
    return htmlResponse(renderPage({ ...page, title: "404", body: `<h1>${lang === "ru" ? "Товар не найден" : "Product not found"}</h1>` }), 404);
  }
  return htmlResponse(renderPage({ ...page, title: product.name, body: productBody(product, lang, query) }));
}
