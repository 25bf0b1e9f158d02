import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { parseWith } from "~/http/body";
import { jsonResponse } from "~/http/errors";
import { listJobs } from "~/jobs/records.server";

const querySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  kind: z.string().max(60).optional(),
});

/** The shop's background jobs, newest first. */
export async function loader(args: LoaderFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const query = parseWith(querySchema, Object.fromEntries(new URL(args.request.url).searchParams));
    const result = await listJobs(db.prisma, shop.id, query);
    return jsonResponse({ page: query.page, pageSize: query.pageSize, ...result });
  });
}
