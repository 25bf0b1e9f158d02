import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import type { Embedder } from "./embedders/types";
import { scoreFusion } from "./score-fusion";
import { plansGenerically, rawQueriesGeneric, rawQuery } from "~/db/raw-sql.server";
import { chosenChunkRows, type ChunkRow } from "./chosen-rows.server";
import { assertShopId, dimensionLiteral, isZeroVector, vectorLiteral } from "./sql.server";
import { STOP_WORDS } from "./stop-words";
import { synonymExpansions, type SynonymGroups } from "./synonyms";
import { knownChunkCount, rememberTermCounts, termWeighting, type TermWeighting } from "./term-weights.server";
import { contentWords } from "./text";


export interface RetrievedChunk extends ChunkRow {
  /**
   * Fused score (score-fusion.ts: each channel's score relative to its best hit, weighted and
   * summed), plus a bonus above any fused score for exact identifier matches so they sort first.
   * Relative to this query's best hits: it orders one query's results but is no absolute relevance
   * measure; use similarity, lexicalRank or exactMatch for "is anything relevant at all".
   */
  score: number;
  /** Cosine similarity from the vector channel, when it returned this chunk. */
  similarity: number | null;
  /** ts_rank (length-normalised, field-weighted) from the lexical channel, when it matched. */
  lexicalRank: number | null;
  /** The query named this item's SKU or id (or a variant SKU) exactly. */
  exactMatch: boolean;
  /**
   * Every chunk text of a product, in order, read with the chunk: a long product's variant lines
   * (sizes, colours, their prices and stock) sit in its last chunk, which the query may not have ranked.
   */
  itemTexts?: string[];
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
  /** The shop's own synonym groups (shop.settings.synonyms), ORed into the lexical query. */
  synonyms?: SynonymGroups;
  /** Benchmarks only: each channel's raw scores before fusion (bench/esci-cv.ts compares fusions on them). */
  onChannels?: (channels: RawChannels) => void;
}

/** Each channel's candidates with its own score (chunk id, item id, score), best first. */
export type RawChannels = Record<"lexical" | "vector" | "trigram", Array<{ chunkId: string; sourceId: string; score: number }>>;

export const DEFAULT_RETRIEVE_LIMIT = 8;
export const DEFAULT_CANDIDATES = 40;
const MAX_CANDIDATES = 500;
const MAX_QUERY_CHARS = 2_000;
const MAX_LEXICAL_TERMS = 24;
const MAX_IDENTIFIER_TOKENS = 16;
/**
 * Chosen on the tuning half of the external ESCI set (bench/quality-quick.ts), never on the demo
 * store: trigram similarity on names adds typo tolerance but overlaps the other two, so it counts half.
 * A name matched across alphabets (crossNameStatement) never fires on ESCI (English only).
 */
const CHANNEL_WEIGHTS = { lexical: 1, vector: 1, trigram: 0.5, crossName: 1.5 } as const;
/** Above any fused score, so an exact identifier match sorts first. */
const EXACT_MATCH_BONUS = 1 + CHANNEL_WEIGHTS.lexical + CHANNEL_WEIGHTS.vector + CHANNEL_WEIGHTS.trigram + CHANNEL_WEIGHTS.crossName;


/** What a channel returns for each candidate; the chosen chunks' other columns are read afterwards. */
const CANDIDATE_COLUMNS = Prisma.raw(`id::text AS "chunkId", source_type::text AS "sourceType", source_id AS "sourceId"`);

export async function retrieve(
  prisma: PrismaClient,
  embedder: Embedder,
  shopId: string,
  query: string,
  options: RetrieveOptions = {},
): Promise<RetrievedChunk[]> {
  return (await retrieveAll(prisma, embedder, shopId, [{ query, options }]))[0];
}

export interface RetrievalRequest {
  query: string;
  options?: RetrieveOptions;
}

/**
 * Several retrievals of one turn (a question's queries and its policy pass), each exactly as
 * `retrieve` alone would return it, in fewer round trips: the channels' statements the database
 * plans once go in one message, and the chosen chunks of all of them are read in one statement.
 */
