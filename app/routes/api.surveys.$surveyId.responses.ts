import type { ActionFunctionArgs } from "@remix-run/node";
import { directWidgetRoute } from "~/http/public-route.server";
import { surveyResponseEndpoint } from "~/widget-api/surveys.server";

/**
 * POST /api/surveys/:surveyId/responses — a shopper's answers (app/widget-api/surveys.server.ts).
 * Shopify storefronts reach the same endpoint through the App Proxy (app/routes/proxy.*).
 * Other methods: 405 with Allow (app/http/route-guard.ts).
 */
export const allowedMethods = ["POST"];

export const action = (args: ActionFunctionArgs) => directWidgetRoute(args, surveyResponseEndpoint);
