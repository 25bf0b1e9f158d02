import type { ActionFunctionArgs } from "@remix-run/node";
import { getAppContext } from "~/context.server";
import { requireShopify } from "~/shopify.server";

/**
 * Shopify verifies the HMAC in authenticate.webhook (401 otherwise). Deleting the shop's sessions
 * is idempotent, so a redelivered webhook changes nothing.
 */
export async function action({ request }: ActionFunctionArgs) {
  const shopify = await requireShopify();
  const { shop } = await shopify.authenticate.webhook(request);
  const { db } = await getAppContext();
  await db.prisma.session.deleteMany({ where: { shop } });
  return new Response();
}
