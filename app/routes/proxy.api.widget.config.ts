import type { LoaderFunctionArgs } from "@remix-run/node";
import { proxyWidgetRoute } from "~/http/app-proxy-route.server";
import { widgetConfigEndpoint } from "~/widget-api/config.server";

/**
 * /api/widget/config through the Shopify App Proxy (https://{store}/apps/palompy/api/widget/config).
 * Other methods: 405 with Allow (app/http/route-guard.ts).
 */
export const allowedMethods = ["GET", "HEAD"];

export const loader = (args: LoaderFunctionArgs) => proxyWidgetRoute(args, widgetConfigEndpoint);
