import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";

/**
 * Issue 16, items 1, 4, 12 and 18 against the production build on a real socket: a chat message
 * built to backtrack, long request paths in the request log, a deeply nested JSON body, and a
 * client that drops mid-body.
 */

const catalog = {
  products: [{ id: "p-1", name: "Alpine Down Jacket", description: "Warm goose down jacket for winter.", price: 100, url: "/products/jacket" }],
  faq: [{ id: "faq-1", question: "How do I track my order?", answer: "Use the order number from your confirmation email." }],
};

/** Every JSON log line the app writes while `run` runs (the build logs to this process's stdout/stderr). */
async function logsDuring(run: () => Promise<void>): Promise<{ entries: Array<Record<string, unknown>>; raw: string }> {
  const lines: string[] = [];
  const keep = (chunk: unknown) => (lines.push(String(chunk)), true);
  vi.spyOn(process.stdout, "write").mockImplementation(keep);
  vi.spyOn(process.stderr, "write").mockImplementation(keep);
  const level = process.env.PALOMPY_LOG_LEVEL;
  process.env.PALOMPY_LOG_LEVEL = "info";
  try {
    await run();
  } finally {
    process.env.PALOMPY_LOG_LEVEL = level;
    vi.restoreAllMocks();
  }
  const raw = lines.join("");
  const entries = raw
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { entries, raw };
}

