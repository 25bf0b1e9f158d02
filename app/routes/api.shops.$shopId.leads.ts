import type { LoaderFunctionArgs } from "@remix-run/node";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { parseWith } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { leadListQuerySchema, leadsCsvStream, listLeads } from "~/leads/leads.server";

/** GET ?page&pageSize&from&to&status → {items, total, page, pageSize}; `?format=csv` streams every matching lead as CSV. */
export async function loader(args: LoaderFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const params = Object.fromEntries(new URL(args.request.url).searchParams);
    const { format, ...rest } = params;
    if (format !== undefined && format !== "json" && format !== "csv") throw new HttpError(422, "invalid_field", "format must be json or csv.", "format");
    const query = parseWith(leadListQuerySchema, rest);
    if (format === "csv") {
      return new Response(leadsCsvStream(db.prisma, shop.id, query), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="leads-${new Date().toISOString().slice(0, 10)}.csv"`,
          "cache-control": "no-store",
        },
      });
    }
    return jsonResponse(await listLeads(db.prisma, shop.id, query));
  });
}