export async function retrieveAll(prisma: PrismaClient, embedder: Embedder, shopId: string, requests: RetrievalRequest[]): Promise<RetrievedChunk[][]> {
  assertShopId(shopId);
  const plans = await Promise.all(requests.map((request) => planRetrieval(prisma, embedder, shopId, request.query, request.options ?? {})));
  const statements = plans.map((plan) => (plan ? channelStatements(plan) : undefined));
  // A joint statement planned once goes in the one message; one planned for its question, and a vector statement apart, on their own.
  const batchedJoint = statements.map((statement) => (statement?.generic ? statement.joint : undefined));
  const [batchedRows, ownRows] = await Promise.all([
    rawQueriesGeneric<JointRow>(prisma, batchedJoint.filter((joint) => joint !== undefined)).then((results) => results.map(jointRows)),
    Promise.all(
      statements.map(async (statement) => {
        const [joint, apart] = await Promise.all([
          statement?.joint && !statement.generic ? rawQuery<JointRow>(prisma, statement.joint).then(jointRows) : [],
          statement?.apart ? rawQuery<ChannelRow>(prisma, statement.apart) : [],
        ]);
        return [...joint, ...apart];
      }),
    ),
  ]);
  let nextBatched = 0;
  const choices = plans.map((plan, i) => {
    if (!plan) return undefined;
    const rows = [...(batchedJoint[i] ? batchedRows[nextBatched++] : []), ...ownRows[i]];
    return chooseChunks(plan, channelsOf(shopId, rows));
  });
  // Only the chosen chunks are read in full: the channels' candidates are ids and scores.
  const rows = await chosenChunkRows(prisma, shopId, [...new Set(choices.flatMap((choice) => choice?.chosen.map(({ id }) => id) ?? []))]);
  return choices.map((choice) =>
    choice
      ? choice.chosen.flatMap(({ id, score }) => {
          const row = rows.get(id);
          // A chunk deleted (a re-import) between the two statements is simply not returned.
          return row ? [{ ...row, score, similarity: choice.similarity.get(id) ?? null, lexicalRank: choice.lexicalRank.get(id) ?? null, exactMatch: choice.exact.has(id) }] : [];
        })
      : [],
  );
}

/** One retrieval's question, its query vector and the channels it runs, before any statement. */
interface RetrievalPlan {
  question: string;
  mode: RetrievalMode;
  limit: number;
  options: RetrieveOptions;
  weighting: TermWeighting | undefined;
  planOnce: "all" | "apart from vectors" | "no";
  channels: Partial<Record<ChannelName, Prisma.Sql | undefined>>;
  candidates: number;
}

async function planRetrieval(prisma: PrismaClient, embedder: Embedder, shopId: string, query: string, options: RetrieveOptions): Promise<RetrievalPlan | undefined> {
  const question = withoutExcludedWords(query.trim().slice(0, MAX_QUERY_CHARS));
  if (!question) return undefined;
  const mode = options.mode ?? "hybrid";
  const limit = clampInt(options.limit ?? DEFAULT_RETRIEVE_LIMIT, 1, MAX_CANDIDATES);
  const candidates = clampInt(options.candidates ?? DEFAULT_CANDIDATES, limit, MAX_CANDIDATES);

  // Every channel runs in one statement (each statement costs a round trip and a fixed share of the
  // database's CPU, more than most channels' own work): the embedding comes first. A failing
  // embedder does not fail hybrid retrieval; its outcome is captured so it never goes unhandled.
  const embedded =
    mode === "lexical"
      ? undefined
      : await embedder.embed([question]).then(
          ([vector]) => ({ vector }),
          (error: unknown) => ({ error }),
        );
  let queryVector: number[] | undefined;
  if (embedded && "error" in embedded) {
    if (mode !== "hybrid") throw embedded.error;
    options.onVectorError?.(embedded.error);
  } else if (embedded) {
    queryVector = embedded.vector;
  }
  // Planned once only where planning is most of the statement's cost: a shop known to be small.
  // A large shop's statement is planned for its question, whose words decide its best plan.
  const knownSize = knownChunkCount(shopId) ?? Number.POSITIVE_INFINITY;
  const mayPlanOnce = plansGenerically(prisma) && knownSize <= MAX_PLANNED_ONCE_CHUNKS;
  const lexicalChannel = mode === "vector" ? undefined : lexicalStatement(shopId, question, candidates, options.synonyms ?? [], mayPlanOnce);
  const planOnce = lexicalChannel?.planOnce ?? mayPlanOnce;
  // A shop known to be very small has its vectors read whole: the exact scan the planner would
  // choose for it anyway, a plan that suits the shop whatever it is, so it joins the statement planned once.
  const exactScanSized = planOnce && knownSize <= MAX_EXACT_SCAN_CHUNKS;
  return {
    question,
    mode,
    limit,
    options,
    candidates,
    weighting: lexicalChannel?.weighting,
    planOnce: planOnce ? (exactScanSized ? "all" : "apart from vectors") : "no",
    channels: {
      lexical: lexicalChannel?.statement,
      identifier: mode === "hybrid" ? identifierStatement(shopId, question, candidates, planOnce) : undefined,
      variantSku: mode === "hybrid" ? variantSkuStatement(shopId, question, candidates, planOnce) : undefined,
      trigram: mode === "hybrid" ? trigramStatement(shopId, question, candidates, planOnce) : undefined,
      crossName: mode === "hybrid" ? crossNameStatement(shopId, question, candidates, planOnce) : undefined,
      vector: queryVector ? vectorStatement(embedder, shopId, queryVector, candidates, options.exact || exactScanSized) : undefined,
    },
  };
}

