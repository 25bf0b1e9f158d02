import type { AppContext } from "~/context.server";
import { resolveRange, summaryQuerySchema } from "~/analytics/range";
import { analyticsSummary, type AnalyticsSummary } from "~/analytics/summary.server";

/**
 * The console's analytics dashboard as a function of (app, shop, request): the range comes from
 * ?from&to (YYYY-MM-DD). A page does not fail on a bad range: it shows the default range and says
 * which field was refused.
 */
export interface AnalyticsPageData {
  summary: AnalyticsSummary;
  /** What the range form shows: the dates asked for, or those of the default range. */
  query: { from: string; to: string };
  error: { field: string; message: string } | null;
}

export async function loadAnalytics(app: AppContext, shop: { id: string }, request: Request, now = new Date()): Promise<AnalyticsPageData> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = summaryQuerySchema.safeParse(params);
  let error: AnalyticsPageData["error"] = null;
  let checked = parsed.success ? resolveRange(parsed.data, now) : null;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    error = { field: String(issue.path[0] ?? "from"), message: `${String(issue.path[0] ?? "from")}: ${issue.message}` };
  } else if (checked && !checked.ok) {
    error = { field: checked.field, message: checked.message };
  }
  if (!checked?.ok) checked = resolveRange({}, now);
  if (!checked.ok) throw new Error("the default analytics range is always valid");
  const summary = await analyticsSummary(app.db.prisma, shop.id, checked.range, { top: parsed.success ? parsed.data.top : 10 });
  const lastDay = new Date(checked.range.to.getTime() - 1);
  return {
    summary,
    query: { from: checked.range.from.toISOString().slice(0, 10), to: lastDay.toISOString().slice(0, 10) },
    error,
  };
}
