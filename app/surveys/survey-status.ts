/** A survey is a draft (editable, not shown), the shop's one active survey, or archived (results kept, never shown). */
export const SURVEY_STATUSES = ["draft", "active", "archived"] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
