import { contentWords, stem } from "../text";
import type { Embedder } from "./types";

/**
 * The zero-configuration embedder: deterministic, offline, no model weights.
 *
 * It hashes lexical features into 512 signed buckets (the "hashing trick"):
 * - word unigrams after case folding, accent stripping (café -> cafe, ё -> е) and light ru/en
 *   suffix stripping with prefix truncation, so "куртка/куртки/куртку" and "boot/boots" coincide;
 * - word bigrams, rewarding shared phrases ("hiking boots");
 * - character 3- and 4-grams inside words, so typos ("jaket") and unseen word forms
 *   ("зимы" vs "зимняя") still share most features.
 * Each feature family is damped sublinearly per bucket (log1p), weighted, then L2-normalised, so
 * cosine similarity behaves like a soft TF-weighted lexical overlap.
 *
 * - v3: no vocabulary of its own (v2's bilingual outdoor lexicon mapped «маска для лица» to a
 *   balaclava in a cosmetics shop): it knows word forms, not meaning.
 *
 * What it cannot do: paraphrases without shared stems ("keep my tea hot" vs "thermos") or another
 * language's words for the same thing. Those need a real, multilingual embedding model
 * (OPENAI_EMBEDDING_MODEL, e.g. through Ollama or vLLM); hybrid retrieval with full-text search and
 * trigram similarity narrows the gap but does not close it.
 *
 * Changing the features changes the model id, so chunks stored by an older version are
 * re-embedded on the next import (store.server.ts compares embedding_model).
 */
export const LOCAL_EMBEDDER_MODEL = "palompy-local-hash-v3";
export const LOCAL_EMBEDDER_DIMENSIONS = 512;

const UNIGRAM_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;
const CHAR_NGRAM_WEIGHT = 0.3;

// Distinct seeds keep the three feature families apart even for equal strings.
const UNIGRAM_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x01000193;
const NGRAM_SEED = 0x9e3779b9;

const YIELD_EVERY_TEXTS = 16;

export class LocalHashEmbedder implements Embedder {
  readonly modelId = LOCAL_EMBEDDER_MODEL;
  readonly dimensions = LOCAL_EMBEDDER_DIMENSIONS;
  private readonly unigrams = new Float64Array(LOCAL_EMBEDDER_DIMENSIONS);
  private readonly bigrams = new Float64Array(LOCAL_EMBEDDER_DIMENSIONS);
  private readonly ngrams = new Float64Array(LOCAL_EMBEDDER_DIMENSIONS);
  async embed(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i++) {
      // An import batch is hundreds of texts embedded on the HTTP thread: let requests in between.
      if (i > 0 && i % YIELD_EVERY_TEXTS === 0) await new Promise((resolve) => setImmediate(resolve));
      vectors.push(this.embedOne(texts[i]));
    }
    return vectors;
  }

  /** Synchronous core, for callers that embed in hot loops. An empty text yields the zero vector. */
  embedOne(text: string): number[] {
    const { unigrams, bigrams, ngrams } = this;
    unigrams.fill(0);
    bigrams.fill(0);
    ngrams.fill(0);
    const words = contentWords(text);
    let previous = 0;
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      const wordStem = stem(word);
      const stemHash = hashString(UNIGRAM_SEED, wordStem);
      add(unigrams, stemHash);
      if (i > 0) add(bigrams, mix(Math.imul(previous ^ BIGRAM_SEED, 0x01000193) ^ stemHash));
      previous = stemHash;
      addCharNgrams(ngrams, word);
    }
    const vector = new Array<number>(LOCAL_EMBEDDER_DIMENSIONS);
    let norm = 0;
    for (let d = 0; d < LOCAL_EMBEDDER_DIMENSIONS; d++) {
      const value = UNIGRAM_WEIGHT * damp(unigrams[d]) + BIGRAM_WEIGHT * damp(bigrams[d]) + CHAR_NGRAM_WEIGHT * damp(ngrams[d]);
      vector[d] = value;
      norm += value * value;
    }
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let d = 0; d < LOCAL_EMBEDDER_DIMENSIONS; d++) vector[d] *= scale;
    }
    return vector;
  }
}

const damp = (value: number) => (value >= 0 ? Math.log1p(value) : -Math.log1p(-value));

/** Bucket from the low bits, sign from the top bit: collisions cancel on average instead of piling up. */
function add(target: Float64Array, hash: number): void {
  target[hash & (LOCAL_EMBEDDER_DIMENSIONS - 1)] += hash < 0 ? -1 : 1;
}

function mix(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

function hashString(seed: number, value: string): number {
  let hash = seed;
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  return mix(hash);
}

const BOUNDARY = 0x5e; // "^": marks word start and end so prefixes and suffixes are features too

/** 3- and 4-grams of "^word^" computed from char codes, without allocating substrings. */
function addCharNgrams(target: Float64Array, word: string): void {
  const length = word.length + 2;
  const code = (i: number) => (i === 0 || i === length - 1 ? BOUNDARY : word.charCodeAt(i - 1));
  for (let i = 0; i + 3 <= length; i++) {
    const h3 = Math.imul(Math.imul(Math.imul(NGRAM_SEED ^ code(i), 0x01000193) ^ code(i + 1), 0x01000193) ^ code(i + 2), 0x01000193);
    add(target, mix(h3));
    if (i + 4 <= length) add(target, mix(Math.imul(h3 ^ code(i + 3), 0x01000193) ^ 0x4));
  }
}


/** Re-exported: the embedder's normalisation is the project's shared one (../text.ts). */
export { contentWords, stem };
