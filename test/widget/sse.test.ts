import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSseParser, parseSse } from "../../widget/src/chat/sse";

const collect = async (body: ReadableStream<Uint8Array>) => {
  const events = [];
  for await (const event of parseSse(body)) events.push(event);
  return events;
};

const streamOf = (...chunks: (string | Uint8Array)[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
      controller.close();
    },
  });

describe("widget SSE parser", () => {
  it("parses events, multi-line data, comments and the single leading space", () => {
    const parser = createSseParser();
    const events = parser.push(': keep-alive\n\nevent: token\ndata: {"text":"a"}\n\nevent: done\ndata:line1\ndata:  line2\nid: 7\n\n');
    expect(events).toEqual([
      { event: "token", data: '{"text":"a"}' },
      { event: "done", data: "line1\n line2", id: "7" },
    ]);
  });

  it("handles CRLF and CR line endings, including a CRLF split across chunks", () => {
    const parser = createSseParser();
    expect(parser.push("event: a\r\ndata: 1\r")).toEqual([]);
    expect(parser.push("\n\r\nevent: b\rdata: 2\r\r")).toEqual([{ event: "a", data: "1" }]);
    // The trailing CR could still become CRLF; the end of the stream settles it.
    expect(parser.push("", true)).toEqual([{ event: "b", data: "2" }]);
  });

  it("reassembles UTF-8 split inside a character and events split anywhere", async () => {
    const bytes = new TextEncoder().encode('event: token\ndata: {"text":"Привет"}\n\nevent: done\ndata: {}\n\n');
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.slice(i, i + 1));
    const events = await collect(streamOf(...chunks));
    expect(events.map((e) => e.event)).toEqual(["token", "done"]);
    expect(JSON.parse(events[0].data).text).toBe("Привет");
  });

  it("delivers a last event that lacks the final blank line and ignores events without data", async () => {
    const events = await collect(streamOf("event: ping\n\nevent: done\ndata: {}"));
    expect(events).toEqual([{ event: "done", data: "{}" }]);
  });

  describe("against a streaming HTTP server", () => {
    let server: http.Server;
    let url: string;
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        const frames = ['event: sources\ndata: {"sources":[]}\n\n', 'event: token\ndata: {"text":"Hel"}\n\n', 'event: token\ndata: {"text":"lo"}\n\n', 'event: done\ndata: {"answer":"Hello"}\n\n'];
        let i = 0;
        const timer = setInterval(() => {
          res.write(frames[i++]);
          if (i === frames.length) {
            clearInterval(timer);
            res.end();
          }
        }, 20);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("yields each event as it arrives", async () => {
      const response = await fetch(url, { method: "POST" });
      const seen: { event: string; at: number }[] = [];
      const start = Date.now();
      for await (const event of parseSse(response.body!)) seen.push({ event: event.event, at: Date.now() - start });
      expect(seen.map((s) => s.event)).toEqual(["sources", "token", "token", "done"]);
      // Streamed, not buffered: the first token is seen well before the end.
      expect(seen[3].at - seen[1].at).toBeGreaterThanOrEqual(20);
    });
  });
});
