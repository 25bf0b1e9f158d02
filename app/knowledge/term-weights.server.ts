import { Prisma } from "~/generated/prisma/client";

/**
 * Document frequency is counted up to this many chunks per term: past it a word is common in this
 * shop whatever the exact count, and the count stays bounded.
 */
const MAX_COUNTED_DOCUMENT_FREQUENCY = 2_000;
/**
 * Counting a common word in a shop of 100,000 chunks costs tens of milliseconds (bench section
 * "latency"), and shoppers repeat the same words all day. Frequencies move only when the shop's
 * knowledge does: this process forgets a shop's counts when it writes that shop's chunks, and other
 * instances within CACHE_TTL_MS. A stale count shifts a weight a little, never what matches.
 */
const CACHE_TTL_MS = 60_000;
const MAX_CACHED_TERMS = 20_000;

interface Counts {
  frequency: number;
  expires: number;
}

const cache = new Map<string, Counts>();
const cacheKey = (shopId: string, term: string) => `${shopId}\u0000${term}`;
/** Each shop's chunk count as its last counted term saw it (the `total` of its counts). */
const shopTotals = new Map<string, { total: number; expires: number }>();

/** Called by every writer of a shop's chunks (store.server.ts). */
export function forgetTermFrequencies(shopId: string): void {
  const prefix = `${shopId}\u0000`;
  for (const key of cache.keys()) if (key.startsWith(prefix)) cache.delete(key);
  shopTotals.delete(shopId);
}

/** The shop's chunk count, when this process counted one of its terms within CACHE_TTL_MS. */
export function knownChunkCount(shopId: string, now = Date.now()): number | undefined {
  const known = shopTotals.get(shopId);
  return known && known.expires > now ? known.total : undefined;
}

/**
 * ts_rank has no inverse document frequency: "light fixtures with leaves" weighs "light", which
 * half a lighting shop's items carry, as much as "leaves", which picks out the item asked for.
 * Each of the shopper's terms (to_tsquery syntax) is weighted by BM25's IDF over this shop's own
 * chunks — the shop's catalog is the corpus, so the weights suit any vertical and need no
 * vocabulary — scaled to a mean of 1. Measured on the ESCI set (bench/quality-quick.ts): lexical
 * nDCG@10 +1.7 points on both halves, hybrid +1.2 on the held-out half.
 *
 * The weights are SQL (common table expressions) for the statement that ranks with them: a count
 * this process does not know is made in that statement, not in one of its own (a round trip less
 * on a chat turn with a new word), and comes back through `countedRows` for rememberTermCounts.
 */
export interface TermWeighting {
  /** `term_counts` and `term_weights`, for the statement's top-level WITH. */
  ctes: Prisma.Sql;
  /** Term i's weight, a scalar expression over term_weights. */
  weight(i: number): Prisma.Sql;
  /** Term i's tsquery, made once per statement (a scalar expression over term_counts). */
  query(i: number): Prisma.Sql;
  /** The counts made in the statement: rows (term, frequency, total). */
  countedRows: Prisma.Sql;
}

export function termWeighting(shopId: string, terms: string[], now = Date.now()): TermWeighting {
  const known = terms.map((term) => {
    const counts = cache.get(cacheKey(shopId, term));
    return counts && counts.expires > now ? counts : undefined;
  });
  // Every count was made beside its shop's total, which is remembered at least as long.
  const total = knownChunkCount(shopId, now) ?? null;
  const ctes = Prisma.sql`
    term_counts AS MATERIALIZED (
      SELECT t.position, t.term, t.query, t.known IS NULL AS counted, shop.total,
        least(shop.total, coalesce(t.known, (SELECT count(*) FROM (
          SELECT 1 FROM knowledge_chunks
          WHERE shop_id = ${shopId}::uuid AND search_vector @@ t.query
          LIMIT ${MAX_COUNTED_DOCUMENT_FREQUENCY}) hits)::int)) AS frequency
      -- Each tsquery made once (OFFSET 0 keeps it here): in the filter it was made again for every
      -- row of a small shop, which is read without an index.
      FROM (SELECT u.*, palompy_tsquery(u.term) AS query
            FROM unnest(${terms}::text[], ${known.map((counts) => counts?.frequency ?? null)}::int[]) WITH ORDINALITY AS u(term, known, position)
            OFFSET 0) t,
        (SELECT greatest(1, coalesce(${total}::int, (SELECT count(*) FROM knowledge_chunks WHERE shop_id = ${shopId}::uuid)::int)) AS total) shop
    ),
    term_weights AS (
      SELECT position, CASE WHEN avg(idf) OVER () > 0 THEN idf / avg(idf) OVER () ELSE 1 END AS weight
      FROM (SELECT position, ln(1 + (total - frequency + 0.5)::float8 / (frequency + 0.5)) AS idf FROM term_counts) idfs
    )`;
  return {
    ctes,
    weight: (i) => Prisma.sql`(SELECT weight FROM term_weights WHERE position = ${i + 1})`,
    query: (i) => Prisma.sql`(SELECT query FROM term_counts WHERE position = ${i + 1})`,
    countedRows: Prisma.sql`SELECT term, frequency, total FROM term_counts WHERE counted`,
  };
}

/** Keeps the counts a ranking statement made (TermWeighting.countedRows) for CACHE_TTL_MS. */
export function rememberTermCounts(shopId: string, rows: Array<{ term: string; frequency: number; total: number }>, now = Date.now()): void {
  if (cache.size + rows.length > MAX_CACHED_TERMS) {
    cache.clear();
    shopTotals.clear();
  }
  for (const row of rows) cache.set(cacheKey(shopId, row.term), { frequency: Number(row.frequency), expires: now + CACHE_TTL_MS });
  if (rows.length) shopTotals.set(shopId, { total: Number(rows[0].total), expires: now + CACHE_TTL_MS });
}
