import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { loadShopifyHome } from "~/console/shopify/home.server";
import { ShopifyHome } from "~/console/shopify/ShopifyHome";
import { getAppContext } from "~/context.server";
import { dispatchShopifyJob } from "~/shopify/dispatch.server";
import { requireShopify } from "~/http/shopify-route.server";
import { ensurePlatformShop } from "~/shops/shops.server";

async function embeddedShop(request: Request) {
  const shopify = await requireShopify();
  const { session, scopes } = await shopify.authenticate.admin(request);
  const app = await getAppContext();
  // afterAuth creates the shop; this only covers a session stored before that hook existed.
  const shop = await ensurePlatformShop(app.db.prisma, { platform: "shopify", domain: session.shop });
  return { app, scopes, shop: { ...shop, domain: shop.domain ?? session.shop } };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { app, scopes, shop } = await embeddedShop(request);
  return loadShopifyHome(app, shop, {
    apiKey: app.config.shopify?.apiKey ?? "",
    grantedScopes: async () => (await scopes.query()).granted,
  });
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
  const revalidator = useRevalidator();
  return (
    <ShopifyHome
      data={data}
      resyncing={fetcher.state !== "idle"}
      onResync={() => fetcher.submit(null, { method: "post" })}
      // The grant happened in Shopify's dialog: the loader asks Shopify again for the scopes.
      onScopesChanged={() => revalidator.revalidate()}
    />
  );
}
