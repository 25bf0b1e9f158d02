import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { parseWith, readValidatedJson } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { surveyInputSchema } from "~/surveys/questions";
import { surveyListQuerySchema } from "~/surveys/queries";
import { createSurvey, listSurveys } from "~/surveys/surveys.server";

const MAX_BODY_BYTES = 64 * 1024;

/** GET: the shop's surveys, paged, optionally by status (draft, active, archived). */
export function loader(args: LoaderFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const query = parseWith(surveyListQuerySchema, Object.fromEntries(new URL(args.request.url).searchParams));
    const result = await listSurveys(db.prisma, shop.id, query);
    return jsonResponse({ page: query.page, pageSize: query.pageSize, ...result });
  });
}

/** POST {title: {en, ru…}, questions, urlPattern?} creates a draft survey. */
export function action(args: ActionFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    if (args.request.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST to create a survey.", undefined, { allow: "GET, POST" });
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const input = await readValidatedJson(args.request, surveyInputSchema, MAX_BODY_BYTES);
    return jsonResponse({ survey: await createSurvey(db.prisma, shop.id, input) }, { status: 201 });
  });
}
