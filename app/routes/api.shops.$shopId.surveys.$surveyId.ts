import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readValidatedJson } from "~/http/body";
import { jsonResponse } from "~/http/errors";
import { adminSurveyRoute, surveyNotFound } from "~/surveys/admin-api.server";
import { surveyPatchSchema } from "~/surveys/questions";
import { deleteSurvey, getSurvey, updateSurvey } from "~/surveys/surveys.server";

const MAX_BODY_BYTES = 64 * 1024;

/** GET one survey with every language, its status and response count. */
export function loader(args: LoaderFunctionArgs) {
  return adminSurveyRoute(args, ["GET", "HEAD"], async ({ db }, shop, surveyId) => {
    const survey = await getSurvey(db.prisma, shop.id, surveyId);
    if (!survey) throw surveyNotFound(surveyId);
    return jsonResponse({ survey });
  });
}

/** PATCH {title?, questions?, urlPattern?} edits (keep question ids to keep their answers); DELETE removes it with its responses. */
export function action(args: ActionFunctionArgs) {
  return adminSurveyRoute(args, ["PATCH", "DELETE"], async ({ db }, shop, surveyId) => {
    if (args.request.method === "DELETE") {
      if (!(await deleteSurvey(db.prisma, shop.id, surveyId))) throw surveyNotFound(surveyId);
      return jsonResponse({ status: "ok" });
    }
    const patch = await readValidatedJson(args.request, surveyPatchSchema, MAX_BODY_BYTES);
    const survey = await updateSurvey(db.prisma, shop.id, surveyId, patch);
    if (!survey) throw surveyNotFound(surveyId);
    return jsonResponse({ survey });
  });
}
