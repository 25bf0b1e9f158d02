import type { PrismaClient } from "~/generated/prisma/client";
import { daysOf, type DateRange } from "~/analytics/range";
import { compareMeans, compareProportions, type Comparison } from "./statistics";

/**
 * The Revenue page's numbers for one shop and date range, aggregated in the database (every query
 * filtered by shop and range). Money is reported per currency and never added across currencies;
 * the comparisons (chatted vs not, treatment vs control) use the shop's main currency in the range,
 * the one with the most revenue. Refunded and cancelled orders count as no revenue and no conversion.
 */
export interface CurrencyTotals {
  currency: string;
  orders: number;
  revenue: number;
  assistedOrders: number;
  assistedRevenue: number;
  influencedOrders: number;
  influencedRevenue: number;
  averageOrderValue: number | null;
}

export interface HoldoutReport {
  treatment: { visitors: number; conversions: number; revenue: number };
  control: { visitors: number; conversions: number; revenue: number };
  conversion: Comparison;
  revenuePerVisitor: Comparison;
}

export interface RevenueDay {
  date: string;
  orders: number;
  revenue: number;
  assistedRevenue: number;
}

export interface RevenueSummary {
  range: { from: string; to: string };
  mainCurrency: string | null;
  byCurrency: CurrencyTotals[];
  /** Sessions with a page view, and those of them that chatted. */
  sessions: { visitors: number; chatted: number };
  /** Orders per session: sessions that chatted vs sessions that did not (main currency). */
  conversion: { chatted: number | null; notChatted: number | null };
  /** null when no visitor in the range was assigned a holdout group. */
  holdout: HoldoutReport | null;
  series: RevenueDay[];
}

const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));

export async function revenueSummary(prisma: PrismaClient, shopId: string, range: DateRange): Promise<RevenueSummary> {
  const [currencies, sessions] = await Promise.all([currencyTotals(prisma, shopId, range), sessionCounts(prisma, shopId, range)]);
  const mainCurrency = currencies[0]?.currency ?? null;
  const [converted, holdout, series] = await Promise.all([
    convertedSessions(prisma, shopId, range, mainCurrency),
    holdoutReport(prisma, shopId, range, mainCurrency, sessions),
    revenueByDay(prisma, shopId, range, mainCurrency),
  ]);
  const notChattedVisitors = Math.max(0, sessions.visitors - sessions.chatted);
  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString() },
    mainCurrency,
    byCurrency: currencies,
    sessions: { visitors: sessions.visitors, chatted: sessions.chatted },
    conversion: {
      chatted: sessions.chatted ? converted.chatted / sessions.chatted : null,
      notChatted: notChattedVisitors ? converted.notChatted / notChattedVisitors : null,
    },
    holdout,
    series,
  };
}

async function currencyTotals(prisma: PrismaClient, shopId: string, range: DateRange): Promise<CurrencyTotals[]> {
  const rows = await prisma.$queryRaw<Record<string, unknown>[]>`
    SELECT currency, count(*)::int AS orders, sum(total) AS revenue,
           count(*) FILTER (WHERE assisted)::int AS assisted_orders, coalesce(sum(total) FILTER (WHERE assisted), 0) AS assisted_revenue,
           count(*) FILTER (WHERE influenced)::int AS influenced_orders, coalesce(sum(total) FILTER (WHERE influenced), 0) AS influenced_revenue
    FROM attributed_orders
    WHERE shop_id = ${shopId}::uuid AND placed_at >= ${range.from} AND placed_at < ${range.to} AND status = 'placed'
    GROUP BY currency
    ORDER BY sum(total) DESC, currency`;
  return rows.map((row) => ({
    currency: String(row.currency),
    orders: num(row.orders),
    revenue: num(row.revenue),
    assistedOrders: num(row.assisted_orders),
    assistedRevenue: num(row.assisted_revenue),
    influencedOrders: num(row.influenced_orders),
    influencedRevenue: num(row.influenced_revenue),
    averageOrderValue: num(row.orders) ? num(row.revenue) / num(row.orders) : null,
  }));
}

interface SessionCounts {
  visitors: number;
  chatted: number;
  /** Visitors whose page views carried each holdout group. */
  treatment: number;
  control: number;
}

