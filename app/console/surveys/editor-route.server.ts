import { redirect } from "@remix-run/node";
import type { AppContext } from "~/app-context";
import { embeddedAction, embeddedLoader } from "../shopify/embedded-route.server";
import { consoleAction, consoleLoader } from "../route.server";
import type { ConsoleShop } from "../session/session.server";
import { loadSurveyEditor, surveyEditorAction } from "./surveys.server";

/** The editor's form carries the whole survey as JSON: room for many questions in two languages. */
export const SURVEY_FORM_MAX_BYTES = 256 * 1024;

export const adminSurveyEditorLoader = (request: Request, surveyId: string | null) =>
  consoleLoader(request, ({ app, shop }) => loadSurveyEditor(app, shop, request, surveyId));

export const adminSurveyEditorAction = (request: Request, surveyId: string | null, basePath: string) =>
  consoleAction(request, ({ app, shop, form }) => saveSurvey(app, shop, request, surveyId, form, basePath), SURVEY_FORM_MAX_BYTES);

/** The same editor inside Shopify's admin (/app/surveys). */
export const embeddedSurveyEditorLoader = (request: Request, surveyId: string | null) =>
  embeddedLoader(request, ({ app, shop }) => loadSurveyEditor(app, shop, request, surveyId));

export const embeddedSurveyEditorAction = (request: Request, surveyId: string | null, basePath: string) =>
  embeddedAction(request, ({ app, shop, form }) => saveSurvey(app, shop, request, surveyId, form, basePath), SURVEY_FORM_MAX_BYTES);

/** Saves or changes a survey; a new survey goes on to its own page, a deleted one back to the list. */
async function saveSurvey(app: AppContext, shop: ConsoleShop, request: Request, surveyId: string | null, form: FormData, basePath: string) {
  const result = await surveyEditorAction(app, shop, request, surveyId, form);
  if (!result.survey) return redirect(basePath);
  if (!surveyId) return redirect(`${basePath}/${result.survey.id}`);
  return result;
}
