import type { ActionFunctionArgs } from "@remix-run/node";
import { jsonResponse } from "~/http/errors";
import { surveyStatusAction } from "~/surveys/admin-api.server";
import { archiveSurvey } from "~/surveys/surveys.server";

/** POST archives the survey: never shown again, results kept. */
export function action(args: ActionFunctionArgs) {
  return surveyStatusAction(args, ({ db }, shopId, surveyId) => archiveSurvey(db.prisma, shopId, surveyId));
}

export function loader() {
  return jsonResponse({ error: { code: "method_not_allowed", message: "Use POST." } }, { status: 405, headers: { allow: "POST" } });
}
