import type { ActionFunctionArgs } from "@remix-run/node";
import { proxyWidgetRoute } from "~/http/app-proxy-route.server";
import { feedbackEndpoint } from "~/widget-api/chat.server";

/**
 * /api/chat/feedback through the Shopify App Proxy (https://{store}/apps/palompy/api/chat/feedback).
 * Other methods: 405 with Allow (app/http/route-guard.ts).
 */
export const allowedMethods = ["POST"];

export const action = (args: ActionFunctionArgs) => proxyWidgetRoute(args, feedbackEndpoint);
