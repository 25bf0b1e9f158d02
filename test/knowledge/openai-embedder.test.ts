import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEmbedder } from "~/knowledge/embedders/index.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { EmbeddingError, OpenAIEmbedder, retryAfterMs, type OpenAIEmbedderOptions } from "~/knowledge/embedders/openai.server";
import { loadConfig } from "~/config.server";
import { fakeEmbedding, startOpenAIWireServer, type OpenAIWireServer } from "../support/openai-wire-server";

let server: OpenAIWireServer;

beforeAll(async () => {
  server = await startOpenAIWireServer({ embeddingDimensions: 256 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const embeddingRequests = () => server.requests.filter((request) => request.path.endsWith("/embeddings"));

function embedder(options: Partial<OpenAIEmbedderOptions> = {}) {
  return new OpenAIEmbedder({ apiKey: "test-key", baseURL: server.baseURL, model: "test-embedding", retryBaseDelayMs: 5, timeoutMs: 2_000, ...options });
}

describe("OpenAIEmbedder", () => {
  it("batches many inputs into few requests and preserves order", async () => {
    const texts = Array.from({ length: 600 }, (_, i) => `text number ${i}`);
    const e = embedder({ concurrency: 3 });
    const vectors = await e.embed(texts);
    expect(embeddingRequests()).toHaveLength(3);
    expect(embeddingRequests().map((request) => request.body.input.length).sort()).toEqual([256, 256, 88].sort());
    expect(vectors).toHaveLength(600);
    for (const i of [0, 255, 256, 599]) expect(vectors[i]).toEqual(fakeEmbedding(texts[i], 256));
    expect(e.dimensions).toBe(256);
    expect(e.stats).toMatchObject({ requests: 3, retries: 0, inputs: 600 });
    expect(e.stats.inputTokens).toBe(600 * 3);
    expect(embeddingRequests()[0].body).toMatchObject({ model: "test-embedding", encoding_format: "float" });
  });

  it("also splits batches by approximate tokens", async () => {
    const texts = Array.from({ length: 10 }, () => "word ".repeat(100));
    await embedder({ maxTokensPerRequest: 350 }).embed(texts);
    expect(embeddingRequests()).toHaveLength(4);
  });

  it("retries a 429 honouring Retry-After", async () => {
    server.enqueue("embeddings", { kind: "error", status: 429, headers: { "retry-after": "0.3" } });
    const e = embedder({ retryBaseDelayMs: 1 });
    const [vector] = await e.embed(["hello"]);
    const [first, second] = embeddingRequests();
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(280);
    expect(vector).toEqual(fakeEmbedding("hello", 256));
    expect(e.stats).toMatchObject({ requests: 2, retries: 1, inputs: 1 });
  });

  it("retries 500s with backoff, then succeeds", async () => {
    server.enqueue("embeddings", { kind: "error", status: 500 }, { kind: "error", status: 503 });
    const vectors = await embedder().embed(["a", "b"]);
    expect(embeddingRequests()).toHaveLength(3);
    expect(vectors[1]).toEqual(fakeEmbedding("b", 256));
  });

  it("gives up after maxRetries", async () => {
    server.enqueue("embeddings", ...Array.from({ length: 5 }, () => ({ kind: "error" as const, status: 502 })));
    await expect(embedder({ maxRetries: 2 }).embed(["a"])).rejects.toMatchObject({ name: "EmbeddingError", status: 502, retryable: true });
    expect(embeddingRequests()).toHaveLength(3);
  });

  it("fails at once on a non-retryable 400 with a clear message", async () => {
    server.enqueue("embeddings", { kind: "error", status: 400, body: { error: { message: "input too long", type: "invalid_request_error" } } });
    const error = await embedder().embed(["a"]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as EmbeddingError).message).toMatch(/HTTP 400.*test-embedding.*input too long/);
    expect(embeddingRequests()).toHaveLength(1);
  });

  it("does not retry an exhausted quota", async () => {
    server.enqueue("embeddings", { kind: "error", status: 429, body: { error: { message: "quota", code: "insufficient_quota" } } });
    await expect(embedder().embed(["a"])).rejects.toMatchObject({ status: 429, retryable: false });
    expect(embeddingRequests()).toHaveLength(1);
  });

  it("times out a hanging request and retries it", async () => {
    server.enqueue("embeddings", { kind: "hang" });
    const started = Date.now();
    const vectors = await embedder({ timeoutMs: 200 }).embed(["a"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(vectors).toHaveLength(1);
    expect(embeddingRequests()).toHaveLength(2);
  });

  it("reports a timeout when retries are exhausted", async () => {
    server.enqueue("embeddings", { kind: "hang" });
    await expect(embedder({ timeoutMs: 150, maxRetries: 0 }).embed(["a"])).rejects.toThrow(/timed out/);
  });

  it("knows OpenAI models' sizes and asks text-embedding-3-large for 1536", async () => {
    expect(embedder({ model: "text-embedding-3-small" }).dimensions).toBe(1536);
    const large = embedder({ model: "text-embedding-3-large" });
    expect(large.dimensions).toBe(1536);
    const [vector] = await large.embed(["x"]);
    expect(vector).toHaveLength(1536);
    expect(embeddingRequests()[0].body.dimensions).toBe(1536);
  });

  it("rejects unsupported dimensions clearly", async () => {
    const odd = await startOpenAIWireServer({ embeddingDimensions: 64 });
    try {
      const e = new OpenAIEmbedder({ apiKey: "k", baseURL: odd.baseURL, model: "tiny-model" });
      await expect(e.embed(["x"])).rejects.toThrow(/64-dimensional.*supported sizes are 256, 384, 512, 768, 1024, 1536/);
      expect(() => embedder({ dimensions: 300 })).toThrow(/300-dimensional/);
    } finally {
      await odd.close();
    }
  });
});

describe("retryAfterMs", () => {
  it("reads retry-after-ms, seconds and HTTP dates", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "9" }))).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});

const env = (values: Record<string, string>) => values as NodeJS.ProcessEnv;

describe("createEmbedder", () => {
  it("uses the local embedder without a key and OpenAI with one (auto)", () => {
    expect(createEmbedder(loadConfig(env({})))).toBeInstanceOf(LocalHashEmbedder);
    const withKey = createEmbedder(loadConfig(env({ OPENAI_API_KEY: "sk-test" })));
    expect(withKey).toBeInstanceOf(OpenAIEmbedder);
    expect(withKey.modelId).toBe("text-embedding-3-small");
    expect(createEmbedder(loadConfig(env({ OPENAI_API_KEY: "sk-test", PALOMPY_EMBEDDER: "local" })))).toBeInstanceOf(LocalHashEmbedder);
    expect(() => createEmbedder(loadConfig(env({ PALOMPY_EMBEDDER: "openai" })))).toThrow(/OPENAI_API_KEY/);
  });
});
