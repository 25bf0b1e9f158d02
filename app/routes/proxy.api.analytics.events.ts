import type { ActionFunctionArgs } from "@remix-run/node";
import { proxyWidgetRoute } from "~/http/app-proxy-route.server";
import { analyticsEventsEndpoint } from "~/widget-api/analytics.server";

/**
 * /api/analytics/events through the Shopify App Proxy (https://{store}/apps/palompy/api/analytics/events).
 * Other methods: 405 with Allow (app/http/route-guard.ts).
 */
export const allowedMethods = ["POST"];

export const action = (args: ActionFunctionArgs) => proxyWidgetRoute(args, analyticsEventsEndpoint);
