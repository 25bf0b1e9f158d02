export interface Embedder {
  /** Stored with every chunk: vectors from different models are never compared. */
  readonly modelId: string;
  /** Vector length; 0 only for an OpenAI-compatible model whose size is learnt from its first reply. */
  readonly dimensions: number;
  /** One vector per text, in input order. */
  embed(texts: string[]): Promise<number[][]>;
}

/** Dimensions with a partial HNSW index in the migration; anything else cannot be searched. */
export const SUPPORTED_DIMENSIONS = [256, 384, 512, 768, 1024, 1536] as const;

export function isSupportedDimension(dimensions: number): boolean {
  return (SUPPORTED_DIMENSIONS as readonly number[]).includes(dimensions);
}
