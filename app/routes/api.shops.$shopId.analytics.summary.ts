import type { LoaderFunctionArgs } from "@remix-run/node";
import { resolveRange, summaryQuerySchema } from "~/analytics/range";
import { analyticsSummary } from "~/analytics/summary.server";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { parseWith } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";

/** GET ?from&to&top: the shop's dashboard (totals, per-day series, top questions, knowledge gaps). */
export function loader(args: LoaderFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const query = parseWith(summaryQuerySchema, Object.fromEntries(new URL(args.request.url).searchParams));
    const checked = resolveRange(query);
    if (!checked.ok) throw new HttpError(422, "invalid_field", checked.message, checked.field);
    return jsonResponse(await analyticsSummary(db.prisma, shop.id, checked.range, { top: query.top }));
  });
}
