import { parseSse } from "./sse";

export interface Source {
  type: "product" | "faq" | "policy" | "page";
  id: string;
  title: string;
  url?: string;
  price?: string;
  image?: string;
  currency?: string;
  /** Products on sale: the numeric variant id Shopify's cart takes (`id` is the product's). */
  variantId?: string;
}

export interface ChatRecord {
  answer: string;
  sources: Source[];
  collectedData?: Record<string, unknown> | null;
  language?: string;
  messageId?: string;
  conversationId?: string;
  /** Offer the "leave your contacts for a person" form. */
  handoff?: boolean;
  sessionIdleHours?: number;
}

export interface StreamHandlers {
  onSources(sources: Source[]): void;
  onToken(text: string): void;
  onLead(collected: Record<string, unknown>): void;
}

/** A failed request the shopper may retry; retryAfter (seconds) when the server rate-limited us. */
export class ChatError extends Error {
  constructor(message: string, readonly status?: number, readonly retryAfter?: number) {
    super(message);
  }
}

export interface ChatRequest {
  shopPublicKey: string;
  sessionId: string;
  message: string;
  lang: string;
  page: { url: string; title: string };
}

async function errorFrom(response: Response): Promise<ChatError> {
  let message = `HTTP ${response.status}`;
  try {
    const body = await response.json();
    if (body?.error?.message) message = body.error.message;
  } catch {
    // not JSON: keep the status
  }
  const retryAfter = Number(response.headers.get("retry-after")) || undefined;
  return new ChatError(message, response.status, retryAfter);
}

const asObject = (data: string): Record<string, any> => {
  try {
    const parsed = JSON.parse(data);
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    return {};
  }
};

const sourcesOf = (value: unknown): Source[] => (Array.isArray(value) ? value.filter((s) => s && typeof s.title === "string") : []);

/** POSTs the question and streams the answer; resolves with the complete record (event `done`). */
export async function streamChat(apiBase: string, request: ChatRequest, handlers: StreamHandlers, signal: AbortSignal): Promise<ChatRecord> {
  const response = await fetch(`${apiBase}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(request),
    signal,
  });
  if (!response.ok) throw await errorFrom(response);

  if (!response.headers.get("content-type")?.includes("text/event-stream") || !response.body) {
    const record = (await response.json()) as ChatRecord;
    const sources = sourcesOf(record.sources);
    handlers.onSources(sources);
    if (record.collectedData && Object.keys(record.collectedData).length) handlers.onLead(record.collectedData);
    return { ...record, sources };
  }

  let sources: Source[] = [];
  let text = "";
  for await (const { event, data } of parseSse(response.body)) {
    const payload = asObject(data);
    if (event === "sources") {
      sources = sourcesOf(payload.sources ?? payload);
      handlers.onSources(sources);
    } else if (event === "token") {
      const piece = typeof payload.text === "string" ? payload.text : "";
      text += piece;
      handlers.onToken(piece);
    } else if (event === "lead") {
      handlers.onLead((payload.collectedData ?? payload) as Record<string, unknown>);
    } else if (event === "done") {
      const record = payload as ChatRecord;
      return { ...record, answer: typeof record.answer === "string" ? record.answer : text, sources: record.sources ? sourcesOf(record.sources) : sources };
    } else if (event === "error") {
      throw new ChatError(typeof payload.message === "string" ? payload.message : "stream error");
    }
  }
  // The connection closed without `done`: keep what arrived, but tell the shopper it is incomplete.
  throw new ChatError("the answer was interrupted");
}

export function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

export async function sendFeedback(apiBase: string, body: { shopPublicKey: string; sessionId: string; messageId: string; vote: "up" | "down" }) {
  const response = await postJson(`${apiBase}/api/chat/feedback`, body);
  if (!response.ok) throw await errorFrom(response);
}

export interface SurveyQuestion {
  id: string;
  type: "rating" | "nps" | "single" | "multiple" | "text";
  text: string;
  required: boolean;
  options?: { value: string; label: string }[];
  scale?: { min: number; max: number };
}

export interface Survey {
  id: string;
  title: string;
  questions: SurveyQuestion[];
}

/** The survey in the page's language, if the shop's active survey targets this page (its path decides; the query and hash are left out so the answer caches per page). */
export async function fetchActiveSurvey(apiBase: string, shopPublicKey: string, lang: string, pageUrl: string): Promise<Survey | null> {
  const query = new URLSearchParams({ shopPublicKey, lang, url: pageUrl });
  const response = await fetch(`${apiBase}/api/surveys/active?${query}`);
  if (!response.ok) return null;
  const body = await response.json();
  return body?.survey ?? null;
}

export async function submitSurvey(
  apiBase: string,
  surveyId: string,
  body: { shopPublicKey: string; sessionId: string; answers: Record<string, unknown>; metadata: Record<string, unknown> },
) {
  const response = await postJson(`${apiBase}/api/surveys/${encodeURIComponent(surveyId)}/responses`, body);
  if (!response.ok) throw await errorFrom(response);
}

export async function sendHandoff(
  apiBase: string,
  body: { shopPublicKey: string; sessionId: string; name?: string; email?: string; phone?: string; message?: string; pageUrl: string },
) {
  const response = await postJson(`${apiBase}/api/handoff`, body);
  if (!response.ok) throw await errorFrom(response);
}

/** Shopify's AJAX cart takes a variant's number (a product source's `variantId`), never a product id. */
export async function addToShopifyCart(variantId: string): Promise<void> {
  // Shopify Markets may prefix paths with a locale (routes.root, e.g. "/en/").
  const root = (window as { Shopify?: { routes?: { root?: string } } }).Shopify?.routes?.root ?? "/";
  const response = await postJson(`${root}cart/add.js`, { items: [{ id: Number(variantId), quantity: 1 }] });
  if (!response.ok) throw await errorFrom(response);
}
