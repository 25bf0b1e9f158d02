import type { ActionFunctionArgs } from "@remix-run/node";
import { proxyWidgetRoute } from "~/http/app-proxy-route.server";
import { chatEndpoint } from "~/widget-api/chat.server";

/**
 * /api/chat through the Shopify App Proxy (https://{store}/apps/palompy/api/chat).
 * Other methods: 405 with Allow (app/http/route-guard.ts).
 */
export const allowedMethods = ["POST"];

export const action = (args: ActionFunctionArgs) => proxyWidgetRoute(args, chatEndpoint);
