import { redirect } from "@remix-run/node";
import { consoleAction, consoleLoader } from "../route.server";
import { loadSurveyEditor, surveyEditorAction } from "./surveys.server";

/** The editor's form carries the whole survey as JSON: room for many questions in two languages. */
export const SURVEY_FORM_MAX_BYTES = 256 * 1024;

export const adminSurveyEditorLoader = (request: Request, surveyId: string | null) =>
  consoleLoader(request, ({ app, shop }) => loadSurveyEditor(app, shop, request, surveyId));

/** Saves or changes a survey; a new survey goes on to its own page, a deleted one back to the list. */
export const adminSurveyEditorAction = (request: Request, surveyId: string | null, basePath: string) =>
  consoleAction(
    request,
    async ({ app, shop, form }) => {
      const result = await surveyEditorAction(app, shop, request, surveyId, form);
      if (!result.survey) return redirect(basePath);
      if (!surveyId) return redirect(`${basePath}/${result.survey.id}`);
      return result;
    },
    SURVEY_FORM_MAX_BYTES,
  );
