import { z } from "zod";
import { UUID_PATTERN } from "~/uuid";
import { MAX_EVENT_METADATA_BYTES, MAX_EVENTS_PER_BATCH, WIDGET_EVENT_TYPES } from "./event-types";

const pageUrl = z
  .string()
  .max(2_048)
  .refine((value) => /^https?:\/\//i.test(value), { message: "must be an http(s) URL" });

const metadata = z
  .record(z.unknown())
  .refine((value) => Buffer.byteLength(JSON.stringify(value), "utf8") <= MAX_EVENT_METADATA_BYTES, {
    message: `must serialize to at most ${MAX_EVENT_METADATA_BYTES} bytes`,
  });

/**
 * How far a shopper's clock may be from the server's: a beacon can be held back offline for weeks,
 * a device clock can run a day or two fast; anything else (1999, 2100) would skew every chart.
 */
export const OCCURRED_AT_MAX_AGE_MS = 30 * 24 * 3_600_000;
export const OCCURRED_AT_MAX_AHEAD_MS = 48 * 3_600_000;

/** Browsers send either an ISO string or epoch milliseconds; both become a Date, inside the window above. */
const occurredAt = z
  .union([z.string().datetime({ offset: true }), z.number().int().nonnegative()])
  .transform((value) => new Date(value))
  .refine(
    (date) => {
      const now = Date.now();
      return date.getTime() >= now - OCCURRED_AT_MAX_AGE_MS && date.getTime() <= now + OCCURRED_AT_MAX_AHEAD_MS;
    },
    { message: "must be within the last 30 days and at most 48 hours ahead of the server's clock" },
  );

export const widgetEventSchema = z.object({
  type: z.enum(WIDGET_EVENT_TYPES, { errorMap: () => ({ message: `must be one of ${WIDGET_EVENT_TYPES.join(", ")}` }) }),
  occurredAt,
  pageUrl: pageUrl.optional(),
  metadata: metadata.optional(),
});

export const analyticsBatchSchema = z.object({
  shopPublicKey: z.string().regex(UUID_PATTERN, "must be the shop's public key (a UUID)"),
  sessionId: z.string().regex(UUID_PATTERN, "must be a UUID"),
  events: z.array(widgetEventSchema).min(1, "must contain at least one event").max(MAX_EVENTS_PER_BATCH),
});

export type AnalyticsBatch = z.output<typeof analyticsBatchSchema>;
export type WidgetEventInput = z.output<typeof widgetEventSchema>;
