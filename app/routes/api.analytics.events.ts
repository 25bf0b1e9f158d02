import type { ActionFunctionArgs } from "@remix-run/node";
import { directWidgetRoute } from "~/http/public-route.server";
import { analyticsEventsEndpoint } from "~/widget-api/analytics.server";

/**
 * POST /api/analytics/events — the widget's analytics beacon (app/widget-api/analytics.server.ts).
 * Shopify storefronts reach the same endpoint through the App Proxy (app/routes/proxy.*).
 * Other methods: 405 with Allow (app/http/route-guard.ts).
 */
export const allowedMethods = ["POST"];

export const action = (args: ActionFunctionArgs) => directWidgetRoute(args, analyticsEventsEndpoint);
