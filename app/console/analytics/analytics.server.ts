import type { AppContext } from "~/app-context";
import { summaryQuerySchema } from "~/analytics/range";
import { analyticsSummary, type AnalyticsSummary } from "~/analytics/summary.server";
import { pageRange, type PageRange } from "../page-range";

/** The console's analytics dashboard as a function of (app, shop, request): the range comes from ?from&to (YYYY-MM-DD). */
export interface AnalyticsPageData {
  summary: AnalyticsSummary;
  query: PageRange["query"];
  error: PageRange["error"];
}

export async function loadAnalytics(app: AppContext, shop: { id: string }, request: Request, now = new Date()): Promise<AnalyticsPageData> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { range, query, error } = pageRange(params, now);
  const top = summaryQuerySchema.shape.top.safeParse(params.top);
  const summary = await analyticsSummary(app.db.prisma, shop.id, range, { top: top.success ? top.data : 10 });
  return { summary, query, error };
}
