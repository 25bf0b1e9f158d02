import type { ActionFunctionArgs } from "@remix-run/node";
import { directWidgetRoute } from "~/http/public-route.server";
import { feedbackEndpoint } from "~/widget-api/chat.server";

/**
 * POST /api/chat/feedback — a shopper's vote on one answer (app/widget-api/chat.server.ts).
 * Shopify storefronts reach the same endpoint through the App Proxy (app/routes/proxy.*).
 * Other methods: 405 with Allow (app/http/route-guard.ts).
 */
export const allowedMethods = ["POST"];

export const action = (args: ActionFunctionArgs) => directWidgetRoute(args, feedbackEndpoint);
