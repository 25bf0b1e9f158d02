import OpenAI from "openai";
import { estimateTokens } from "../tokens";
import { isSupportedDimension, SUPPORTED_DIMENSIONS, type Embedder } from "./types";

/** Far below the API's 2,048 inputs: a failed request then costs little to retry. */
export const OPENAI_MAX_INPUTS_PER_REQUEST = 256;
/** The API rejects requests above 300k tokens; our estimate is approximate, so keep a margin. */
export const OPENAI_MAX_TOKENS_PER_REQUEST = 200_000;
export const OPENAI_DEFAULT_EMBEDDING_MODEL = "text-embedding-3-small";
/** A Retry-After longer than this is clamped: an import should fail visibly rather than stall. */
export const OPENAI_MAX_RETRY_DELAY_MS = 60_000;

/** nativeDimensions: what the model returns; requestDimensions: what we ask for (Matryoshka truncation). */
const KNOWN_MODELS: Record<string, { nativeDimensions: number; requestDimensions?: number }> = {
  "text-embedding-3-small": { nativeDimensions: 1536 },
  "text-embedding-3-large": { nativeDimensions: 3072, requestDimensions: 1536 },
  "text-embedding-ada-002": { nativeDimensions: 1536 },
};

export interface OpenAIEmbedderOptions {
  apiKey: string;
  baseURL?: string;
  model?: string;
  /** Ask the API for shorter vectors (text-embedding-3-* only). Must be a supported dimension. */
  dimensions?: number;
  timeoutMs?: number;
  maxRetries?: number;
  /** First backoff step; doubles per attempt, with jitter. */
  retryBaseDelayMs?: number;
  maxRetryDelayMs?: number;
  maxInputsPerRequest?: number;
  maxTokensPerRequest?: number;
  /** Requests in flight at once for a large embed() call. */
  concurrency?: number;
}

export interface EmbedderStats {
  /** HTTP attempts, retries included. */
  requests: number;
  retries: number;
  /** Texts embedded successfully. */
  inputs: number;
  /** As reported by the API's usage field. */
  inputTokens: number;
}

export class EmbeddingError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "EmbeddingError";
  }
}

export class OpenAIEmbedder implements Embedder {
  readonly modelId: string;
  readonly stats: EmbedderStats = { requests: 0, retries: 0, inputs: 0, inputTokens: 0 };
  private readonly client: OpenAI;
  private readonly requestDimensions: number | undefined;
  private knownDimensions: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly maxInputs: number;
  private readonly maxTokens: number;
  private readonly concurrency: number;

