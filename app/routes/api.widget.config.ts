import type { LoaderFunctionArgs } from "@remix-run/node";
import { directWidgetRoute } from "~/http/public-route.server";
import { widgetConfigEndpoint } from "~/widget-api/config.server";

/**
 * GET /api/widget/config — the widget's public configuration (app/widget-api/config.server.ts).
 * Shopify storefronts reach the same endpoint through the App Proxy (app/routes/proxy.*).
 * Other methods: 405 with Allow (app/http/route-guard.ts).
 */
export const allowedMethods = ["GET", "HEAD"];

export const loader = (args: LoaderFunctionArgs) => directWidgetRoute(args, widgetConfigEndpoint);
