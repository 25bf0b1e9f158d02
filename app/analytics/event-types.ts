/**
 * Every analytics event the storefront widget may send. Shared by the widget bundle and the API so
 * an event the server would refuse cannot be emitted by accident (it is a compile error instead).
 */
export const WIDGET_EVENT_TYPES = [
  "widget_init",
  "page_view",
  "widget_toggle",
  "quick_prompt_click",
  "feedback_vote",
  "survey_shown",
  "survey_submitted",
  "survey_dismissed",
  "message_sent",
  "message_received",
  "session_duration",
  "page_hidden",
  "page_visible",
  "add_to_cart",
  "product_click",
] as const;

export type WidgetEventType = (typeof WIDGET_EVENT_TYPES)[number];

export const MAX_EVENTS_PER_BATCH = 50;
/** Serialized size of one event's metadata: enough for ids, URLs and durations, not for payloads. */
export const MAX_EVENT_METADATA_BYTES = 2_048;
export const MAX_ANALYTICS_BODY_BYTES = 64 * 1024;
