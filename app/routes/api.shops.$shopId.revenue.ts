import type { LoaderFunctionArgs } from "@remix-run/node";
import { rangeQuerySchema, resolveRange } from "~/analytics/range";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { parseWith } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { revenueSummary } from "~/revenue/summary.server";

/** GET ?from&to: assisted and influenced orders and revenue, conversion, and the holdout comparison. */
export function loader(args: LoaderFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const checked = resolveRange(parseWith(rangeQuerySchema, Object.fromEntries(new URL(args.request.url).searchParams)));
    if (!checked.ok) throw new HttpError(422, "invalid_field", checked.message, checked.field);
    return jsonResponse(await revenueSummary(db.prisma, shop.id, checked.range));
  });
}
