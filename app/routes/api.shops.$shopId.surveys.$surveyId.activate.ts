import type { ActionFunctionArgs } from "@remix-run/node";
import { jsonResponse } from "~/http/errors";
import { surveyStatusAction } from "~/surveys/admin-api.server";
import { activateSurvey } from "~/surveys/surveys.server";

/** POST makes this the shop's one active survey (the previous one becomes a draft). */
export function action(args: ActionFunctionArgs) {
  return surveyStatusAction(args, ({ db }, shopId, surveyId) => activateSurvey(db.prisma, shopId, surveyId));
}

export function loader() {
  return jsonResponse({ error: { code: "method_not_allowed", message: "Use POST." } }, { status: 405, headers: { allow: "POST" } });
}
