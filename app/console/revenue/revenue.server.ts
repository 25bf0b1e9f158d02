import { z } from "zod";
import type { AppContext } from "~/app-context";
import { parseWith } from "~/http/body";
import { attributionWindowDays } from "~/revenue/orders.server";
import { revenueSummary, type RevenueSummary } from "~/revenue/summary.server";
import type { ShopSettings } from "~/shops/settings";
import { getShopSettings, updateShopSettings } from "~/shops/settings.server";
import { pageRange, type PageRange } from "../page-range";

export interface RevenuePageData {
  summary: RevenueSummary;
  query: PageRange["query"];
  error: PageRange["error"];
  settings: { holdoutPercent: number; attributionWindowDays: number };
}

export async function loadRevenue(app: AppContext, shop: { id: string }, request: Request, now = new Date()): Promise<RevenuePageData> {
  const { range, query, error } = pageRange(Object.fromEntries(new URL(request.url).searchParams), now);
  const [summary, settings] = await Promise.all([revenueSummary(app.db.prisma, shop.id, range), getShopSettings(app.db.prisma, shop.id)]);
  return {
    summary,
    query,
    error,
    settings: measurementOf(settings),
  };
}

function measurementOf(settings: ShopSettings): RevenuePageData["settings"] {
  return { holdoutPercent: settings.holdoutPercent ?? 0, attributionWindowDays: attributionWindowDays(settings) };
}

const measurementForm = z.object({
  holdoutPercent: z.coerce.number({ invalid_type_error: "must be a whole number from 0 to 50" }).int("must be a whole number").min(0).max(50),
  attributionWindowDays: z.coerce.number({ invalid_type_error: "must be a whole number of days from 1 to 90" }).int("must be a whole number").min(1).max(90),
});

/** The page's own form: the holdout share and the attribution window; a refused field comes back naming it. */
export async function saveMeasurement(app: AppContext, shop: { id: string }, form: FormData) {
  const values = parseWith(measurementForm, { holdoutPercent: form.get("holdoutPercent"), attributionWindowDays: form.get("attributionWindowDays") });
  const settings = await updateShopSettings(app.db.prisma, shop.id, { holdoutPercent: values.holdoutPercent === 0 ? null : values.holdoutPercent, attributionWindowDays: values.attributionWindowDays });
  return { ok: true as const, settings: measurementOf(settings) };
}
