import { HANDOFF_JOB_KIND } from "~/handoff/delivery.server";
import { HANDOFF_BODY_MAX_BYTES, handoffRequestSchema, recordHandoffRequest } from "~/handoff/handoff.server";
import { readValidatedJson } from "~/http/body";
import { jsonResponse } from "~/http/errors";
import { enforceRateLimits } from "~/http/rate-limit.server";
import { enqueueJob } from "~/jobs/queue.server";
import type { WidgetEndpoint } from "./call";

// A person reads every one of these: a few per session, a bounded number per shop.
const PER_SESSION = 5;
const PER_SHOP = 120;

/**
 * POST /api/handoff {shopPublicKey, sessionId, name?, email?, phone?, message?, pageUrl?} — the
 * widget's "talk to a person" form. Stored as the session's lead, then forwarded to the merchant
 * (email and/or signed webhook) by a background job, retried with backoff. 202: forwarding
 * happens after the answer.
 */
export const handoffEndpoint: WidgetEndpoint = {
  addressLimit: "public",
  async handle({ app, request, resolveShop }) {
    const body = await readValidatedJson(request, handoffRequestSchema, HANDOFF_BODY_MAX_BYTES);
    const shop = await resolveShop(body.shopPublicKey);
    const { windowMs } = app.config.rateLimits;
    await enforceRateLimits(app.db.prisma, [
      { key: `handoff:session:${shop.id}:${body.sessionId}`, limit: PER_SESSION, windowMs },
      { key: `handoff:shop:${shop.id}`, limit: PER_SHOP, windowMs },
    ]);
    const lead = await recordHandoffRequest(app.db.prisma, shop.id, body);
    // On the job queue: retried with backoff, and it survives a restart.
    await enqueueJob(app, { shopId: shop.id, kind: HANDOFF_JOB_KIND, input: { shopId: shop.id, leadId: lead.id }, singletonKey: `handoff:${lead.id}` });
    return jsonResponse({ ok: true, leadId: lead.id }, { status: 202 });
  },
};