/** One scan of the range's page views gives every visitor count the page needs. */
async function sessionCounts(prisma: PrismaClient, shopId: string, range: DateRange): Promise<SessionCounts> {
  const rows = await prisma.$queryRaw<{ visitors: number; treatment: number; control: number; chatted: number }[]>`
    SELECT v.visitors, v.treatment, v.control,
           (SELECT count(DISTINCT session_id)::int FROM chat_logs
             WHERE shop_id = ${shopId}::uuid AND created_at >= ${range.from} AND created_at < ${range.to}) AS chatted
    FROM (SELECT count(DISTINCT session_id)::int AS visitors,
                 count(DISTINCT session_id) FILTER (WHERE metadata->>'holdoutGroup' = 'treatment')::int AS treatment,
                 count(DISTINCT session_id) FILTER (WHERE metadata->>'holdoutGroup' = 'control')::int AS control
          FROM widget_events
          WHERE shop_id = ${shopId}::uuid AND type = 'page_view' AND created_at >= ${range.from} AND created_at < ${range.to}) v`;
  const row = rows[0];
  const chatted = num(row?.chatted);
  // A session that chatted through the API without the widget's page view still visited.
  return { visitors: Math.max(num(row?.visitors), chatted), chatted, treatment: num(row?.treatment), control: num(row?.control) };
}

async function convertedSessions(prisma: PrismaClient, shopId: string, range: DateRange, currency: string | null) {
  if (!currency) return { chatted: 0, notChatted: 0 };
  const rows = await prisma.$queryRaw<{ chatted: number; not_chatted: number }[]>`
    SELECT count(DISTINCT session_id) FILTER (WHERE assisted)::int AS chatted,
           count(DISTINCT session_id) FILTER (WHERE NOT assisted)::int AS not_chatted
    FROM attributed_orders
    WHERE shop_id = ${shopId}::uuid AND placed_at >= ${range.from} AND placed_at < ${range.to}
      AND status = 'placed' AND currency = ${currency} AND session_id IS NOT NULL`;
  return { chatted: num(rows[0]?.chatted), notChatted: num(rows[0]?.not_chatted) };
}

async function holdoutReport(prisma: PrismaClient, shopId: string, range: DateRange, currency: string | null, visitors: SessionCounts): Promise<HoldoutReport | null> {
  if (visitors.treatment === 0 && visitors.control === 0) return null;
  // Per converted session: its revenue, so revenue per visitor has a variance (visitors without an order are 0).
  const orders = currency
    ? await prisma.$queryRaw<{ grp: string; conversions: number; revenue: unknown; revenue_squares: unknown }[]>`
        WITH per_session AS (
          SELECT holdout_group AS grp, session_id, sum(total) AS revenue
          FROM attributed_orders
          WHERE shop_id = ${shopId}::uuid AND placed_at >= ${range.from} AND placed_at < ${range.to}
            AND status = 'placed' AND currency = ${currency} AND holdout_group IS NOT NULL AND session_id IS NOT NULL
          GROUP BY 1, 2)
        SELECT grp, count(*)::int AS conversions, sum(revenue) AS revenue, sum(revenue * revenue) AS revenue_squares
        FROM per_session GROUP BY grp`
    : [];
  const group = (name: "treatment" | "control") => {
    const seen = visitors[name];
    const bought = orders.find((row) => row.grp === name);
    // Orders can name a session whose page views fell outside the range: never more buyers than visitors.
    const conversions = Math.min(num(bought?.conversions), seen);
    return { visitors: seen, conversions, revenue: num(bought?.revenue), revenueSquares: num(bought?.revenue_squares) };
  };
  const treatment = group("treatment");
  const control = group("control");
  return {
    treatment: { visitors: treatment.visitors, conversions: treatment.conversions, revenue: treatment.revenue },
    control: { visitors: control.visitors, conversions: control.conversions, revenue: control.revenue },
    conversion: compareProportions(
      { visitors: treatment.visitors, conversions: treatment.conversions },
      { visitors: control.visitors, conversions: control.conversions },
    ),
    revenuePerVisitor: compareMeans(
      { visitors: treatment.visitors, sum: treatment.revenue, sumOfSquares: treatment.revenueSquares },
      { visitors: control.visitors, sum: control.revenue, sumOfSquares: control.revenueSquares },
    ),
  };
}

async function revenueByDay(prisma: PrismaClient, shopId: string, range: DateRange, currency: string | null): Promise<RevenueDay[]> {
  const rows = currency
    ? await prisma.$queryRaw<{ day: string; orders: number; revenue: unknown; assisted_revenue: unknown }[]>`
        SELECT to_char(placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS orders, sum(total) AS revenue,
               coalesce(sum(total) FILTER (WHERE assisted), 0) AS assisted_revenue
        FROM attributed_orders
        WHERE shop_id = ${shopId}::uuid AND placed_at >= ${range.from} AND placed_at < ${range.to} AND status = 'placed' AND currency = ${currency}
        GROUP BY 1`
    : [];
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return daysOf(range).map((date) => {
    const row = byDay.get(date);
    return { date, orders: num(row?.orders), revenue: num(row?.revenue), assistedRevenue: num(row?.assisted_revenue) };
  });
}
