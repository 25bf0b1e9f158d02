import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { rangeQuerySchema, resolveRange } from "~/analytics/range";
import { analyticsSummary } from "~/analytics/summary.server";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { parseWith } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";

const querySchema = rangeQuerySchema.extend({ top: z.coerce.number().int().min(1).max(50).default(10) });

/** GET ?from&to&top: the shop's dashboard (totals, per-day series, top questions, knowledge gaps). */
export function loader(args: LoaderFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const query = parseWith(querySchema, Object.fromEntries(new URL(args.request.url).searchParams));
    const checked = resolveRange(query);
    if (!checked.ok) throw new HttpError(422, "invalid_field", checked.message, checked.field);
    return jsonResponse(await analyticsSummary(db.prisma, shop.id, checked.range, { top: query.top }));
  });
}
