import type { PromptMessage } from "../prompt";

export type ProviderEvent =
  | { type: "token"; text: string }
  /** The model's structured `record_shopper_details` arguments (unvalidated JSON). */
  | { type: "collected"; data: unknown }
  | { type: "usage"; promptTokens: number; completionTokens: number };

export interface GenerationRequest {
  messages: PromptMessage[];
  signal?: AbortSignal;
}

export interface UnderstandRequest {
  messages: PromptMessage[];
  signal?: AbortSignal;
}

/** A model behind the chat: streams text tokens, may report structured data and usage. */
export interface ChatModelProvider {
  readonly name: string;
  readonly model: string;
  generate(request: GenerationRequest): AsyncIterable<ProviderEvent>;
  /**
   * One forced `search_catalog` tool call: the shopper's question as search queries and filters
   * (unvalidated JSON arguments). Throws ProviderFailure when the model fails.
   */
  understand?(request: UnderstandRequest): Promise<unknown>;
}

/** Why a provider gave up; becomes the turn's fallback_reason. */
export class ProviderFailure extends Error {
  constructor(
    readonly reason: "timeout" | "rate_limited" | "server_error" | "client_error" | "connection_error" | "empty_answer",
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
