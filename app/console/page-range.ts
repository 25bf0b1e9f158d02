import { rangeQuerySchema, resolveRange, type DateRange } from "~/analytics/range";

/**
 * The date range of a console report page from ?from&to (YYYY-MM-DD). A page does not fail on a
 * bad range: it shows the default range and says which field was refused.
 */
export interface PageRange {
  range: DateRange;
  /** What the range form shows: the dates asked for, or those of the default range. */
  query: { from: string; to: string };
  error: { field: string; message: string } | null;
}

export function pageRange(params: Record<string, string>, now = new Date()): PageRange {
  const parsed = rangeQuerySchema.safeParse(params);
  let error: PageRange["error"] = null;
  let checked = parsed.success ? resolveRange(parsed.data, now) : null;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    error = { field: String(issue.path[0] ?? "from"), message: `${String(issue.path[0] ?? "from")}: ${issue.message}` };
  } else if (checked && !checked.ok) {
    error = { field: checked.field, message: checked.message };
  }
  if (!checked?.ok) checked = resolveRange({}, now);
  if (!checked.ok) throw new Error("the default range is always valid");
  const lastDay = new Date(checked.range.to.getTime() - 1);
  return { range: checked.range, query: { from: checked.range.from.toISOString().slice(0, 10), to: lastDay.toISOString().slice(0, 10) }, error };
}
