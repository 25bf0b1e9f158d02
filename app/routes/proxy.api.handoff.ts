import type { ActionFunctionArgs } from "@remix-run/node";
import { proxyWidgetRoute } from "~/http/app-proxy-route.server";
import { handoffEndpoint } from "~/widget-api/handoff.server";

/**
 * /api/handoff through the Shopify App Proxy (https://{store}/apps/palompy/api/handoff).
 * Other methods: 405 with Allow (app/http/route-guard.ts).
 */
export const allowedMethods = ["POST"];

export const action = (args: ActionFunctionArgs) => proxyWidgetRoute(args, handoffEndpoint);
