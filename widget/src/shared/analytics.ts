import { MAX_EVENTS_PER_BATCH, type WidgetEventType } from "../../../app/analytics/event-types";
import { analyticsAllowed } from "./consent";

export type Track = (type: WidgetEventType, metadata?: Record<string, unknown>) => void;

interface QueuedEvent {
  type: WidgetEventType;
  occurredAt: number;
  pageUrl?: string;
  metadata: Record<string, unknown>;
}

const FLUSH_DELAY_MS = 4_000;

/**
 * Batches events and ships them with sendBeacon (survives page unload, no CORS preflight since the
 * body is text/plain); fetch keepalive is the fallback when the beacon is refused or missing.
 */
export function createTracker(endpoint: string, shopPublicKey: string, sessionId: string, language: string) {
  const queue: QueuedEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    // Consent withdrawn meanwhile (Shopify's Customer Privacy API): what was queued is dropped.
    if (!analyticsAllowed()) queue.length = 0;
    while (queue.length) {
      const events = queue.splice(0, MAX_EVENTS_PER_BATCH);
      const body = JSON.stringify({ shopPublicKey, sessionId, events });
      let sent = false;
      try {
        sent = typeof navigator.sendBeacon === "function" && navigator.sendBeacon(endpoint, body);
      } catch {
        sent = false;
      }
      if (!sent) {
        fetch(endpoint, { method: "POST", body, keepalive: true, headers: { "content-type": "text/plain" } }).catch(() => {});
      }
    }
  };

  const track: Track = (type, metadata = {}) => {
    if (!analyticsAllowed()) return;
    const url = location.href;
    queue.push({
      type,
      occurredAt: Date.now(),
      pageUrl: /^https?:/.test(url) ? url.slice(0, 2000) : undefined,
      metadata: { language, ...metadata },
    });
    if (queue.length >= 20) flush();
    else timer ??= setTimeout(flush, FLUSH_DELAY_MS);
  };

  return { track, flush };
}
