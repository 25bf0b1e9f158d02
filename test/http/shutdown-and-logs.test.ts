import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAIWireServer, type OpenAIWireServer } from "../support/openai-wire-server";

const root = path.resolve(__dirname, "../..");

/** `npm start` in a child process: the only way to send it SIGTERM and watch it exit. */
describe("the production server process: request logs and graceful shutdown", () => {
  let wire: OpenAIWireServer;
  let child: ChildProcess;
  let stdout = "";
  let exited: Promise<number | null>;
  let url = "";
  let publicKey = "";

  const jsonLines = () =>
    stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const until = async (what: string, check: () => boolean, timeoutMs = 90_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(async () => {
    wire = await startOpenAIWireServer();
    // A slow model: the answer streams for about two seconds.
    wire.setDefaultChatReply(() => ({ kind: "reply", content: "Our down jacket is warm and light. ".repeat(8).trim(), tokenDelayMs: 40 }));
    child = spawn(process.execPath, ["server/start.mjs"], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "test",
        PORT: "0",
        HOST: "127.0.0.1",
        PALOMPY_DATA_DIR: "memory://",
        PALOMPY_DEMO: "1",
        PALOMPY_EMBEDDER: "local",
        PALOMPY_ADMIN_TOKEN: "shutdown-test-admin-token-0123",
        OPENAI_API_KEY: "test-key",
        OPENAI_BASE_URL: wire.baseURL,
        PALOMPY_LOG_LEVEL: "info",
        PALOMPY_SHUTDOWN_GRACE_MS: "8000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (data: Buffer) => (stdout += data.toString()));
    child.stderr!.on("data", (data: Buffer) => (stdout += data.toString()));
    exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    await until("the server to listen", () => /public key:\s+[0-9a-f-]{36}/.test(stdout) && jsonLines().some((line) => line.msg === "listening"));
    url = String(jsonLines().find((line) => line.msg === "listening")!.url);
    publicKey = /public key:\s+([0-9a-f-]{36})/.exec(stdout)![1];
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await wire?.close();
  });

  it("logs one JSON line per request with its id, also sent as x-request-id", async () => {
    const response = await fetch(`${url}/healthz?probe=1`, { headers: { "x-request-id": "probe-request-0001" } });
    expect(response.headers.get("x-request-id")).toBe("probe-request-0001");
    const generated = await fetch(`${url}/readyz`);
    const generatedId = generated.headers.get("x-request-id");
    expect(generatedId).toMatch(/^[0-9a-f-]{36}$/);
    await until("the request lines", () => jsonLines().some((line) => line.requestId === generatedId));
    expect(jsonLines().find((line) => line.requestId === "probe-request-0001")).toMatchObject({
      level: "info", msg: "request", method: "GET", path: "/healthz", status: 200, ms: expect.any(Number),
    });
    expect(jsonLines().find((line) => line.requestId === generatedId)).toMatchObject({ path: "/readyz", status: 200 });
  });

  it("on SIGTERM stops accepting, lets a streaming answer finish, then exits 0", async () => {
    const response = await fetch(`${url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ shopPublicKey: publicKey, sessionId: crypto.randomUUID(), message: "Do you have a warm winter jacket?" }),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let stream = "";
    while (!stream.includes("event: token")) {
      const { value, done } = await reader.read();
      if (done) break;
      stream += decoder.decode(value, { stream: true });
    }
    expect(stream).toContain("event: token");

    child.kill("SIGTERM");
    await until("the shutdown to begin", () => jsonLines().some((line) => line.msg === "shutting down"));
    // No new connections once shutting down.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();

    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      stream += decoder.decode(value, { stream: true });
    }
    expect(stream).toContain("event: done");
    expect(stream).not.toContain("event: error");

    expect(await exited).toBe(0);
    const messages = jsonLines().map((line) => line.msg);
    expect(messages.indexOf("stopped")).toBeGreaterThan(messages.indexOf("shutting down"));
    expect(jsonLines().find((line) => line.path === "/api/chat")).toMatchObject({ status: 200 });
  });
});
