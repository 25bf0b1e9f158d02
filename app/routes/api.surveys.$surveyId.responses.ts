import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { publicRoute, requireShopByPublicKey } from "~/http/public-route.server";
import { parseWith, readJsonBody } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { checkAnswers } from "~/surveys/questions";
import { findAnswerableSurvey, recordSurveyResponse } from "~/surveys/surveys.server";

/** What the route guard (app/http/route-guard.ts) lets through; other methods get 405 with Allow. */
export const allowedMethods = ["POST"];

const MAX_BODY_BYTES = 16 * 1024;
const MAX_METADATA_BYTES = 2_048;

const responseSchema = z.object({
  shopPublicKey: z.string().min(1, "is required"),
  sessionId: z.string().uuid("must be a UUID"),
  answers: z.record(z.unknown()),
  metadata: z
    .record(z.unknown())
    .default({})
    .refine((value) => Buffer.byteLength(JSON.stringify(value), "utf8") <= MAX_METADATA_BYTES, {
      message: `must serialize to at most ${MAX_METADATA_BYTES} bytes`,
    }),
});

/** POST {shopPublicKey, sessionId, answers, metadata} → 201 (stored) or 200 (already answered). */
export function action(args: ActionFunctionArgs) {
  return publicRoute(args, ["POST"], async (app) => {
    const input = parseWith(responseSchema, await readJsonBody(args.request, MAX_BODY_BYTES));
    const shop = await requireShopByPublicKey(app, input.shopPublicKey);
    const survey = await findAnswerableSurvey(app.db.prisma, shop.id, args.params.surveyId ?? "");
    if (!survey) throw new HttpError(404, "survey_not_found", "No active survey with this id for this shop.", "surveyId");
    const checked = checkAnswers(survey.questions, input.answers);
    if (!checked.ok) throw new HttpError(422, "invalid_field", checked.message, checked.field);
    const stored = await recordSurveyResponse(app.db.prisma, {
      surveyId: survey.id,
      shopId: shop.id,
      sessionId: input.sessionId,
      answers: checked.answers,
      metadata: input.metadata,
    });
    return jsonResponse({ id: stored.id, created: stored.created }, { status: stored.created ? 201 : 200 });
  });
}

export function loader(args: LoaderFunctionArgs) {
  return publicRoute(args, ["POST"], async () => jsonResponse({}));
}