describe("abuse at the HTTP boundary (issue 16)", () => {
  let app: TestApp;
  let shop: { id: string; publicKey: string };

  beforeAll(async () => {
    app = await startTestApp({ SHOPIFY_API_KEY: undefined, SHOPIFY_API_SECRET: undefined });
    shop = await app.createShop("Abused shop");
    expect((await app.admin(`/api/shops/${shop.id}/data?wait=true`, { method: "POST", body: JSON.stringify(catalog) })).status).toBe(200);
  });
  afterAll(() => app?.close());
  afterEach(() => vi.restoreAllMocks());

  describe("item 1: a chat message built to backtrack answers like any other", () => {
    // The bug held the process for ~an hour at this length (10.9 s at 456 characters). These are
    // bounds against a freeze, far above a normal turn, not a benchmark (bench/sections/abuse.ts).
    const attacks: Array<[string, string]> = [
      // Ends with a letter: the message is trimmed, so trailing spaces alone never reach the patterns.
      ["order + spaces + x", `order${" ".repeat(1_994)}x`],
      ["«заказ» + non-breaking spaces + x", `заказ${"\u00a0".repeat(1_994)}x`],
      ["order + tabs + x", `order${"\t".repeat(1_994)}x`],
    ];
    for (const [name, message] of attacks) {
      it(`${name} (2,000 characters): the chat answers and /healthz stays responsive meanwhile`, async () => {
        expect(message).toHaveLength(2_000);
        const chat = fetch(`${app.url}/api/chat`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId: crypto.randomUUID(), message }),
          signal: AbortSignal.timeout(20_000),
        });
        const health = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
        expect(health.status).toBe(200);
        const response = await chat;
        expect(response.status).toBe(200);
        expect(((await response.json()) as { answer: string }).answer.length).toBeGreaterThan(0);
      });
    }

    it("the same message streamed (text/event-stream) ends with a done event", async () => {
      const response = await fetch(`${app.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId: crypto.randomUUID(), message: `order${" ".repeat(1_994)}x` }),
        signal: AbortSignal.timeout(20_000),
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/event: done/);
    });
  });

  describe("item 4: long request paths", () => {
    it("20 requests with a 16,000-character path are answered and logged with the path cut to 512 characters", async () => {
      // Letters and dots only: the old email pattern rescanned the rest of such a run at every position.
      const path = `/${"a.".repeat(7_999)}b`;
      expect(path).toHaveLength(16_000);
      const { entries: logs } = await logsDuring(async () => {
        const statuses = await Promise.all(Array.from({ length: 20 }, () => fetch(`${app.url}${path}`).then(async (response) => (await response.arrayBuffer(), response.status))));
        expect(statuses.every((status) => status === 404)).toBe(true);
        expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 100));
      });
      const lines = logs.filter((line) => line.msg === "request" && line.status === 404);
      expect(lines).toHaveLength(20);
      for (const line of lines) {
        expect(String(line.path)).toBe(`${path.slice(0, 512)}…`);
        expect(line.pathLength).toBe(16_000);
      }
      // Short paths are logged whole.
      expect(logs.find((line) => line.msg === "request" && line.path === "/healthz")).not.toHaveProperty("pathLength");
    });
  });

  describe("item 12: deeply nested JSON is refused while it is read", () => {
    it("33 levels: 422 too_deep naming the path, as before", async () => {
      const body = `{"name":${"[".repeat(33)}${"]".repeat(33)}}`;
      const response = await app.admin("/api/shops", { method: "POST", body });
      expect(response.status).toBe(422);
      const { error } = (await response.json()) as { error: { code: string; field: string; message: string } };
      expect(error.code).toBe("too_deep");
      expect(error.field).toBe(`name${"[0]".repeat(31)}`);
      expect(error.message).toContain("deeper than 32 levels");
    });

    it("brackets inside strings do not count", async () => {
      const response = await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name: `${"[{".repeat(20)} shop` }) });
      expect(response.status).toBe(201);
    });

    it("28 MB of '[' to the import (32 MB limit): 422 too_deep before the body is even sent", async () => {
      const total = 28 * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024, "[");
      const outcome = await new Promise<{ status: number; text: string; sentBeforeAnswer: number }>((resolve, reject) => {
        let sent = 0;
        let sentBeforeAnswer = -1;
        const req = httpRequest(
          `${app.url}/api/shops/${shop.id}/data`,
          { method: "POST", headers: { authorization: "Bearer test-admin-token-0123456789", "content-type": "application/json", "content-length": String(total) } },
          (res) => {
            sentBeforeAnswer = sent;
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (data) => (text += data));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text, sentBeforeAnswer }));
          },
        );
        // Once the server has answered and closed, writing the rest fails: that is expected.
        req.on("error", (error) => (sentBeforeAnswer < 0 ? reject(error) : undefined));
        const pump = () => {
          while (sent < total && sentBeforeAnswer < 0) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once("drain", pump);
          }
          if (sentBeforeAnswer < 0) req.end();
        };
        pump();
      });
      expect(outcome.status).toBe(422);
      expect(JSON.parse(outcome.text).error.code).toBe("too_deep");
      // The old code read all 28 MB and parsed it (4.3 s of blocked event loop) before answering.
      expect(outcome.sentBeforeAnswer).toBeLessThan(total);
    });

    it("the size limit still comes first: a deep body over the route's limit is 413", async () => {
      const response = await app.admin("/api/shops", { method: "POST", body: "[".repeat(20_000) });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    });
  });

  describe("item 18: a client that drops mid-request", () => {
    it("is logged once at info level as a disconnect, with no error line and no stack", async () => {
      const { entries: logs, raw } = await logsDuring(async () => {
        const { port } = new URL(app.url);
        const socket = connect(Number(port), "127.0.0.1");
        await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
        const half = `{"shopPublicKey":"${shop.publicKey}","sessionId":"${crypto.randomUUID()}","message":"${"a".repeat(400)}`;
        socket.write(`POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${half.length * 2}\r\n\r\n${half}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
        socket.destroy();
        // The server notices the reset and logs it within milliseconds; there is nothing else to wait on.
        await new Promise((resolve) => setTimeout(resolve, 1_500));
      });
      expect(logs.filter((line) => line.level === "error" || line.level === "warn")).toEqual([]);
      expect(raw).not.toMatch(/stack|unexpected error|\n\s+at /);
      const disconnects = logs.filter((line) => line.msg === "client disconnected");
      expect(disconnects).toHaveLength(1);
      expect(disconnects[0]).toMatchObject({ level: "info" });
      // The request line still says it was cut short.
      expect(logs.find((line) => line.msg === "request" && line.aborted === true)).toBeDefined();
    });
  });
});
