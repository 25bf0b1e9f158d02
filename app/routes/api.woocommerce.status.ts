import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonResponse } from "~/http/errors";
import { wooPluginRoute } from "~/http/woo-route.server";
import { statusOf } from "~/woocommerce/plugin-api.server";

export function loader(args: LoaderFunctionArgs) {
  return wooPluginRoute(args, ["GET"], async (app, connection) =>
    jsonResponse(statusOf(connection, await app.db.prisma.wooProduct.count({ where: { shopId: connection.shopId } }))),
  );
}

export const action = loader;
