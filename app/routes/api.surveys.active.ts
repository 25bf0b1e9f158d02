import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { publicRoute, requireShopByPublicKey } from "~/http/public-route.server";
import { jsonResponse } from "~/http/errors";
import { findActiveSurvey } from "~/surveys/surveys.server";

/** What the route guard (app/http/route-guard.ts) lets through; other methods get 405 with Allow. */
export const allowedMethods = ["GET", "HEAD"];

/** GET ?shopPublicKey=…&lang=ru → {survey: {id, title, questions}} (texts in that language when translated) or {survey: null}. */
export function loader(args: LoaderFunctionArgs) {
  return publicRoute(args, ["GET", "HEAD"], async (app) => {
    const query = new URL(args.request.url).searchParams;
    const shop = await requireShopByPublicKey(app, query.get("shopPublicKey"));
    const survey = await findActiveSurvey(app.db.prisma, shop.id, query.get("lang") ?? undefined);
    // Short shared caching: every page view of every shopper asks, and surveys change rarely.
    return jsonResponse({ survey }, { headers: { "cache-control": "public, max-age=60" } });
  });
}

export function action(args: ActionFunctionArgs) {
  return publicRoute(args, ["GET", "HEAD"], async () => jsonResponse({}));
}
