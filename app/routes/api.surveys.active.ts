import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { parseWith } from "~/http/body";
import { publicRoute, requireShopByPublicKey } from "~/http/public-route.server";
import { jsonResponse } from "~/http/errors";
import { findActiveSurvey } from "~/surveys/surveys.server";

/** What the route guard (app/http/route-guard.ts) lets through; other methods get 405 with Allow. */
export const allowedMethods = ["GET", "HEAD"];

const querySchema = z.object({
  shopPublicKey: z.string().optional(),
  lang: z.string().trim().max(35).optional(),
  url: z.string().max(2_048).optional(),
});

/**
 * GET ?shopPublicKey=…&lang=ru&url=<page URL> → {survey: {id, title, questions}} in that language
 * (English, then any language, when untranslated) if the active survey targets this page, else {survey: null}.
 */
export function loader(args: LoaderFunctionArgs) {
  return publicRoute(args, ["GET", "HEAD"], async (app) => {
    const query = parseWith(querySchema, Object.fromEntries(new URL(args.request.url).searchParams));
    const shop = await requireShopByPublicKey(app, query.shopPublicKey ?? null);
    const survey = await findActiveSurvey(app.db.prisma, shop.id, { lang: query.lang, pageUrl: query.url });
    // Short shared caching: every page view of every shopper asks, and surveys change rarely.
    return jsonResponse({ survey }, { headers: { "cache-control": "public, max-age=60" } });
  });
}

export function action(args: ActionFunctionArgs) {
  return publicRoute(args, ["GET", "HEAD"], async () => jsonResponse({}));
}
