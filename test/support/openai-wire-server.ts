import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP server that speaks the OpenAI wire format (`/v1/embeddings`, `/v1/chat/completions`
 * as JSON or as Server-Sent Events), so the real `openai` SDK code path runs in tests with no network.
 * Tests queue one-shot behaviours (errors, hangs, scripted replies) and read back every request.
 */

export interface ToolCallScript {
  name: string;
  arguments: string;
}

export type Behaviour =
  | { kind: "error"; status: number; body?: unknown; headers?: Record<string, string> }
  /** Accepts the request and never answers (the client's timeout must fire). */
  | { kind: "hang" }
  /** Answers as usual once `until` settles: the test decides how long the request stays open. */
  | { kind: "wait"; until: Promise<unknown> }
  | {
      kind: "reply";
      content: string;
      toolCalls?: ToolCallScript[];
      /** Streamed replies: delay before each token (simulated model latency). */
      tokenDelayMs?: number;
      /** Delay before the first byte of the reply. */
      firstTokenDelayMs?: number;
      /** Streamed replies: send this many content pieces, then go silent without ending (a mid-stream stall). */
      stallAfterTokens?: number;
    };

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  receivedAt: number;
}

export interface OpenAIWireServer {
  url: string;
  /** The base URL to give the SDK (`OPENAI_BASE_URL`). */
  baseURL: string;
  requests: RecordedRequest[];
  /** Behaviours applied to the next requests of that endpoint, in order. */
  enqueue(endpoint: "embeddings" | "chat" | "understand", ...behaviours: Behaviour[]): void;
  /** Default chat reply when the queue is empty. */
  setDefaultChatReply(reply: (body: any) => Extract<Behaviour, { kind: "reply" }>): void;
  embeddingDimensions: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startOpenAIWireServer(options: { embeddingDimensions?: number } = {}): Promise<OpenAIWireServer> {
  const queues: Record<"embeddings" | "chat" | "understand", Behaviour[]> = { embeddings: [], chat: [], understand: [] };
  const requests: RecordedRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  let defaultChatReply = (_body: any): Extract<Behaviour, { kind: "reply" }> => ({ kind: "reply", content: "OK." });
  const dimensions = options.embeddingDimensions ?? 64;

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      return sendJson(res, 400, { error: { message: "invalid JSON", type: "invalid_request_error" } });
    }
    const path = (req.url ?? "").replace(/\?.*$/, "");
    requests.push({ path, headers: req.headers, body, receivedAt: Date.now() });

    // The query-understanding call (a forced search_catalog tool call) has its own queue, so tests
    // script it apart from the answer; unscripted, it gets an empty reply and the rules take over.
    const endpoint = path.endsWith("/embeddings") ? "embeddings" : path.endsWith("/chat/completions") ? (isUnderstandRequest(body) ? "understand" : "chat") : undefined;
    if (!endpoint) return sendJson(res, 404, { error: { message: `unknown path ${path}`, type: "invalid_request_error" } });

