import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireShopify } from "~/http/shopify-route.server";

/** Shopify's OAuth and session-token exchange (handled by the Shopify library). */
export async function loader({ request }: LoaderFunctionArgs) {
  const shopify = await requireShopify();
  await shopify.authenticate.admin(request);
  return null;
}
