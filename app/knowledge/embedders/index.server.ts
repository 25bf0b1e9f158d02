import type { AppConfig } from "~/config.server";
import { LocalHashEmbedder } from "./local";
import { OpenAIEmbedder } from "./openai.server";
import type { Embedder } from "./types";

export type { Embedder } from "./types";
export { SUPPORTED_DIMENSIONS } from "./types";

/** `auto` uses OpenAI when a key is configured and the offline hash embedder otherwise. */
export function createEmbedder(config: Pick<AppConfig, "embedder" | "openai">): Embedder {
  const { apiKey, baseURL } = config.openai;
  const useOpenAI = config.embedder === "openai" || (config.embedder === "auto" && Boolean(apiKey));
  if (!useOpenAI) return new LocalHashEmbedder();
  // Self-hosted OpenAI-compatible servers often need no key, but the SDK insists on one.
  if (!apiKey && !baseURL) throw new Error("PALOMPY_EMBEDDER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible server)");
  return new OpenAIEmbedder({
    apiKey: apiKey ?? "unused",
    baseURL,
    model: config.openai.embeddingModel,
    timeoutMs: config.openai.timeoutMs,
    maxRetries: config.openai.maxRetries,
  });
}
