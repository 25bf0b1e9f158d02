import type { ActionFunctionArgs } from "@remix-run/node";
import { directWidgetRoute } from "~/http/public-route.server";
import { handoffEndpoint } from "~/widget-api/handoff.server";

/**
 * POST /api/handoff — "talk to a person" (app/widget-api/handoff.server.ts).
 * Shopify storefronts reach the same endpoint through the App Proxy (app/routes/proxy.*).
 * Other methods: 405 with Allow (app/http/route-guard.ts).
 */
export const allowedMethods = ["POST"];

export const action = (args: ActionFunctionArgs) => directWidgetRoute(args, handoffEndpoint);
