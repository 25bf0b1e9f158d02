import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import type { ChunkContent } from "./chunker";
import type { Embedder } from "./embedders/types";
import { reciprocalRankFusion } from "./rrf";
import { assertShopId, dimensionLiteral, isZeroVector, vectorLiteral } from "./sql.server";
import { matchStems } from "./lexicon";
import { STOP_WORDS } from "./stop-words";
import { contentWords, stem } from "./text";

export { reciprocalRankFusion, RRF_K } from "./rrf";

interface ChunkRow extends ChunkContent {
  chunkId: string;
}

export interface RetrievedChunk extends ChunkRow {
  /**
   * Fused Reciprocal Rank Fusion score, higher is better, plus 1 for exact identifier matches so
   * they sort first. Rank-based: it orders one query's results but is no absolute relevance
   * measure; use similarity, lexicalRank or exactMatch for "is anything relevant at all".
   */
  score: number;
  /** Cosine similarity from the vector channel, when it returned this chunk. */
  similarity: number | null;
  /** ts_rank_cd from the lexical channel, when it matched. */
  lexicalRank: number | null;
  /** The query named this item's SKU or id (or a variant SKU) exactly. */
  exactMatch: boolean;
}

export type RetrievalMode = "hybrid" | "vector" | "lexical";

export interface RetrieveOptions {
  /** Results returned; default 8. */
  limit?: number;
  /** hybrid (default) fuses vector, lexical and identifier channels; the others run one channel alone. */
  mode?: RetrievalMode;
  /** Candidates fetched per channel before fusion; default 40. */
  candidates?: number;
  /** Disable index scans so the vector channel is an exact scan (benchmarks of HNSW recall). */
  exact?: boolean;
  /**
   * In hybrid mode a failing embedder (provider outage, rate limit) does not fail retrieval: the
   * lexical and identifier channels still answer, and the error is handed here for logging.
   */
  onVectorError?: (error: unknown) => void;
}

export const DEFAULT_RETRIEVE_LIMIT = 8;
export const DEFAULT_CANDIDATES = 40;
const MAX_CANDIDATES = 500;
const MAX_QUERY_CHARS = 2_000;
const MAX_LEXICAL_TERMS = 24;
const MAX_IDENTIFIER_TOKENS = 16;
const EXACT_MATCH_BONUS = 1;


const COLUMNS = Prisma.raw(
  `id::text AS "chunkId", source_type::text AS "sourceType", source_id AS "sourceId", title, url, price, currency, image, sku, text`,
);