  constructor(options: OpenAIEmbedderOptions) {
    this.modelId = options.model ?? OPENAI_DEFAULT_EMBEDDING_MODEL;
    const known = KNOWN_MODELS[this.modelId];
    this.requestDimensions = options.dimensions ?? known?.requestDimensions;
    this.knownDimensions = this.requestDimensions ?? known?.nativeDimensions ?? 0;
    if (this.knownDimensions) assertSupported(this.modelId, this.knownDimensions);
    // The SDK's own retries are off: this class owns retry policy, counting and Retry-After.
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: options.timeoutMs ?? 20_000 });
    this.maxRetries = options.maxRetries ?? 3;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? OPENAI_MAX_RETRY_DELAY_MS;
    this.maxInputs = Math.min(options.maxInputsPerRequest ?? OPENAI_MAX_INPUTS_PER_REQUEST, 2048);
    this.maxTokens = options.maxTokensPerRequest ?? OPENAI_MAX_TOKENS_PER_REQUEST;
    this.concurrency = Math.max(1, options.concurrency ?? 2);
  }

  get dimensions(): number {
    return this.knownDimensions;
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const batches = this.batch(texts);
    const results: number[][][] = new Array(batches.length);
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const index = next++;
        results[index] = await this.embedBatch(batches[index]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, batches.length) }, worker));
    return results.flat();
  }

  /** Consecutive slices, so concatenating the batch results restores input order. */
  private batch(texts: string[]): string[][] {
    const batches: string[][] = [];
    let current: string[] = [];
    let tokens = 0;
    for (const text of texts) {
      const cost = estimateTokens(text) + 1;
      if (current.length && (current.length >= this.maxInputs || tokens + cost > this.maxTokens)) {
        batches.push(current);
        current = [];
        tokens = 0;
      }
      // The API rejects empty strings; a single space embeds as "nothing" and keeps positions aligned.
      current.push(text.trim() ? text : " ");
      tokens += cost;
    }
    batches.push(current);
    return batches;
  }

  private async embedBatch(input: string[]): Promise<number[][]> {
    for (let attempt = 0; ; attempt++) {
      this.stats.requests++;
      try {
        const response = await this.client.embeddings.create({
          model: this.modelId,
          input,
          encoding_format: "float",
          ...(this.requestDimensions ? { dimensions: this.requestDimensions } : {}),
        });
        const vectors = this.readVectors(response, input.length);
        this.stats.inputs += input.length;
        this.stats.inputTokens += response.usage?.prompt_tokens ?? 0;
        return vectors;
      } catch (error) {
        const failure = toEmbeddingError(error, this.modelId);
        if (!failure.retryable || attempt >= this.maxRetries) throw failure;
        this.stats.retries++;
        await sleep(this.retryDelay(error, attempt));
      }
    }
  }

  private readVectors(response: OpenAI.CreateEmbeddingResponse, expected: number): number[][] {
    if (!Array.isArray(response?.data) || response.data.length !== expected) {
      throw new EmbeddingError(`Embedding API returned ${response?.data?.length ?? 0} vectors for ${expected} inputs (model ${this.modelId})`, undefined, false);
    }
    const vectors: number[][] = new Array(expected);
    // The API documents `index`; servers may reorder, so position in `data` is not trusted.
    for (const item of response.data) vectors[item.index] = decode(item.embedding as number[] | string);
    for (let i = 0; i < expected; i++) {
      if (!vectors[i]) throw new EmbeddingError(`Embedding API response lacks index ${i} (model ${this.modelId})`, undefined, false);
      this.checkDimensions(vectors[i].length);
    }
    return vectors;
  }

  private checkDimensions(length: number): void {
    if (!this.knownDimensions) {
      assertSupported(this.modelId, length);
      this.knownDimensions = length;
    } else if (length !== this.knownDimensions) {
      throw new EmbeddingError(`Model ${this.modelId} returned ${length}-dimensional vectors, expected ${this.knownDimensions}`, undefined, false);
    }
  }

  private retryDelay(error: unknown, attempt: number): number {
    const headers = error instanceof OpenAI.APIError ? error.headers : undefined;
    const hinted = retryAfterMs(headers);
    if (hinted !== undefined) return Math.min(hinted, this.maxRetryDelayMs);
    const ceiling = Math.min(this.retryBaseDelayMs * 2 ** attempt, this.maxRetryDelayMs);
    // Jitter spreads retries of concurrent workers (and app instances) sharing one rate limit.
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }
}

function assertSupported(model: string, dimensions: number): void {
  if (!isSupportedDimension(dimensions)) {
    throw new EmbeddingError(
      `Embedding model ${model} produces ${dimensions}-dimensional vectors; supported sizes are ${SUPPORTED_DIMENSIONS.join(", ")} (choose another model or request a supported size)`,
      undefined,
      false,
    );
  }
}

/** Some OpenAI-compatible servers answer base64 even when floats were asked for. */
function decode(embedding: number[] | string): number[] {
  if (typeof embedding !== "string") return embedding;
  const bytes = Buffer.from(embedding, "base64");
  return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
}

/** `retry-after-ms` (OpenAI's own) wins over `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const millis = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(millis) && millis >= 0) return millis;
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function toEmbeddingError(error: unknown, model: string): EmbeddingError {
  if (error instanceof EmbeddingError) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new EmbeddingError(`Embedding request timed out (model ${model})`, undefined, true, { cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new EmbeddingError(`Embedding API unreachable: ${error.message} (model ${model})`, undefined, true, { cause: error });
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    // A 429 for an exhausted quota will not clear by waiting.
    const retryable = error.code !== "insufficient_quota" && (status === undefined || status === 408 || status === 409 || status === 429 || status >= 500);
    return new EmbeddingError(`Embedding API failed (HTTP ${status ?? "?"}, model ${model}): ${error.message}`, status, retryable, { cause: error });
  }
  return new EmbeddingError(`Embedding failed: ${error instanceof Error ? error.message : String(error)} (model ${model})`, undefined, false, { cause: error });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
