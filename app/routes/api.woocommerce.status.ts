import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonResponse } from "~/http/errors";
import { wooPluginOrClaimRoute } from "~/http/woo-route.server";
import { claimStatusOf, statusOf } from "~/woocommerce/plugin-api.server";

export function loader(args: LoaderFunctionArgs) {
  return wooPluginOrClaimRoute(args, ["GET"], async (app, holder) =>
    jsonResponse("claim" in holder ? claimStatusOf(holder.claim) : statusOf(holder.connection, await app.db.prisma.wooProduct.count({ where: { shopId: holder.connection.shopId } }))),
  );
}

export const action = loader;
