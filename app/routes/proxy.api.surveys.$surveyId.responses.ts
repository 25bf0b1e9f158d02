import type { ActionFunctionArgs } from "@remix-run/node";
import { proxyWidgetRoute } from "~/http/app-proxy-route.server";
import { surveyResponseEndpoint } from "~/widget-api/surveys.server";

/**
 * /api/surveys/:surveyId/responses through the Shopify App Proxy (https://{store}/apps/palompy/api/surveys/:surveyId/responses).
 * Other methods: 405 with Allow (app/http/route-guard.ts).
 */
export const allowedMethods = ["POST"];

export const action = (args: ActionFunctionArgs) => proxyWidgetRoute(args, surveyResponseEndpoint);
