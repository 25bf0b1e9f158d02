import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { publicRoute, requireShopByPublicKey } from "~/analytics/public-route.server";
import { jsonResponse } from "~/http/errors";
import { findActiveSurvey } from "~/surveys/surveys.server";

/** GET ?shopPublicKey=… → {survey: {id, title, questions}} or {survey: null}. */
export function loader(args: LoaderFunctionArgs) {
  return publicRoute(args, ["GET", "HEAD"], async (app) => {
    const publicKey = new URL(args.request.url).searchParams.get("shopPublicKey");
    const shop = await requireShopByPublicKey(app, publicKey);
    const survey = await findActiveSurvey(app.db.prisma, shop.id);
    // Short shared caching: every page view of every shopper asks, and surveys change rarely.
    return jsonResponse({ survey }, { headers: { "cache-control": "public, max-age=60" } });
  });
}

export function action(args: ActionFunctionArgs) {
  return publicRoute(args, ["GET", "HEAD"], async () => jsonResponse({}));
}
