import type { ActionFunctionArgs } from "@remix-run/node";
import type { AppContext } from "~/app-context";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { HttpError, jsonResponse } from "~/http/errors";
import { SurveyConflictError, type SurveyDetail } from "./surveys.server";

/** The same 404 for another shop's survey as for one that never existed. */
export function surveyNotFound(surveyId: string | undefined): HttpError {
  return new HttpError(404, "survey_not_found", `No survey with id ${surveyId ?? ""} in this shop.`, "surveyId");
}

/** The admin routes of one survey: the shop from the URL, then the survey, or a 404 naming which is unknown. */
export function adminSurveyRoute(
  args: Pick<ActionFunctionArgs, "request" | "context" | "params">,
  methods: readonly string[],
  handler: (app: AppContext, shop: { id: string }, surveyId: string) => Promise<Response>,
): Promise<Response> {
  return adminRoute(args, async (app) => {
    if (!methods.includes(args.request.method)) {
      throw new HttpError(405, "method_not_allowed", `Use ${methods.join(" or ")}.`, undefined, { allow: methods.join(", ") });
    }
    const shop = await requireShopParam(app.db.prisma, args.params.shopId);
    try {
      return await handler(app, shop, args.params.surveyId ?? "");
    } catch (error) {
      if (error instanceof SurveyConflictError) throw new HttpError(409, "survey_conflict", error.message, "surveyId");
      throw error;
    }
  });
}

/** A status change (activate, archive, deactivate) answers the survey as it now is. */
export function surveyStatusAction(
  args: ActionFunctionArgs,
  change: (app: AppContext, shopId: string, surveyId: string) => Promise<SurveyDetail | null>,
): Promise<Response> {
  return adminSurveyRoute(args, ["POST"], async (app, shop, surveyId) => {
    const survey = await change(app, shop.id, surveyId);
    if (!survey) throw surveyNotFound(surveyId);
    return jsonResponse({ survey });
  });
}
