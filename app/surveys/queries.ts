import { z } from "zod";
import { SURVEY_STATUSES } from "./survey-status";

/** Query strings of the survey list and results, shared by the JSON API and the console pages. */
export const surveyListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(SURVEY_STATUSES).optional(),
});

export const surveyResultsQuerySchema = z.object({
  lang: z.string().regex(/^[a-z]{2}$/, "must be a two-letter language code").optional(),
  textPage: z.coerce.number().int().min(1).default(1),
  textPageSize: z.coerce.number().int().min(1).max(100).default(20),
  format: z.enum(["json", "csv"]).default("json"),
});

export type SurveyListQuery = z.output<typeof surveyListQuerySchema>;
export type SurveyResultsQuery = z.output<typeof surveyResultsQuerySchema>;