    let behaviour = queues[endpoint].shift();
    if (behaviour?.kind === "wait") {
      await behaviour.until.catch(() => undefined);
      behaviour = undefined;
    }
    if (behaviour?.kind === "hang") {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (behaviour?.kind === "error") {
      return sendJson(res, behaviour.status, behaviour.body ?? { error: { message: `scripted ${behaviour.status}`, type: "server_error" } }, behaviour.headers);
    }
    if (endpoint === "embeddings") return sendJson(res, 200, embeddingsResponse(body, dimensions));
    const reply = behaviour?.kind === "reply" ? behaviour : endpoint === "understand" ? { kind: "reply" as const, content: "" } : defaultChatReply(body);
    if (body.stream) return streamChat(res, body, reply);
    return sendJson(res, 200, chatResponse(body, reply));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    embeddingDimensions: dimensions,
    enqueue: (endpoint, ...behaviours) => queues[endpoint].push(...behaviours),
    setDefaultChatReply: (reply) => {
      defaultChatReply = reply;
    },
    reset: () => {
      requests.length = 0;
      queues.embeddings.length = 0;
      queues.chat.length = 0;
      queues.understand.length = 0;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** A request forcing the search_catalog tool: the chat's query-understanding step. */
export function isUnderstandRequest(body: any): boolean {
  return body?.tool_choice?.function?.name === "search_catalog";
}

/** The understanding step's reply: a search_catalog call with these arguments. */
export function searchCatalogCall(args: unknown) {
  return { kind: "reply" as const, content: "", toolCalls: [{ name: "search_catalog", arguments: JSON.stringify(args) }] };
}

/** Everything the answering model was sent in its last request (the understanding step's left out). */
export function lastAnswerPrompt(wire: OpenAIWireServer): string {
  return wire.requests
    .filter((request) => !isUnderstandRequest(request.body) && request.path.endsWith("/chat/completions"))
    .at(-1)!
    .body.messages.map((message: { content: string }) => message.content)
    .join("\n");
}

/** Whitespace-split word count: close enough to tokens for call accounting in tests. */

export function approximateTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** A deterministic unit vector per text, so equal texts embed equally. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const values: number[] = [];
  let block = createHash("sha256").update(text).digest();
  while (values.length < dimensions) {
    for (const byte of block) if (values.length < dimensions) values.push(byte / 255 - 0.5);
    block = createHash("sha256").update(block).digest();
  }
  const norm = Math.hypot(...values) || 1;
  return values.map((value) => value / norm);
}

function embeddingsResponse(body: any, dimensions: number) {
  const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
  const dims = typeof body.dimensions === "number" ? body.dimensions : dimensions;
  const promptTokens = inputs.reduce((sum, input) => sum + approximateTokens(String(input)), 0);
  return {
    object: "list",
    model: body.model,
    data: inputs.map((input, index) => ({ object: "embedding", index, embedding: fakeEmbedding(String(input), dims) })),
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

function usageFor(body: any, content: string) {
  const prompt = JSON.stringify(body.messages ?? "");
  const promptTokens = approximateTokens(prompt);
  const completionTokens = approximateTokens(content);
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

function chatResponse(body: any, reply: Extract<Behaviour, { kind: "reply" }>) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: reply.content,
          ...(reply.toolCalls?.length
            ? {
                tool_calls: reply.toolCalls.map((call, index) => ({
                  id: `call_${index}`,
                  type: "function",
                  function: { name: call.name, arguments: call.arguments },
                })),
              }
            : {}),
        },
        finish_reason: reply.toolCalls?.length ? "tool_calls" : "stop",
      },
    ],
    usage: usageFor(body, reply.content),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function streamChat(res: http.ServerResponse, body: any, reply: Extract<Behaviour, { kind: "reply" }>) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const base = { id: "chatcmpl-test", object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: body.model };
  const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
  if (reply.firstTokenDelayMs) await sleep(reply.firstTokenDelayMs);
  send({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
  // Split into word-sized pieces keeping whitespace, as real models stream sub-word tokens.
  const pieces = reply.content.match(/\S+\s*|\s+/g) ?? [];
  for (const [index, piece] of pieces.entries()) {
    if (res.destroyed) return;
    // Leave the response open: close() destroys it, as it does for hanging requests.
    if (reply.stallAfterTokens !== undefined && index >= reply.stallAfterTokens) return;
    if (reply.tokenDelayMs) await sleep(reply.tokenDelayMs);
    send({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
  }
  for (const [index, call] of (reply.toolCalls ?? []).entries()) {
    send({
      ...base,
      choices: [{ index: 0, delta: { tool_calls: [{ index, id: `call_${index}`, type: "function", function: { name: call.name, arguments: "" } }] }, finish_reason: null }],
    });
    // Arguments arrive in fragments, as they do from real servers.
    const argumentPieces = call.arguments.match(/.{1,12}/gs) ?? [];
    for (const fragment of argumentPieces) {
      send({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: fragment } }] }, finish_reason: null }] });
    }
  }
  const finish = reply.toolCalls?.length ? "tool_calls" : "stop";
  send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] });
  if (body.stream_options?.include_usage) send({ ...base, choices: [], usage: usageFor(body, reply.content) });
  res.write("data: [DONE]\n\n");
  res.end();
}
