import { parseSse } from "~/chat/sse";

export interface TimedEvent {
  event: string;
  data: any;
  at: number;
}

/** Reads an SSE response as it arrives, stamping each event with ms since `started`. */
export async function readEventStream(response: Response, started: number): Promise<TimedEvent[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: TimedEvent[] = [];
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const end = buffer.lastIndexOf("\n\n");
    if (end < 0) continue;
    const now = performance.now() - started;
    for (const parsed of parseSse(buffer.slice(0, end + 2))) events.push({ ...parsed, at: now });
    buffer = buffer.slice(end + 2);
  }
  return events;
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
