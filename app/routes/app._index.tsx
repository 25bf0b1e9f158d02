import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { loadShopifyHome } from "~/console/shopify/home.server";
import { ShopifyHome } from "~/console/shopify/ShopifyHome";
import { getAppContext } from "~/context.server";
import { dispatchShopifyJob } from "~/shopify/dispatch.server";
import { requireShopify } from "~/shopify.server";
import { ensurePlatformShop } from "~/shops/shops.server";

async function embeddedShop(request: Request) {
  const shopify = await requireShopify();
  const { session } = await shopify.authenticate.admin(request);
  const app = await getAppContext();
  // afterAuth creates the shop; this only covers a session stored before that hook existed.
  const shop = await ensurePlatformShop(app.db.prisma, { platform: "shopify", domain: session.shop });
  return { app, shop: { ...shop, domain: shop.domain ?? session.shop } };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { app, shop } = await embeddedShop(request);
  return loadShopifyHome(app, shop, app.config.shopify?.apiKey ?? "");
}

/** Resync: the reconciliation job (changed since the last sync, and what was deleted or missed). */
export async function action({ request }: ActionFunctionArgs) {
  const { app, shop } = await embeddedShop(request);
  await dispatchShopifyJob(app, { shopId: shop.id, kind: "shopify.reconcile", input: { shopId: shop.id, shopDomain: shop.domain } });
  return { queued: true };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  return <ShopifyHome data={data} resyncing={fetcher.state !== "idle"} onResync={() => fetcher.submit(null, { method: "post" })} />;
}
