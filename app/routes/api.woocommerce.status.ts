import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonResponse } from "~/http/errors";
import { wooPluginRoute } from "~/http/woo-route.server";
import { statusOf } from "~/woocommerce/plugin-api.server";

export function loader(args: LoaderFunctionArgs) {
  return wooPluginRoute(args, ["GET"], async (_app, connection) => jsonResponse(statusOf(connection)));
}

export const action = loader;
