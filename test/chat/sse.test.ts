import { describe, expect, it } from "vitest";
import type { ChatEvent } from "~/chat/events";
import { eventStream, parseSse, sseFrame } from "~/chat/sse";

describe("SSE framing", () => {
  it("frames events with a name and one JSON data line per line", () => {
    expect(sseFrame("token", { text: "a\nb" })).toBe('event: token\ndata: {"text":"a\\nb"}\n\n');
  });

  it("streams events in order and ends with an error event when the turn throws", async () => {
    async function* turn(): AsyncGenerator<ChatEvent> {
      yield { type: "sources", sources: [] };
      yield { type: "token", text: "Hi " };
      throw new Error("db down");
    }
    const body = eventStream(turn(), () => ({ type: "error", code: "chat_failed", message: "Sorry" }));
    const text = await new Response(body).text();
    expect(parseSse(text)).toEqual([
      { event: "sources", data: { sources: [] } },
      { event: "token", data: { text: "Hi " } },
      { event: "error", data: { code: "chat_failed", message: "Sorry" } },
    ]);
  });
});
