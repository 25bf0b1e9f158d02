import { MAX_ANALYTICS_BODY_BYTES } from "~/analytics/event-types";
import { analyticsBatchSchema } from "~/analytics/events-schema";
import { recordWidgetEvents } from "~/analytics/events.server";
import { readValidatedJson } from "~/http/body";
import { jsonResponse } from "~/http/errors";
import type { WidgetEndpoint } from "./call";

/** POST /api/analytics/events — the widget's beacon: a batch of events for one shopper session (text/plain is fine). */
export const analyticsEventsEndpoint: WidgetEndpoint = {
  addressLimit: "public",
  async handle({ app, request, resolveShop }) {
    const batch = await readValidatedJson(request, analyticsBatchSchema, MAX_ANALYTICS_BODY_BYTES);
    const shop = await resolveShop(batch.shopPublicKey);
    const accepted = await recordWidgetEvents(app.db.prisma, { shopId: shop.id, sessionId: batch.sessionId, events: batch.events });
    return jsonResponse({ accepted }, { status: 202 });
  },
};
