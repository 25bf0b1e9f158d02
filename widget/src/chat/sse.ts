/**
 * Server-sent events from a fetch() body. EventSource cannot POST, so the chat stream is read
 * by hand: this follows the HTML spec's parsing rules (any line ending, multi-line data, comments,
 * a field's single leading space) for the parts a one-shot stream uses.
 */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = createSseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const events = done ? parser.push(decoder.decode(), true) : parser.push(decoder.decode(value, { stream: true }));
      for (const event of events) yield event;
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Incremental parser: feed it text as it arrives, get back the events it completed. */
export function createSseParser() {
  let buffer = "";
  let event = "";
  let data: string[] = [];
  let id: string | undefined;

  const line = (text: string, out: SseEvent[]) => {
    if (text === "") {
      if (data.length) out.push({ event: event || "message", data: data.join("\n"), ...(id !== undefined ? { id } : {}) });
      event = "";
      data = [];
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id" && !value.includes("\0")) id = value;
  };

  return {
    push(text: string, end = false): SseEvent[] {
      buffer += text;
      const out: SseEvent[] = [];
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== "\n" && c !== "\r") continue;
        // A CR at the very end may be the first half of CRLF: wait for the next chunk.
        if (c === "\r" && i === buffer.length - 1 && !end) break;
        line(buffer.slice(start, i), out);
        if (c === "\r" && buffer[i + 1] === "\n") i++;
        start = i + 1;
      }
      buffer = buffer.slice(start);
      // A stream that ends without the final blank line still delivers its last event.
      if (end) {
        if (buffer) line(buffer, out);
        buffer = "";
        line("", out);
      }
      return out;
    },
  };
}
