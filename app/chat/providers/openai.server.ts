import OpenAI, { APIError, APIUserAbortError } from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { RECORD_SHOPPER_DETAILS } from "../prompt";
import { SEARCH_CATALOG, SEARCH_CATALOG_PARAMETERS } from "../understand";
import { ProviderFailure, type ChatModelProvider, type GenerationRequest, type ProviderEvent, type UnderstandRequest } from "./types";

export interface OpenAIChatOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  /** Longest silence (before the first chunk or between chunks) before the turn falls back. */
  timeoutMs: number;
}

const RECORD_TOOL: ChatCompletionTool = {
  type: "function",
  function: {
    name: RECORD_SHOPPER_DETAILS,
    description:
      "Record contact details or intent the shopper stated in this conversation, so the store can follow up. Only include what the shopper actually said.",
    parameters: {
      type: "object",
      properties: {
        name: { type: "string", description: "The shopper's name as they gave it" },
        email: { type: "string" },
        phone: { type: "string" },
        intent: { type: "string", description: "What the shopper wants, in a few words (e.g. 'buy a tent', 'order status', 'return')" },
        orderNumber: { type: "string" },
        preferredContact: { type: "string", enum: ["email", "phone", "telegram", "whatsapp", "chat"] },
        notes: { type: "string", description: "Anything else the store should know to follow up" },
      },
      additionalProperties: false,
    },
  },
};

/**
 * Streams an OpenAI-compatible chat completion. Text deltas are forwarded as they arrive; the
 * record_shopper_details call's arguments arrive as fragments on the same stream and are
 * assembled on the side, so the shopper-facing stream stays plain text. When the model answers
 * with only the tool call, a second round (tool result supplied, tools off) produces the text.
 */
export function createOpenAIChatProvider(options: OpenAIChatOptions): ChatModelProvider {
  // No SDK retries: a retried 429 would make the shopper wait; the offline composer answers instead.
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: options.timeoutMs });
  return {
    name: "openai",
    model: options.model,
    async *generate(request: GenerationRequest): AsyncIterable<ProviderEvent> {
      const messages: ChatCompletionMessageParam[] = request.messages.map((message) => ({ role: message.role, content: message.content }));
      let promptTokens = 0;
      let completionTokens = 0;
      let sawUsage = false;
      for (let round = 0; round < 2; round++) {
        const result = yield* streamRound(client, options, messages, round === 0, request.signal);
        if (result.usage) {
          sawUsage = true;
          promptTokens += result.usage.prompt_tokens;
          completionTokens += result.usage.completion_tokens;
        }
        if (result.toolCall) yield { type: "collected", data: parseArguments(result.toolCall.arguments) };
        if (result.text.trim() || !result.toolCall) break;
        messages.push(
          { role: "assistant", content: null, tool_calls: [{ id: result.toolCall.id, type: "function", function: { name: RECORD_SHOPPER_DETAILS, arguments: result.toolCall.arguments } }] },
          { role: "tool", tool_call_id: result.toolCall.id, content: "Recorded. Now answer the shopper's message." },
        );
      }
      if (sawUsage) yield { type: "usage", promptTokens, completionTokens };
    },
    async understand(request: UnderstandRequest): Promise<unknown> {
      try {
        const completion = await client.chat.completions.create(
          {
            model: options.model,
            messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
            temperature: 0,
            tools: [SEARCH_TOOL],
            tool_choice: { type: "function", function: { name: SEARCH_CATALOG } },
          },
          { signal: request.signal },
        );
        const call = completion.choices[0]?.message?.tool_calls?.find((tool) => tool.type === "function" && tool.function.name === SEARCH_CATALOG);
        if (!call || call.type !== "function") throw new ProviderFailure("empty_answer", "The model did not call search_catalog.");
        return parseArguments(call.function.arguments);
      } catch (error) {
        if (error instanceof ProviderFailure) throw error;
        throw classify(error, false, request.signal);
      }
    },
  };
}

const SEARCH_TOOL: ChatCompletionTool = {
  type: "function",
  function: {
    name: SEARCH_CATALOG,
    description: "Search the store's catalog, FAQ and policies for what the shopper's latest message needs.",
    parameters: SEARCH_CATALOG_PARAMETERS,
  },
};

interface RoundResult {
  text: string;
  toolCall?: { id: string; arguments: string };
  usage?: { prompt_tokens: number; completion_tokens: number };
}

async function* streamRound(
  client: OpenAI,
  options: OpenAIChatOptions,
  messages: ChatCompletionMessageParam[],
  toolsAllowed: boolean,
  outer: AbortSignal | undefined,
): AsyncGenerator<ProviderEvent, RoundResult> {
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
  };
  const onOuterAbort = () => controller.abort();
  outer?.addEventListener("abort", onOuterAbort, { once: true });
  arm();
  const result: RoundResult = { text: "" };
  const toolCalls = new Map<number, { id: string; name: string; arguments: string }>();
  try {
    const stream = await client.chat.completions.create(
      {
        model: options.model,
        messages,
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0.2,
        ...(toolsAllowed ? { tools: [RECORD_TOOL], tool_choice: "auto" as const } : {}),
      },
      { signal: controller.signal },
    );
    for await (const chunk of stream) {
      arm();
      if (chunk.usage) result.usage = { prompt_tokens: chunk.usage.prompt_tokens, completion_tokens: chunk.usage.completion_tokens };
      const delta = chunk.choices[0]?.delta;
      if (!delta) continue;
      if (delta.content) {
        result.text += delta.content;
        yield { type: "token", text: delta.content };
      }
      for (const call of delta.tool_calls ?? []) {
        const current = toolCalls.get(call.index) ?? { id: call.id ?? `call_${call.index}`, name: "", arguments: "" };
        if (call.id) current.id = call.id;
        if (call.function?.name) current.name += call.function.name;
        if (call.function?.arguments) current.arguments += call.function.arguments;
        toolCalls.set(call.index, current);
      }
    }
    // The SDK ends an aborted stream quietly instead of throwing: a stall must not pass for the end.
    if (timedOut) throw new ProviderFailure("timeout", "The model stopped streaming.");
  } catch (error) {
    if (error instanceof ProviderFailure) throw error;
    throw classify(error, timedOut, outer);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onOuterAbort);
  }
  const record = [...toolCalls.values()].find((call) => call.name === RECORD_SHOPPER_DETAILS);
  if (record) result.toolCall = { id: record.id, arguments: record.arguments };
  return result;
}

function classify(error: unknown, timedOut: boolean, outer: AbortSignal | undefined): unknown {
  if (outer?.aborted && !timedOut) return error;
  if (timedOut || error instanceof APIUserAbortError || (error instanceof Error && error.name === "APIConnectionTimeoutError")) {
    return new ProviderFailure("timeout", "The model did not answer in time.");
  }
  if (error instanceof APIError && typeof error.status === "number") {
    if (error.status === 429) return new ProviderFailure("rate_limited", error.message, 429);
    if (error.status >= 500) return new ProviderFailure("server_error", error.message, error.status);
    return new ProviderFailure("client_error", error.message, error.status);
  }
  return new ProviderFailure("connection_error", error instanceof Error ? error.message : String(error));
}

function parseArguments(raw: string): unknown {
  try {
    return JSON.parse(raw || "{}");
  } catch {
    return {};
  }
}
