import { STOP_WORDS } from "../stop-words";
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
 * What it cannot do: true synonyms ("coat" vs "parka"), paraphrases without shared stems, or
 * cross-language meaning ("куртка" vs "jacket"). Those need a real model (the OpenAI embedder);
 * hybrid retrieval with full-text search narrows the gap but does not close it.
 */
export const LOCAL_EMBEDDER_MODEL = "palompy-local-hash-v1";
export const LOCAL_EMBEDDER_DIMENSIONS = 512;

const UNIGRAM_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;
const CHAR_NGRAM_WEIGHT = 0.3;
const STEM_MAX_LENGTH = 7;

// Distinct seeds keep the three feature families apart even for equal strings.
const UNIGRAM_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x01000193;
const NGRAM_SEED = 0x9e3779b9;

export class LocalHashEmbedder implements Embedder {
  readonly modelId = LOCAL_EMBEDDER_MODEL;
  readonly dimensions = LOCAL_EMBEDDER_DIMENSIONS;
  private readonly unigrams = new Float64Array(LOCAL_EMBEDDER_DIMENSIONS);
  private readonly bigrams = new Float64Array(LOCAL_EMBEDDER_DIMENSIONS);
  private readonly ngrams = new Float64Array(LOCAL_EMBEDDER_DIMENSIONS);

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedOne(text));
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
      const stemHash = hashString(UNIGRAM_SEED, stem(word));
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

const WORD = /[\p{L}\p{N}]+/gu;
const NON_ASCII = /[^\p{ASCII}]/u;
const MARKS = /\p{M}/gu;

/** Lower-cased, accent-free words (ё -> е falls out of NFKD), stop words dropped unless nothing remains. */
export function contentWords(text: string): string[] {
  let folded = text.toLowerCase();
  if (NON_ASCII.test(folded)) folded = folded.normalize("NFKD").replace(MARKS, "");
  const words = folded.match(WORD) ?? [];
  const content = words.filter((word) => !STOP_WORDS.has(word));
  return content.length ? content : words;
}

const RU_SUFFIXES = [
  "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "ией", "ость", "ости",
  "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ой", "ей", "ом", "ем", "ам", "ям", "ах", "ях",
  "ую", "юю", "ов", "ев", "ия", "ью", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь",
];
const EN_SUFFIXES = ["ingly", "ings", "ing", "edly", "ies", "ied", "ed", "es", "ly", "s"];
const CYRILLIC = /[\u0400-\u04ff]/;

/** Deliberately crude: it only has to map forms of one word together, not produce linguistic stems. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  const suffixes = CYRILLIC.test(word) ? RU_SUFFIXES : EN_SUFFIXES;
  let result = word;
  for (const suffix of suffixes) {
    if (result.endsWith(suffix) && result.length - suffix.length >= 3) {
      result = result.slice(0, -suffix.length);
      break;
    }
  }
  return result.length > STEM_MAX_LENGTH ? result.slice(0, STEM_MAX_LENGTH) : result;
}
