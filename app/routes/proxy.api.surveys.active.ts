import type { LoaderFunctionArgs } from "@remix-run/node";
import { proxyWidgetRoute } from "~/http/app-proxy-route.server";
import { activeSurveyEndpoint } from "~/widget-api/surveys.server";

/**
 * /api/surveys/active through the Shopify App Proxy (https://{store}/apps/palompy/api/surveys/active).
 * Other methods: 405 with Allow (app/http/route-guard.ts).
 */
export const allowedMethods = ["GET", "HEAD"];

export const loader = (args: LoaderFunctionArgs) => proxyWidgetRoute(args, activeSurveyEndpoint);
