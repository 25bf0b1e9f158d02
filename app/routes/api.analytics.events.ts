import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { MAX_ANALYTICS_BODY_BYTES } from "~/analytics/event-types";
import { analyticsBatchSchema } from "~/analytics/events-schema";
import { recordWidgetEvents } from "~/analytics/events.server";
import { publicRoute, requireShopByPublicKey } from "~/http/public-route.server";
import { readValidatedJson } from "~/http/body";
import { jsonResponse } from "~/http/errors";

/** What the route guard (app/http/route-guard.ts) lets through; other methods get 405 with Allow. */
export const allowedMethods = ["POST"];

/** The widget's analytics beacon: a batch of events for one shopper session (text/plain is fine). */
export function action(args: ActionFunctionArgs) {
  return publicRoute(args, ["POST"], async (app) => {
    const batch = await readValidatedJson(args.request, analyticsBatchSchema, MAX_ANALYTICS_BODY_BYTES);
    const shop = await requireShopByPublicKey(app, batch.shopPublicKey);
    const accepted = await recordWidgetEvents(app.db.prisma, { shopId: shop.id, sessionId: batch.sessionId, events: batch.events });
    return jsonResponse({ accepted }, { status: 202 });
  });
}

export function loader(args: LoaderFunctionArgs) {
  return publicRoute(args, ["POST"], async () => jsonResponse({}));
}
