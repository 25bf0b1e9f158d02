import type { LoaderFunctionArgs } from "@remix-run/node";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { HttpError, jsonResponse } from "~/http/errors";
import { findJob } from "~/jobs/records.server";

/** One background job of the shop: state, progress, errors and result. Another shop's is a 404. */
export async function loader(args: LoaderFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const job = await findJob(db.prisma, shop.id, args.params.jobId ?? "");
    if (!job) throw new HttpError(404, "job_not_found", `No job with id ${args.params.jobId ?? ""} in this shop.`, "jobId");
    return jsonResponse(job, { headers: { "cache-control": "no-store" } });
  });
}
