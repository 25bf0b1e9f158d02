import type { LoaderFunctionArgs } from "@remix-run/node";
import { directWidgetRoute } from "~/http/public-route.server";
import { activeSurveyEndpoint } from "~/widget-api/surveys.server";

/**
 * GET /api/surveys/active — the survey for this page, if any (app/widget-api/surveys.server.ts).
 * Shopify storefronts reach the same endpoint through the App Proxy (app/routes/proxy.*).
 * Other methods: 405 with Allow (app/http/route-guard.ts).
 */
export const allowedMethods = ["GET", "HEAD"];

export const loader = (args: LoaderFunctionArgs) => directWidgetRoute(args, activeSurveyEndpoint);