export async function retrieve(
  prisma: PrismaClient,
  embedder: Embedder,
  shopId: string,
  query: string,
  options: RetrieveOptions = {},
): Promise<RetrievedChunk[]> {
  assertShopId(shopId);
  const question = query.trim().slice(0, MAX_QUERY_CHARS);
  if (!question) return [];
  const mode = options.mode ?? "hybrid";
  const limit = clampInt(options.limit ?? DEFAULT_RETRIEVE_LIMIT, 1, MAX_CANDIDATES);
  const candidates = clampInt(options.candidates ?? DEFAULT_CANDIDATES, limit, MAX_CANDIDATES);

  // The embedding request (possibly remote) overlaps the lexical and identifier queries. Its
  // outcome is captured at once so a rejection is never left unhandled while those run.
  const queryVector =
    mode === "lexical"
      ? undefined
      : embedder.embed([question]).then(
          ([vector]) => ({ vector }),
          (error: unknown) => ({ error }),
        );
  const [lexical, identifiers] = await Promise.all([
    mode === "vector" ? [] : lexicalChannel(prisma, shopId, question, candidates),
    mode === "hybrid" ? identifierChannel(prisma, shopId, question, candidates) : [],
  ]);
  let vector: Awaited<ReturnType<typeof vectorChannel>> = [];
  const embedded = await queryVector;
  if (embedded && "error" in embedded) {
    if (mode !== "hybrid") throw embedded.error;
    options.onVectorError?.(embedded.error);
  } else if (embedded) {
    vector = await vectorChannel(prisma, embedder, shopId, embedded.vector, candidates, options.exact ?? false);
  }

  const rows = new Map<string, ChunkRow>();
  for (const row of [...identifiers, ...vector, ...lexical]) if (!rows.has(row.chunkId)) rows.set(row.chunkId, row);
  const similarity = new Map(vector.map((row) => [row.chunkId, row.similarity]));
  const lexicalRank = new Map(lexical.map((row) => [row.chunkId, row.rank]));
  const exact = new Set(identifiers.map((row) => row.chunkId));
  // On equal fused scores the lexical channel's order wins: it ranks the shopper's own words
  // above lexicon expansions, while hashed vectors let a text dense in related words tie a
  // better match ("warm down jacket": the down-care FAQ vs the down jacket itself).
  const fused = reciprocalRankFusion([identifiers, lexical, vector].filter((list) => list.length).map((list) => list.map((row) => row.chunkId)));

  return fused
    .map(({ id, score }) => ({
      ...rows.get(id)!,
      score: score + (exact.has(id) ? EXACT_MATCH_BONUS : 0),
      similarity: similarity.get(id) ?? null,
      lexicalRank: lexicalRank.get(id) ?? null,
      exactMatch: exact.has(id),
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

async function vectorChannel(
  prisma: PrismaClient,
  embedder: Embedder,
  shopId: string,
  vector: number[],
  candidates: number,
  exact: boolean,
): Promise<(ChunkRow & { similarity: number })[]> {
  // A query with no features (only punctuation) has no direction; cosine distance to it is NaN.
  if (!vector || isZeroVector(vector)) return [];
  const dim = dimensionLiteral(vector.length);
  const q = vectorLiteral(vector);
  // hnsw.iterative_scan and ef_search are session settings (SESSION_SETTINGS in app/db/open.server.ts):
  // iterative scans keep searching past ef_search until the shop filter has produced enough rows.
  // The exact path orders by an expression no index matches, so the planner scans every row.
  const distance = exact
    ? Prisma.sql`(embedding::vector(${dim}) <=> ${q}::vector(${dim})) + 0`
    : Prisma.sql`embedding::vector(${dim}) <=> ${q}::vector(${dim})`;
  const rows = await prisma.$queryRaw<(ChunkRow & { similarity: number })[]>`
    SELECT ${COLUMNS}, 1 - (embedding::vector(${dim}) <=> ${q}::vector(${dim})) AS similarity
    FROM knowledge_chunks
    WHERE shop_id = ${shopId}::uuid AND embedding_dim = ${dim} AND embedding_model = ${embedder.modelId}
    ORDER BY ${distance}
    LIMIT ${candidates}`;
  // relaxed_order may return rows slightly out of order.
  return rows.map((row) => ({ ...row, similarity: Number(row.similarity) })).sort((a, b) => b.similarity - a.similarity);
}

/**
 * Lexicon expansions find chunks the question's own words cannot (another language, a synonym),
 * but a match on them is weaker evidence: a FAQ dense with related words must not outrank the
 * product that carries the shopper's own words. So expansions widen the match and count at a
 * fraction of the question's own words in the rank.
 */
const EXPANSION_RANK_WEIGHT = 0.3;

/**
 * Ranking reads every matching row's tsvector, and an OR query of common words matches most of a
 * large shop (measured: p95 6 s at 100k chunks when every match was ranked). The rows that match
 * all of the shopper's own words are ranked first and in full; the rest of the OR matches are
 * ranked from a bounded sample. Shops with fewer matches than the bound lose nothing.
 */
export const MAX_RANKED_LEXICAL_MATCHES = 1_500;

async function lexicalChannel(prisma: PrismaClient, shopId: string, question: string, candidates: number): Promise<(ChunkRow & { rank: number })[]> {
  const { own, all, ownAll } = lexicalQueries(question);
  if (!all) return [];
  const rows = await prisma.$queryRaw<(ChunkRow & { rank: number })[]>`
    WITH matched AS (
      (SELECT id FROM knowledge_chunks
        WHERE shop_id = ${shopId}::uuid AND search_vector @@ palompy_tsquery(${ownAll})
        LIMIT ${MAX_RANKED_LEXICAL_MATCHES})
      UNION
      (SELECT id FROM knowledge_chunks
        WHERE shop_id = ${shopId}::uuid AND search_vector @@ palompy_tsquery(${all})
        LIMIT ${MAX_RANKED_LEXICAL_MATCHES})
    )
    SELECT ${COLUMNS},
      ts_rank_cd(search_vector, palompy_tsquery(${own})) + ${EXPANSION_RANK_WEIGHT} * ts_rank_cd(search_vector, palompy_tsquery(${all})) AS rank
    FROM knowledge_chunks
    WHERE shop_id = ${shopId}::uuid AND id IN (SELECT id FROM matched)
    ORDER BY rank DESC, id
    LIMIT ${candidates}`;
  return rows.map((row) => ({ ...row, rank: Number(row.rank) }));
}

const WORD = /[\p{L}\p{N}]+/gu;
const LETTERS_ONLY = /^\p{L}+$/u;
const CYRILLIC = /[\u0400-\u04ff]/;
/** Long enough that a prefix still means something: "зимы:*" reaches "зимняя", "boot:*" "boots". */
const PREFIX_MIN_LENGTH = 4;
/** Lexicon words added per matched query word or phrase: other language first, then a synonym. */
export const MAX_EXPANSIONS_PER_TERM = 3;
const MAX_OTHER_LANGUAGE_EXPANSIONS = 2;
/** Lexicon words added per query in all; the query's own words always come first. */
export const MAX_EXPANSION_TERMS = 10;

/**
 * "Тёплая куртка для зимы?" -> "тёплая:* | куртка:* | зимы:* | warm | … | jacket | coat | …".
 * OR, not AND: shoppers' questions carry words the catalog lacks, and ts_rank_cd still favours
 * chunks matching more of them. The question's own words come first (prefix-matched); then, for
 * each word or phrase in the bilingual lexicon, a few words of the same concept (other language
 * first) as exact lexemes or phrases ("sleeping <-> bag"), which the GIN index answers cheaply.
 * At most MAX_LEXICAL_TERMS terms in all. Only letters and digits survive, so the string is
 * always valid to_tsquery syntax.
 */
export function buildLexicalQuery(question: string): string {
  return lexicalQueries(question).all;
}

/**
 * The question's own terms OR-ed (`own`) and AND-ed (`ownAll`), and the own terms plus the
 * lexicon's expansions (`all`; see buildLexicalQuery).
 */
export function lexicalQueries(question: string): { own: string; ownAll: string; all: string } {
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const word of question.toLowerCase().match(WORD) ?? []) {
    if (terms.length >= MAX_LEXICAL_TERMS) break;
    const folded = fold(word);
    if (word.length < 2 || STOP_WORDS.has(folded) || seen.has(folded)) continue;
    seen.add(folded);
    seen.add(stem(folded));
    terms.push(word.length >= PREFIX_MIN_LENGTH && LETTERS_ONLY.test(word) ? `${word}:*` : word);
  }
  const own = terms.join(" | ");
  const ownAll = terms.join(" & ");
  const budget = Math.min(MAX_LEXICAL_TERMS, terms.length + MAX_EXPANSION_TERMS);
  if (terms.length >= budget) return { own, ownAll, all: own };

  const words = contentWords(question);
  matchStems(words.map(stem), (start, length, concepts) => {
    const russian = CYRILLIC.test(words[start]);
    const own = words.slice(start, start + length).map(stem).join(" ");
    for (const concept of concepts) {
      const [other, same] = russian ? [concept.en, concept.ru] : [concept.ru, concept.en];
      let added = 0;
      let addedOther = 0;
      for (const entry of [...other, ...same]) {
        if (added >= MAX_EXPANSIONS_PER_TERM || terms.length >= budget) return;
        const isOther = addedOther < other.length && other.includes(entry);
        if (isOther && addedOther >= MAX_OTHER_LANGUAGE_EXPANSIONS) continue;
        // Postgres folds and stems the entry itself (unaccent, Snowball); only letters and digits pass.
        const entryWords = entry.toLowerCase().match(WORD) ?? [];
        const key = contentWords(entry).map(stem).join(" ");
        if (!entryWords.length || key === own || seen.has(key)) continue;
        seen.add(key);
        terms.push(entryWords.length > 1 ? `(${entryWords.join(" <-> ")})` : entryWords.join(""));
        added++;
        if (isOther) addedOther++;
      }
    }
  });
  return { own, ownAll, all: terms.join(" | ") };
}

const fold = (word: string) => word.normalize("NFKD").replace(/\p{M}/gu, "");

/**
 * Exact identifiers: a product's SKU or the item's own id (case-insensitive, via the
 * (shop_id, lower(...)) indexes), or a variant SKU listed in a product's text. Variant SKUs are
 * found through the full-text index by phrase and then confirmed against the text's "SKU: …" entries.
 */
async function identifierChannel(prisma: PrismaClient, shopId: string, question: string, candidates: number): Promise<ChunkRow[]> {
  const tokens = identifierTokens(question);
  if (!tokens.length) return [];
  const list = Prisma.join(tokens);
  const direct = await prisma.$queryRaw<ChunkRow[]>`
    SELECT DISTINCT ON (source_type, source_id) ${COLUMNS}
    FROM knowledge_chunks
    WHERE shop_id = ${shopId}::uuid AND (lower(sku) IN (${list}) OR lower(source_id) IN (${list}))
    ORDER BY source_type, source_id, chunk_index
    LIMIT ${candidates}`;
  const skuLike = tokens.filter((token) => /\d/.test(token) && token.length >= 4);
  if (!skuLike.length) return direct;
  const phrases = Prisma.join(
    skuLike.map((token) => Prisma.sql`search_vector @@ phraseto_tsquery('russian', unaccent(lower(${token})))`),
    " OR ",
  );
  const variants = await prisma.$queryRaw<ChunkRow[]>`
    SELECT ${COLUMNS}
    FROM knowledge_chunks
    WHERE shop_id = ${shopId}::uuid AND source_type = 'product'::"SourceType" AND (${phrases})
    ORDER BY source_id, chunk_index
    LIMIT ${candidates}`;
  const wanted = new Set(skuLike);
  const seenItems = new Set(direct.map((row) => `${row.sourceType}\u0000${row.sourceId}`));
  const confirmed = variants.filter((row) => {
    const key = `${row.sourceType}\u0000${row.sourceId}`;
    if (seenItems.has(key) || !listedSkus(row.text).some((sku) => wanted.has(sku))) return false;
    seenItems.add(key);
    return true;
  });
  return [...direct, ...confirmed];
}

/** Whitespace-separated tokens with outer punctuation trimmed: "TR-2291?" -> "tr-2291". */
export function identifierTokens(question: string): string[] {
  const tokens = new Set<string>();
  for (const raw of question.split(/\s+/)) {
    const token = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").toLowerCase();
    if (token.length < 2 || token.length > 64 || STOP_WORDS.has(token)) continue;
    tokens.add(token);
    if (tokens.size >= MAX_IDENTIFIER_TOKENS) break;
  }
  return [...tokens];
}

/** SKUs as the chunker writes them ("SKU: TR-2291-L"), lower-cased. */
function listedSkus(text: string): string[] {
  return [...text.matchAll(/SKU: ([^\s—,;]+)/g)].map((match) => match[1].toLowerCase());
}

function clampInt(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.trunc(Number.isFinite(value) ? value : min)));
}
