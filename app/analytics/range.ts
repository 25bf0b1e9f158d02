import { z } from "zod";

/**
 * The date range of an analytics query, in UTC. A date (`2026-11-01`) means the whole day: `from`
 * starts at its midnight and `to` includes it (the range ends at the next midnight); an ISO
 * date-time is taken as the exact instant. Without `to` the range ends now, without `from` it
 * starts 30 days before `to`.
 */
export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

export interface DateRange {
  from: Date;
  /** Exclusive. */
  to: Date;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const dateParam = z
  .string()
  .trim()
  .refine((value) => (DATE_ONLY.test(value) || /^\d{4}-\d{2}-\d{2}T/.test(value)) && Number.isFinite(Date.parse(value)), {
    message: "must be a date (YYYY-MM-DD) or an ISO date-time",
  });

export const rangeQuerySchema = z.object({ from: dateParam.optional(), to: dateParam.optional() });

/** The summary's query string, shared by the JSON API and the console page. */
export const summaryQuerySchema = rangeQuerySchema.extend({ top: z.coerce.number().int().min(1).max(50).default(10) });

export type RangeCheck = { ok: true; range: DateRange } | { ok: false; field: "from" | "to"; message: string };

export function resolveRange(query: { from?: string; to?: string }, now = new Date()): RangeCheck {
  const to = query.to ? (DATE_ONLY.test(query.to) ? new Date(Date.parse(query.to) + DAY_MS) : new Date(query.to)) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (from >= to) return { ok: false, field: "from", message: "from: must be before to" };
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    return { ok: false, field: "to", message: `to: the range may span at most ${MAX_RANGE_DAYS} days` };
  }
  return { ok: true, range: { from, to } };
}

/** Every UTC day the range touches, as YYYY-MM-DD. */
export function daysOf(range: DateRange): string[] {
  const days: string[] = [];
  for (let t = Math.floor(range.from.getTime() / DAY_MS) * DAY_MS; t < range.to.getTime(); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
