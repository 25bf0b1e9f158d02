import { z } from "zod";
import type { AppContext } from "~/app-context";
import { parseWith } from "~/http/body";
import { HttpError } from "~/http/errors";
import { surveyListQuerySchema, surveyResultsQuerySchema } from "~/surveys/queries";
import { surveyInputSchema } from "~/surveys/questions";
import { surveyCsvDownload } from "~/surveys/responses-csv.server";
import { surveyResults, type SurveyResults } from "~/surveys/results.server";
import {
  activateSurvey,
  archiveSurvey,
  createSurvey,
  deactivateSurvey,
  deleteSurvey,
  getSurvey,
  listSurveys,
  SurveyConflictError,
  updateSurvey,
  type SurveyDetail,
} from "~/surveys/surveys.server";

/**
 * The console's survey pages (list, editor, results) as plain functions of (app, shop, request):
 * the /admin and Shopify /app route files call them and hand the result to the page components.
 * Refused input throws HttpError naming the field (the console's action wrapper shows it on the form).
 */
type Shop = { id: string };

/** The languages the editor offers a text field for, in this order. */
export const EDITOR_LANGUAGES = ["en", "ru"] as const;

export interface SurveyListData {
  surveys: SurveyDetail[];
  total: number;
  page: number;
  pageSize: number;
  status: SurveyDetail["status"] | null;
}

export async function loadSurveyList(app: AppContext, shop: Shop, request: Request): Promise<SurveyListData> {
  const query = parseWith(surveyListQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const { items, total } = await listSurveys(app.db.prisma, shop.id, query);
  return { surveys: items, total, page: query.page, pageSize: query.pageSize, status: query.status ?? null };
}

export interface SurveyEditorData {
  /** null on the "new survey" page. */
  survey: SurveyDetail | null;
  languages: readonly string[];
  /** The survey shoppers see now, other than this one: activating this one turns it into a draft. */
  activeOther: { id: string; title: SurveyDetail["title"] } | null;
}

async function requireSurvey(app: AppContext, shop: Shop, surveyId: string): Promise<SurveyDetail> {
  const survey = await getSurvey(app.db.prisma, shop.id, surveyId);
  if (!survey) throw new HttpError(404, "survey_not_found", `No survey with id ${surveyId} in this shop.`, "surveyId");
  return survey;
}

export async function loadSurveyEditor(app: AppContext, shop: Shop, _request: Request, surveyId: string | null): Promise<SurveyEditorData> {
  const [survey, active] = await Promise.all([
    surveyId ? requireSurvey(app, shop, surveyId) : null,
    listSurveys(app.db.prisma, shop.id, { page: 1, pageSize: 1, status: "active" }),
  ]);
  const current = active.items[0];
  const activeOther = current && current.id !== survey?.id ? { id: current.id, title: current.title } : null;
  return { survey, languages: EDITOR_LANGUAGES, activeOther };
}

export const SURVEY_INTENTS = ["save", "activate", "deactivate", "archive", "delete"] as const;
export type SurveyIntent = (typeof SURVEY_INTENTS)[number];

export interface SurveyActionResult {
  intent: SurveyIntent;
  /** null after a delete. */
  survey: SurveyDetail | null;
}

/**
 * The editor's form: `intent` (save, activate, deactivate, archive, delete) and, to save, `survey`
 * holding the survey as JSON (the editor's state, in the API's shape). `form` is the already-read
 * body when the caller had to read it (to check CSRF); otherwise the request's is read.
 */
export async function surveyEditorAction(
  app: AppContext,
  shop: Shop,
  request: Request,
  surveyId: string | null,
  form?: FormData,
): Promise<SurveyActionResult> {
  const body = form ?? (await request.formData());
  const { intent } = parseWith(intentSchema, { intent: body.get("intent") ?? "save" });
  const prisma = app.db.prisma;
  if (intent === "save") {
    const input = parseWith(surveyInputSchema, parseSurveyJson(body.get("survey")));
    if (!surveyId) return { intent, survey: await createSurvey(prisma, shop.id, input) };
    await requireSurvey(app, shop, surveyId);
    return { intent, survey: await updateSurvey(prisma, shop.id, surveyId, input) };
  }
  if (!surveyId) throw new HttpError(422, "invalid_field", `intent: save the survey before you ${intent} it`, "intent");
  await requireSurvey(app, shop, surveyId);
  const change = { activate: activateSurvey, deactivate: deactivateSurvey, archive: archiveSurvey } as const;
  if (intent === "delete") {
    await deleteSurvey(prisma, shop.id, surveyId);
    return { intent, survey: null };
  }
  try {
    return { intent, survey: await change[intent](prisma, shop.id, surveyId) };
  } catch (error) {
    if (error instanceof SurveyConflictError) throw new HttpError(409, "survey_conflict", error.message, "surveyId");
    throw error;
  }
}

const intentSchema = z.object({ intent: z.enum(SURVEY_INTENTS, { errorMap: () => ({ message: `must be one of ${SURVEY_INTENTS.join(", ")}` }) }) });

function parseSurveyJson(value: FormDataEntryValue | null): unknown {
  if (typeof value !== "string") throw new HttpError(422, "invalid_field", "survey: is required (the survey as JSON)", "survey");
  try {
    return JSON.parse(value);
  } catch {
    throw new HttpError(400, "invalid_json", "survey: is not valid JSON", "survey");
  }
}

export interface SurveyResultsData {
  survey: SurveyDetail;
  results: SurveyResults;
}

export async function loadSurveyResults(app: AppContext, shop: Shop, request: Request, surveyId: string): Promise<SurveyResultsData> {
  const query = parseWith(surveyResultsQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const survey = await requireSurvey(app, shop, surveyId);
  return { survey, results: await surveyResults(app.db.prisma, shop.id, survey, query) };
}

/** The responses CSV for a console download link: the route streams `body` with `headers`. */
export async function surveyResultsCsv(app: AppContext, shop: Shop, request: Request, surveyId: string) {
  const query = parseWith(surveyResultsQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return surveyCsvDownload(app.db.prisma, shop.id, await requireSurvey(app, shop, surveyId), query.lang);
}
