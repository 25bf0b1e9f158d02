import { z } from "zod";
import { parseWith, readJsonBody } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { checkAnswers } from "~/surveys/questions";
import { findActiveSurvey, findAnswerableSurvey, recordSurveyResponse } from "~/surveys/surveys.server";
import type { WidgetEndpoint } from "./call";

const activeQuerySchema = z.object({
  shopPublicKey: z.string().optional(),
  lang: z.string().trim().max(35).optional(),
  url: z.string().max(2_048).optional(),
});

/**
 * GET /api/surveys/active ?shopPublicKey=…&lang=ru&url=<page URL> → {survey: {id, title, questions}}
 * in that language (English, then any language, when untranslated) if the active survey targets this
 * page, else {survey: null}.
 */
export const activeSurveyEndpoint: WidgetEndpoint = {
  addressLimit: "public",
  async handle({ app, request, resolveShop }) {
    const query = parseWith(activeQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    const shop = await resolveShop(query.shopPublicKey ?? null);
    const survey = await findActiveSurvey(app.db.prisma, shop.id, { lang: query.lang, pageUrl: query.url });
    // Short shared caching: every page view of every shopper asks, and surveys change rarely.
    return jsonResponse({ survey }, { headers: { "cache-control": "public, max-age=60" } });
  },
};

const MAX_RESPONSE_BYTES = 16 * 1024;
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

/** POST /api/surveys/:surveyId/responses {shopPublicKey, sessionId, answers, metadata} → 201 (stored) or 200 (already answered). */
export const surveyResponseEndpoint: WidgetEndpoint = {
  addressLimit: "public",
  async handle({ app, request, params, resolveShop }) {
    const input = parseWith(responseSchema, await readJsonBody(request, MAX_RESPONSE_BYTES));
    const shop = await resolveShop(input.shopPublicKey);
    const survey = await findAnswerableSurvey(app.db.prisma, shop.id, params.surveyId ?? "");
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
  },
};
