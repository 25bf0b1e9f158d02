import { z } from "zod";

/**
 * Query parameters every console list shares: page and pageSize, and a date range. `from`/`to`
 * accept a date (2026-11-01, a whole day in UTC) or a full ISO timestamp; `to` is inclusive of its day.
 */
const dateParam = (endOfDay: boolean) =>
  z
    .string()
    .trim()
    .max(40)
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
      const date = new Date(dayOnly ? `${value}T00:00:00.000Z` : value);
      if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must be a date (YYYY-MM-DD) or an ISO timestamp" });
        return z.NEVER;
      }
      return dayOnly && endOfDay ? new Date(date.getTime() + 86_400_000) : date;
    });

export const listQueryShape = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  from: dateParam(false),
  to: dateParam(true),
};

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
