import type { ActionFunctionArgs } from "@remix-run/node";
import { directWidgetRoute } from "~/http/public-route.server";
import { chatEndpoint } from "~/widget-api/chat.server";

/**
 * POST /api/chat — one shopper turn, JSON or SSE (app/widget-api/chat.server.ts).
 * Shopify storefronts reach the same endpoint through the App Proxy (app/routes/proxy.*).
 * Other methods: 405 with Allow (app/http/route-guard.ts).
 */
export const allowedMethods = ["POST"];

export const action = (args: ActionFunctionArgs) => directWidgetRoute(args, chatEndpoint);
