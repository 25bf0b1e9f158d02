import type { ChatEvent } from "./events";

const encoder = new TextEncoder();

/** One Server-Sent Event; multi-line data is split so no payload line can end the event early. */
export function sseFrame(event: string, data: unknown): string {
  const json = JSON.stringify(data);
  return `event: ${event}\n${json.split("\n").map((line) => `data: ${line}`).join("\n")}\n\n`;
}

export function chatEventFrame(event: ChatEvent): string {
  switch (event.type) {
    case "sources":
      return sseFrame("sources", { sources: event.sources });
    case "token":
      return sseFrame("token", { text: event.text });
    case "lead":
      return sseFrame("lead", { collectedData: event.collectedData });
    case "done":
      return sseFrame("done", event.reply);
    case "error":
      return sseFrame("error", { code: event.code, message: event.message });
  }
}

export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
  connection: "keep-alive",
};

/**
 * A streaming body that pulls the next event only when the client is ready for it, and stops
 * the turn (and with it the model request) when the client goes away.
 */
export function eventStream(events: AsyncIterable<ChatEvent>, onError: (error: unknown) => ChatEvent): ReadableStream<Uint8Array> {
  const iterator = events[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(chatEventFrame(next.value)));
      } catch (error) {
        controller.enqueue(encoder.encode(chatEventFrame(onError(error))));
        controller.close();
      }
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}

/** Parses an SSE body back into events (tests and tools). */
export function parseSse(text: string): Array<{ event: string; data: any }> {
  return text
    .split(/\n\n/)
    .filter((block) => block.trim())
    .map((block) => {
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      return { event, data: JSON.parse(data.join("\n")) };
    });
}