/** The retrieval's fused, chosen chunk ids and what each channel said of them. */
function chooseChunks(plan: RetrievalPlan, channels: Record<ChannelName, Candidate[]>) {
  const { mode, question, options } = plan;
  const lexical = channels.lexical.map((row) => ({ ...row, rank: row.score }));
  const trigrams = channels.trigram;
  // relaxed_order may return rows slightly out of order.
  const vector = channels.vector.map((row) => ({ ...row, similarity: row.score })).sort((a, b) => b.similarity - a.similarity);
  const identifiers = mode === "hybrid" ? [...channels.identifier, ...confirmedVariantSkus(question, channels.variantSku, channels.identifier)] : [];

  options.onChannels?.({
    lexical: lexical.map((row) => ({ chunkId: row.chunkId, sourceId: row.sourceId, score: row.rank })),
    vector: vector.map((row) => ({ chunkId: row.chunkId, sourceId: row.sourceId, score: row.similarity })),
    trigram: trigrams.map((row) => ({ chunkId: row.chunkId, sourceId: row.sourceId, score: row.score })),
  });
  const similarity = new Map(vector.map((row) => [row.chunkId, row.similarity]));
  const lexicalRank = new Map(lexical.map((row) => [row.chunkId, row.rank]));
  const exact = new Set(identifiers.map((row) => row.chunkId));
  // On equal fused scores the lexical channel's order wins (it is listed first): hashed vectors let
  // a text dense in related words tie a better match. The identifier channel is a yes/no match:
  // listed so an exact hit is kept even when no other channel found it, scored by the bonus below.
  const fused = scoreFusion([
    { scores: lexical.map((row) => [row.chunkId, row.rank] as const), weight: CHANNEL_WEIGHTS.lexical },
    { scores: vector.map((row) => [row.chunkId, row.similarity] as const), weight: CHANNEL_WEIGHTS.vector },
    { scores: trigrams.map((row) => [row.chunkId, row.score] as const), weight: CHANNEL_WEIGHTS.trigram },
    { scores: channels.crossName.map((row) => [row.chunkId, row.score] as const), weight: CHANNEL_WEIGHTS.crossName },
    { scores: identifiers.map((row) => [row.chunkId, 1] as const), weight: 0 },
  ]);
  const chosen = fused
    .map(({ id, score }) => ({ id, score: score + (exact.has(id) ? EXACT_MATCH_BONUS : 0) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, plan.limit);
  return { chosen, similarity, lexicalRank, exact };
}

/** A channel's candidate: the chunk, its item and the channel's own score (the variant-SKU channel's also its text). */
interface Candidate {
  chunkId: string;
  sourceType: string;
  sourceId: string;
  score: number;
  text?: string | null;
}

type ChannelName = "lexical" | "identifier" | "variantSku" | "trigram" | "crossName" | "vector";

/** A row of the channels' statements: a candidate tagged with its channel and position, or a term count. */
type ChannelRow = Candidate & { channel: ChannelName | typeof TERM_COUNT; position: number | string | null; total: number | null };

/**
 * The channels' candidate statements, run as one: each keeps its own order and limit, and its rows
 * come back tagged with the channel and their position in it. The lexical channel's term weights
 * (`weighting`) are common table expressions of the statement; the term counts it had to make come
 * back as rows of their own and are remembered (channelsOf).
 *
 * `planOnce`: the statement is planned once for all questions of its shape (rawQuery's `generic`):
 * "all" channels, or all "apart from vectors", whose statement is then one of its own planned for
 * its shop: whether an exact scan of the shop's vectors or the HNSW index is the way to its nearest
 * chunks depends on the shop, and through the index a small shop among large ones could get fewer
 * candidates.
 */
function channelStatements(plan: RetrievalPlan): { joint?: Prisma.Sql; generic: boolean; apart?: Prisma.Sql } {
  const { planOnce, weighting, channels: statements } = plan;
  const tagged = (channel: ChannelName) => {
    const statement = statements[channel];
    return statement
      ? [
          Prisma.sql`(SELECT ${Prisma.raw(`'${channel}'::text`)} AS channel, "chunkId", "sourceType", "sourceId", score::float8 AS score, row_number() OVER () AS position, NULL::int AS total, ${Prisma.raw(channel === "variantSku" ? "text" : "NULL::text")} AS text FROM (${statement}) ${Prisma.raw(channel)})`,
        ]
      : [];
  };
  const parts = (["lexical", "identifier", "variantSku", "trigram", "crossName", ...(planOnce === "apart from vectors" ? [] : (["vector"] as const))] as const).flatMap(tagged);
  const apart = planOnce === "apart from vectors" ? tagged("vector") : [];
  // A count row: the term in "sourceId", its frequency in "score".
  if (weighting) parts.push(Prisma.sql`(SELECT ${TERM_COUNT}::text, NULL, NULL, term, frequency::float8, NULL, total, NULL FROM (${weighting.countedRows}) counted)`);
  return {
    joint: parts.length
      ? Prisma.sql`${weighting ? Prisma.sql`WITH ${weighting.ctes} ` : Prisma.empty}SELECT coalesce(json_agg(channel_rows), '[]'::json) AS rows FROM (${Prisma.join(parts, " UNION ALL ")}) channel_rows`
      : undefined,
    generic: planOnce !== "no",
    apart: apart[0],
  };
}

/**
 * The joint statement's rows come back as one JSON array (`JointRow`): node-postgres reads it with
 * one JSON.parse, where sixty rows of eight columns were a row object and a parser call per field,
 * the main thread's largest cost of the turn's statements while its code is still unoptimised.
 */
type JointRow = { rows: ChannelRow[] | null };
const jointRows = (result: JointRow[]): ChannelRow[] => result[0]?.rows ?? [];

/** The channels' rows sorted into each channel's candidates, best first; the term counts they carry remembered for the shop. */
function channelsOf(shopId: string, rows: ChannelRow[]): Record<ChannelName, Candidate[]> {
  const positioned: Record<ChannelName, Array<{ position: number; candidate: Candidate }>> = { lexical: [], identifier: [], variantSku: [], trigram: [], crossName: [], vector: [] };
  const counts: Array<{ term: string; frequency: number; total: number }> = [];
  for (const { channel, chunkId, sourceType, sourceId, score, text, position, total } of rows) {
    if (channel === TERM_COUNT) counts.push({ term: sourceId, frequency: Number(score), total: Number(total) });
    else positioned[channel].push({ position: Number(position), candidate: { chunkId, sourceType, sourceId, score: Number(score), ...(text == null ? {} : { text }) } });
  }
  if (counts.length) rememberTermCounts(shopId, counts);
  // Each channel in its own order (its rows' positions), whatever order the statement's plan returned them in.
  const inOrder = (entries: Array<{ position: number; candidate: Candidate }>) => entries.sort((a, b) => a.position - b.position).map((entry) => entry.candidate);
  return {
    lexical: inOrder(positioned.lexical),
    identifier: inOrder(positioned.identifier),
    variantSku: inOrder(positioned.variantSku),
    trigram: inOrder(positioned.trigram),
    crossName: inOrder(positioned.crossName),
    vector: inOrder(positioned.vector),
  };
}

const TERM_COUNT = "termCount";

/**
 * "without tea leaves", «без капюшона»: the shopper names what they do not want, so those words must
 * not pull matching items up. General language, not vocabulary: measured on the external ESCI set
 * (a third of its queries say "without …"), it lifts every channel (tuning half +3 % nDCG@10).
 */
export function withoutExcludedWords(question: string): string {
  const kept = question
    .replace(/\b(?:without|w\/o)\s+[\p{L}\p{N}-]+/giu, " ")
    .replace(/(?<!\p{L})без\s+\p{L}+/giu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return /[\p{L}\p{N}]/u.test(kept) ? kept : question;
}

function vectorStatement(embedder: Embedder, shopId: string, vector: number[], candidates: number, exact: boolean): Prisma.Sql | undefined {
  // A query with no features (only punctuation) has no direction; cosine distance to it is NaN.
  if (!vector || isZeroVector(vector)) return undefined;
  const dim = dimensionLiteral(vector.length);
  const q = vectorLiteral(vector);
  // hnsw.iterative_scan and ef_search are session settings (SESSION_OPTIONS in app/db/open.server.ts):
  // iterative scans keep searching past ef_search until the shop filter has produced enough rows.
  // Each distance is computed once (the score is made from it). Ordered by its own column, the
  // indexed expression: the HNSW index. The exact path orders the same rows in a subquery, which
  // no index can, so the planner compares every vector of the shop.
  const measured = Prisma.sql`
    SELECT ${CANDIDATE_COLUMNS}, embedding::vector(${dim}) <=> ${q}::vector(${dim}) AS distance
    FROM knowledge_chunks
    WHERE shop_id = ${shopId}::uuid AND embedding_dim = ${dim} AND embedding_model = ${embedder.modelId}`;
  const nearest = exact
    ? Prisma.sql`SELECT * FROM (${measured} OFFSET 0) measured ORDER BY distance LIMIT ${candidates}`
    : Prisma.sql`${measured} ORDER BY distance LIMIT ${candidates}`;
  return Prisma.sql`SELECT "chunkId", "sourceType", "sourceId", 1 - distance AS score FROM (${nearest}) nearest`;
}

/**
 * Shop synonyms widen the match but are weaker evidence than the shopper's own words: a text dense
 * in synonyms must not outrank the item that carries the words the shopper typed.
 */
const SYNONYM_RANK_WEIGHT = 0.3;

/**
 * ts_rank weights of the {D, C, B, A} labels: the name (A) outranks tags, brand and type (B),
 * which outrank the description (C). See palompy_tsvector in the migrations.
 */
const FIELD_WEIGHTS = Prisma.raw(`'{0.05, 0.2, 0.5, 1.0}'::float4[]`);
/**
 * ts_rank normalisation 1 divides by 1 + log(document length), so a long description that mentions
 * a word in passing does not outrank a short item that is about it. ts_rank rather than
 * ts_rank_cd: an OR query of a shopper's words rarely forms the dense covers ts_rank_cd rewards
 * (ESCI tuning half, lexical alone: ts_rank/1 0.534, ts_rank_cd/1 0.494, ts_rank_cd/2 0.475).
 */
const RANK_NORMALISATION = 1;

/**
 * Ranking reads every matching row's tsvector, and an OR query of common words matches most of a
 * large shop (measured: p95 6 s at 100k chunks when every match was ranked). The rows that match
 * all of the shopper's own words are ranked first and in full; the rest of the OR matches are
 * ranked from a bounded sample. Shops with fewer matches than the bound lose nothing.
 */
export const MAX_RANKED_LEXICAL_MATCHES = 1_500;

/**
 * A shop of at most this many chunks (as this process last counted them) has its channels'
 * statement planned once for every question. Measured on the embedded database (bench section
 * "latency", hybrid p50, two runs each way): at 1,000 chunks 38.6 / 44.4 ms planned per question,
 * 35.4 / 39.3 ms planned once; at 10,000 chunks 88.5 / 88.4 ms against 214.7 / 207.6 ms: for a
 * large shop the question's words decide the plan, and a plan made without them is the wrong one.
 */
const MAX_PLANNED_ONCE_CHUNKS = 1_000;

/**
 * A shop of at most this many chunks has its vector channel scan every vector of the shop (about
 * 15 µs a vector on the embedded database: 82 in 1.0-1.3 ms, as long as a statement of its own
 * takes beside the others).
 */
const MAX_EXACT_SCAN_CHUNKS = 200;

/**
 * Above this many terms the channels' statement is planned for its question (a custom plan), not
 * once for all questions: planned once, it ranks this many terms whatever the question has.
 */
export const MAX_PLANNED_ONCE_TERMS = 8;

/**
 * The lexical channel's statement, and the term weights it ranks with (common table expressions of
 * the whole statement). `planOnce` (when allowed and the question has at most MAX_PLANNED_ONCE_TERMS
 * terms): the statement is planned once for every question (rawQuery's `generic`), so each tsquery
 * is made once per execution in a common table expression rather than folded into a plan, where a
 * generic plan would make it again for every row.
 */
function lexicalStatement(
  shopId: string,
  question: string,
  candidates: number,
  synonyms: SynonymGroups,
  mayPlanOnce: boolean,
): { statement: Prisma.Sql; weighting?: TermWeighting; planOnce: boolean } | undefined {
  const { terms, own, all, ownAll } = lexicalQueries(question, synonyms);
  if (!all) return undefined;
  const planOnce = mayPlanOnce && terms.length <= MAX_PLANNED_ONCE_TERMS;
  const weighting = terms.length ? termWeighting(shopId, terms) : undefined;
  const made = planOnce
    ? Prisma.sql`lexical_query AS MATERIALIZED (
        SELECT palompy_tsquery(${ownAll || all}) AS matching, palompy_tsquery(${all}) AS any_term${weighting ? Prisma.empty : Prisma.sql`, palompy_tsquery(${own || all}) AS own`}),`
    : Prisma.empty;
  const query = (column: "matching" | "any_term" | "own", text: string) =>
    planOnce ? Prisma.sql`(SELECT ${Prisma.raw(column)} FROM lexical_query)` : Prisma.sql`palompy_tsquery(${text})`;
  // Planned once, the statement ranks MAX_PLANNED_ONCE_TERMS terms whatever the question's count
  // (a term it lacks adds 0): one shape for every question, so none waits for a shape's first planning.
  const ownRank = !weighting
    ? Prisma.sql`ts_rank(${FIELD_WEIGHTS}, search_vector, ${query("own", own || all)}, ${RANK_NORMALISATION})`
    : planOnce
      ? Prisma.join(
          Array.from(
            { length: MAX_PLANNED_ONCE_TERMS },
            (_, i) => Prisma.sql`coalesce(${weighting.weight(i)} * ts_rank(${FIELD_WEIGHTS}, search_vector, ${weighting.query(i)}, ${RANK_NORMALISATION}), 0)`,
          ),
          " + ",
        )
      : Prisma.join(
          terms.map((term, i) => Prisma.sql`${weighting.weight(i)} * ts_rank(${FIELD_WEIGHTS}, search_vector, palompy_tsquery(${term}), ${RANK_NORMALISATION})`),
          " + ",
        );
  // Each match is read by primary key (OFFSET 0 keeps the planner from flattening the lateral
  // read into a join; the matches are this shop's already): without statistics (a shop on the
  // embedded database whose imports changed fewer than 50 chunks is never analysed) the join was a
  // nested loop that re-sorted the matches for every chunk of the shop.
  const statement = Prisma.sql`
    WITH ${made} matched (matched_id) AS (
      (SELECT id FROM knowledge_chunks
        WHERE shop_id = ${shopId}::uuid AND search_vector @@ ${query("matching", ownAll || all)}
        LIMIT ${MAX_RANKED_LEXICAL_MATCHES})
      UNION
      (SELECT id FROM knowledge_chunks
        WHERE shop_id = ${shopId}::uuid AND search_vector @@ ${query("any_term", all)}
        LIMIT ${MAX_RANKED_LEXICAL_MATCHES})
    )
    SELECT ${CANDIDATE_COLUMNS},
      ${ownRank}
        + ${SYNONYM_RANK_WEIGHT} * ts_rank(${FIELD_WEIGHTS}, search_vector, ${query("any_term", all)}, ${RANK_NORMALISATION}) AS score
    FROM matched CROSS JOIN LATERAL (
      SELECT * FROM knowledge_chunks chunk WHERE chunk.id = matched.matched_id AND chunk.shop_id = ${shopId}::uuid OFFSET 0
    ) knowledge_chunks
    ORDER BY score DESC, source_id, chunk_index
    LIMIT ${candidates}`;
  return { statement, weighting, planOnce };
}

const WORD = /[\p{L}\p{N}]+/gu;
const LETTERS_ONLY = /^\p{L}+$/u;
/** Long enough that a prefix still means something: "зимы:*" reaches "зимняя", "boot:*" "boots". */
const PREFIX_MIN_LENGTH = 4;

/**
 * "Тёплая куртка для зимы?" -> own "тёплая:* | куртка:* | зимы:*". OR, not AND: shoppers'
 * questions carry words the catalog lacks, and ts_rank still favours chunks matching more of
 * them. The question's own words are prefix-matched; the shop's synonyms for words it names are
 * added as exact lexemes or phrases (`all`). At most MAX_LEXICAL_TERMS terms in all. Only letters
 * and digits survive, so the string is always valid to_tsquery syntax.
 */
export function lexicalQueries(question: string, synonyms: SynonymGroups = []): { terms: string[]; own: string; ownAll: string; all: string } {
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const word of question.toLowerCase().match(WORD) ?? []) {
    if (terms.length >= MAX_LEXICAL_TERMS) break;
    const folded = fold(word);
    if (word.length < 2 || STOP_WORDS.has(folded) || seen.has(folded)) continue;
    seen.add(folded);
    terms.push(word.length >= PREFIX_MIN_LENGTH && LETTERS_ONLY.test(word) ? `${word}:*` : word);
  }
  const own = terms.join(" | ");
  const ownAll = terms.join(" & ");
  const expanded = [...terms];
  for (const value of synonymExpansions(question, synonyms)) {
    if (expanded.length >= MAX_LEXICAL_TERMS) break;
    const words = value.toLowerCase().match(WORD) ?? [];
    if (words.length) expanded.push(words.length > 1 ? `(${words.join(" <-> ")})` : words.join(""));
  }
  return { terms, own, ownAll, all: expanded.join(" | ") };
}

const fold = (word: string) => word.normalize("NFKD").replace(/\p{M}/gu, "");

/**
 * Typo and word-form tolerance on item names: each content word of the question is compared with
 * the names by trigram word similarity ("палкм" ~ "палки", "фонарик" ~ "фонарь", "jaket" ~
 * "jacket"), and an item scores the sum over the words it resembles. One row per item (its first
 * chunk carries the name like every other).
 */
const TRIGRAM_MIN_WORD_LENGTH = 4;
const MAX_TRIGRAM_WORDS = 8;

function trigramWords(question: string): string[] {
  return [...new Set(contentWords(question).filter((word) => word.length >= TRIGRAM_MIN_WORD_LENGTH && !/^\d+$/.test(word)))].slice(0, MAX_TRIGRAM_WORDS);
}

/**
 * A channel with nothing to look for is left out of a statement planned for its question. One
 * planned once keeps it, idle (keptIdle): a question's shape then never depends on its words, so
 * each shape is planned once per process, not once per combination of the channels it needs (a
 * first plan cost a turn 6-20 ms). `inputs` gates the channel: an empty array is a one-time filter
 * of the generic plan, and the channel's rows are never read.
 */
function keptIdle(inputs: string[], planOnce: boolean): boolean {
  return inputs.length > 0 || planOnce;
}

const hasInputs = (inputs: string[]) => Prisma.sql`cardinality(${inputs}::text[]) > 0`;

function trigramStatement(shopId: string, question: string, candidates: number, planOnce: boolean): Prisma.Sql | undefined {
  const words = trigramWords(question);
  if (!keptIdle(words, planOnce)) return undefined;
  // Grouped by the primary key, the chunk's other columns come with the group: no second read of the
  // shop's chunks to name the item (on the demo store that join was a scan of every chunk).
  return Prisma.sql`
    SELECT ${CANDIDATE_COLUMNS}, sum(word_similarity(w, lower(title))) AS score
    FROM knowledge_chunks, unnest(${words}::text[]) AS w
    WHERE shop_id = ${shopId}::uuid AND ${hasInputs(words)} AND chunk_index = 0 AND w <% lower(title)
    GROUP BY id
    ORDER BY score DESC, source_id
    LIMIT ${candidates}`;
}

/**
 * A short key is a word of a syllable or two with its vowels folded: as a prefix «лиса» (las) would
 * meet "Laser" (lasar). Shorter keys match only whole («айфон» afan = "iPhone").
 */
const MIN_PREFIX_KEY_LENGTH = 5;

/**
 * Names written in the other alphabet: «трейл раннер» for "Trail Runner", «повербанк» for "Power
 * Bank", "storm" for «Сторм». Each word's phonetic key (palompy_name_key in the migrations: made
 * from letters alone, no vocabulary, and only ever meeting names of the other alphabet) is looked
 * up among the keys stored for the names, as a prefix ("раннеры" ranar meets "Runners" ranars)
 * once it is long enough. Its own channel, weighted as the lexical and trigram channels together:
 * it stands for the name match the shopper would have had in the name's alphabet, which those two
 * channels give. The query's tsquery is made once (a materialised CTE), not again for every row.
 */
function crossNameStatement(shopId: string, question: string, candidates: number, planOnce: boolean): Prisma.Sql | undefined {
  const words = trigramWords(question);
  if (!keptIdle(words, planOnce)) return undefined;
  return Prisma.sql`
    WITH q AS MATERIALIZED (
      SELECT to_tsquery('simple', coalesce(string_agg(CASE WHEN length(k) >= ${MIN_PREFIX_KEY_LENGTH} THEN k || ':*' ELSE k END, ' | '), '')) AS query
      FROM unnest(${words}::text[]) AS w, regexp_split_to_table(palompy_name_key(w, true), ' ') AS k
      WHERE k <> ''
    )
    SELECT ${CANDIDATE_COLUMNS}, ts_rank(name_key, q.query) AS score
    FROM knowledge_chunks, q
    WHERE shop_id = ${shopId}::uuid AND ${hasInputs(words)} AND chunk_index = 0 AND name_key @@ q.query
    ORDER BY score DESC, source_id
    LIMIT ${candidates}`;
}

/**
 * Exact identifiers: a product's SKU or the item's own id (case-insensitive, via the
 * (shop_id, lower(...)) indexes), or a variant SKU listed in a product's text. Variant SKUs are
 * found through the full-text index by phrase and then confirmed against the text's "SKU: …" entries.
 */
function identifierStatement(shopId: string, question: string, candidates: number, planOnce: boolean): Prisma.Sql | undefined {
  const tokens = identifierTokens(question);
  if (!keptIdle(tokens, planOnce)) return undefined;
  return Prisma.sql`
    SELECT DISTINCT ON (source_type, source_id) ${CANDIDATE_COLUMNS}, 1 AS score
    FROM knowledge_chunks
    WHERE shop_id = ${shopId}::uuid AND ${hasInputs(tokens)} AND (lower(sku) = ANY(${tokens}::text[]) OR lower(source_id) = ANY(${tokens}::text[]))
    ORDER BY source_type, source_id, chunk_index
    LIMIT ${candidates}`;
}

/**
 * Products whose text may list a variant SKU the question names: found through the full-text index
 * by phrase (a channel of the joint statement, as it needs nothing another channel returns), each
 * with its text for confirmedVariantSkus.
 */
function variantSkuStatement(shopId: string, question: string, candidates: number, planOnce: boolean): Prisma.Sql | undefined {
  const skuLike = variantSkuTokens(question);
  if (!keptIdle(skuLike, planOnce)) return undefined;
  return Prisma.sql`
    SELECT ${CANDIDATE_COLUMNS}, 1 AS score, text
    FROM knowledge_chunks
    WHERE shop_id = ${shopId}::uuid AND ${hasInputs(skuLike)} AND source_type = 'product'::"SourceType"
      AND search_vector @@ ANY(ARRAY(SELECT phraseto_tsquery('russian', unaccent(lower(token))) FROM unnest(${skuLike}::text[]) AS token))
    ORDER BY source_id, chunk_index
    LIMIT ${candidates}`;
}

/** Tokens that may be a variant SKU: an identifier with a digit, four characters or more. */
const variantSkuTokens = (question: string) => identifierTokens(question).filter((token) => /\d/.test(token) && token.length >= 4);

/** The variant-SKU channel's candidates whose text lists one of the question's SKUs, one per item, on items the direct identifier match did not find. */
function confirmedVariantSkus(question: string, variants: Candidate[], direct: Candidate[]): Candidate[] {
  const wanted = new Set(variantSkuTokens(question));
  const seenItems = new Set(direct.map((row) => `${row.sourceType}\u0000${row.sourceId}`));
  return variants.filter((row) => {
    const key = `${row.sourceType}\u0000${row.sourceId}`;
    if (seenItems.has(key) || !listedSkus(row.text ?? "").some((sku) => wanted.has(sku))) return false;
    seenItems.add(key);
    return true;
  });
}

/** Whitespace-separated tokens with outer punctuation trimmed: "TR-2291?" -> "tr-2291". */
export function identifierTokens(question: string): string[] {
  const tokens = new Set<string>();
  for (const raw of question.split(/\s+/)) {
    const token = raw.replace(/^[^\p{L}\p{N}]+|(?<![^\p{L}\p{N}])[^\p{L}\p{N}]+$/gu, "").toLowerCase();
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
