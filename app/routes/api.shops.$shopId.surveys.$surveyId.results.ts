import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseWith } from "~/http/body";
import { jsonResponse } from "~/http/errors";
import { adminSurveyRoute, surveyNotFound } from "~/surveys/admin-api.server";
import { surveyResultsQuerySchema } from "~/surveys/queries";
import { surveyCsvDownload } from "~/surveys/responses-csv.server";
import { surveyResults } from "~/surveys/results.server";
import { getSurvey } from "~/surveys/surveys.server";

/**
 * GET the survey's results (counts per option, average rating, NPS, a page of text answers,
 * completion rate), or with ?format=csv every response as a streamed CSV file.
 */
export function loader(args: LoaderFunctionArgs) {
  return adminSurveyRoute(args, ["GET", "HEAD"], async ({ db }, shop, surveyId) => {
    const query = parseWith(surveyResultsQuerySchema, Object.fromEntries(new URL(args.request.url).searchParams));
    const survey = await getSurvey(db.prisma, shop.id, surveyId);
    if (!survey) throw surveyNotFound(surveyId);
    if (query.format === "csv") {
      const download = surveyCsvDownload(db.prisma, shop.id, survey, query.lang);
      return new Response(download.body, { headers: download.headers });
    }
    return jsonResponse({ survey, results: await surveyResults(db.prisma, shop.id, survey, query) });
  });
}
