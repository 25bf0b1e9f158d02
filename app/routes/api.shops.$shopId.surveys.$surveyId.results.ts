import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { parseWith } from "~/http/body";
import { jsonResponse } from "~/http/errors";
import { adminSurveyRoute, surveyNotFound } from "~/surveys/admin-api.server";
import { surveyResponsesCsv } from "~/surveys/responses-csv.server";
import { surveyResults } from "~/surveys/results.server";
import { getSurvey } from "~/surveys/surveys.server";

const querySchema = z.object({
  lang: z.string().regex(/^[a-z]{2}$/, "must be a two-letter language code").optional(),
  textPage: z.coerce.number().int().min(1).default(1),
  textPageSize: z.coerce.number().int().min(1).max(100).default(20),
  format: z.enum(["json", "csv"]).default("json"),
});

/**
 * GET the survey's results (counts per option, average rating, NPS, a page of text answers,
 * completion rate), or with ?format=csv every response as a streamed CSV file.
 */
export function loader(args: LoaderFunctionArgs) {
  return adminSurveyRoute(args, ["GET", "HEAD"], async ({ db }, shop, surveyId) => {
    const query = parseWith(querySchema, Object.fromEntries(new URL(args.request.url).searchParams));
    const survey = await getSurvey(db.prisma, shop.id, surveyId);
    if (!survey) throw surveyNotFound(surveyId);
    if (query.format === "csv") {
      return new Response(surveyResponsesCsv(db.prisma, shop.id, survey, query.lang), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="survey-${survey.id}-responses.csv"`,
          "cache-control": "no-store",
        },
      });
    }
    return jsonResponse({ survey, results: await surveyResults(db.prisma, shop.id, survey, query) });
  });
}
