import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAppContext } from "~/context.server";
import { DEMO_CATALOG, DEMO_STORE } from "~/demo/catalog";
import { findShopByDomain } from "~/shops/shops.server";
import { catalogBody, demoLang, demoQuery, htmlResponse, missingStoreBody, renderPage } from "~/demo/storefront.server";

/** /demo: the demo store's catalog with the widget embedded exactly as a merchant would embed it. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const lang = demoLang(url);
  const query = demoQuery(url);
  const { db } = await getAppContext();
  const shop = await findShopByDomain(db.prisma, "standalone", DEMO_STORE.domain);
  const page = {
    lang,
    css: url.searchParams.get("css") !== "off",
    storeName: DEMO_STORE.name,
    publicKey: shop?.publicKey ?? null,
    query,
  };
  if (!shop) return htmlResponse(renderPage({ ...page, title: "Demo", body: missingStoreBody() }), 503);
  return htmlResponse(renderPage({ ...page, title: lang === "ru" ? "Каталог" : "Catalog", body: catalogBody(DEMO_CATALOG.products, lang, query) }));
}
