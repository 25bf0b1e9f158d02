import type { ActionFunctionArgs } from "@remix-run/node";
import { jsonResponse } from "~/http/errors";
import { surveyStatusAction } from "~/surveys/admin-api.server";
import { deactivateSurvey } from "~/surveys/surveys.server";

/** POST turns the survey back into a draft (not shown, editable). */
export function action(args: ActionFunctionArgs) {
  return surveyStatusAction(args, ({ db }, shopId, surveyId) => deactivateSurvey(db.prisma, shopId, surveyId));
}

export function loader() {
  return jsonResponse({ error: { code: "method_not_allowed", message: "Use POST." } }, { status: 405, headers: { allow: "POST" } });
}
