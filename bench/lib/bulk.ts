/**
 * Bulk loading of synthetic chunks straight into knowledge_chunks: multi-row INSERTs with bind
 * parameters and precomputed local embeddings (the same 512-dimension vectors and the same
 * palompy_tsvector() the importer writes), far faster than the importer's per-item bookkeeping.
 */
import type { Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import type { SyntheticChunk } from "./synthetic";

const ROWS_PER_INSERT = 250;

export const HNSW_INDEX = "knowledge_chunks_embedding_512_idx";
export const HNSW_INDEX_SQL = `CREATE INDEX ${HNSW_INDEX} ON knowledge_chunks USING hnsw ((embedding::vector(512)) vector_cosine_ops) WHERE embedding_dim = 512`;

/** pgvector text literal; 5 decimals keep cosine distances exact to ~1e-5 and the SQL half as long. */
export function vectorText(vector: number[]): string {
  let out = "[";
  for (let i = 0; i < vector.length; i++) out += (i ? "," : "") + (Math.round(vector[i] * 1e5) / 1e5);
  return `${out}]`;
}

export interface LoadTimings {
  rows: number;
  embedMs: number;
  insertMs: number;
}

export async function insertChunks(db: Database, shopId: string, chunks: SyntheticChunk[], embedder = new LocalHashEmbedder()): Promise<LoadTimings> {
  if (!/^[0-9a-f-]{36}$/i.test(shopId)) throw new TypeError(`invalid shop id ${shopId}`);
  let embedMs = 0;
  let insertMs = 0;
  for (let start = 0; start < chunks.length; start += ROWS_PER_INSERT) {
    const rows = chunks.slice(start, start + ROWS_PER_INSERT);
    const t0 = performance.now();
    const vectors = rows.map((chunk) => vectorText(embedder.embedOne(chunk.text)));
    const t1 = performance.now();
    const params: unknown[] = [];
    const values = rows.map((chunk, i) => {
      const o = params.length;
      params.push(chunk.sourceType, chunk.sourceId, chunk.chunkIndex, chunk.title, chunk.url, chunk.price, chunk.currency, chunk.sku, chunk.text, chunk.contentHash, vectors[i]);
      const p = (n: number) => `$${o + n}`;
      return `('${shopId}'::uuid, ${p(1)}::"SourceType", ${p(2)}, ${p(3)}::int, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)}, '${embedder.modelId}', 512, ${p(11)}::vector, palompy_tsvector(${p(4)}, ${p(9)}), now())`;
    });
    await db.runner.query(
      `INSERT INTO knowledge_chunks (shop_id, source_type, source_id, chunk_index, title, url, price, currency, sku, text, content_hash, embedding_model, embedding_dim, embedding, search_vector, updated_at)
       VALUES ${values.join(",\n")}`,
      params,
    );
    embedMs += t1 - t0;
    insertMs += performance.now() - t1;
  }
  return { rows: chunks.length, embedMs, insertMs };
}

/** Creates `count` shops and returns their ids. */
export async function createShops(db: Database, count: number, prefix: string): Promise<string[]> {
  const rows = await db.runner.query<{ id: string }>(
    `INSERT INTO shops (id, name, public_key, updated_at)
     SELECT gen_random_uuid(), $1 || ' ' || n, gen_random_uuid(), now() FROM generate_series(1, $2::int) AS n RETURNING id::text AS id`,
    [prefix, count],
  );
  return rows.map((row) => row.id);
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/**
 * The plan PostgreSQL picks for retrieve()'s vector channel (same WHERE, ORDER BY and LIMIT, the
 * values inlined as the driver's unnamed statements get custom plans for them): which index, if any.
 */
export async function vectorChannelPlan(db: Database, shopId: string, modelId: string, vector: number[], candidates = 40): Promise<string[]> {
  if (!/^[0-9a-f-]{36}$/i.test(shopId) || !/^[\w.-]+$/.test(modelId)) throw new TypeError("invalid shop or model id");
  const rows = await db.runner.query<Record<string, string>>(
    `EXPLAIN SELECT id FROM knowledge_chunks
     WHERE shop_id = '${shopId}'::uuid AND embedding_dim = 512 AND embedding_model = '${modelId}'
     ORDER BY embedding::vector(512) <=> '${vectorText(vector)}'::vector(512) LIMIT ${Number(candidates)}`,
  );
  return rows.map((row) => Object.values(row)[0]);
}

/** "Index Scan using X" → "X"; otherwise the plan's scan node. */
export function describePlan(plan: string[]): { index: string | null; summary: string } {
  const text = plan.join("\n");
  const index = /Index Scan using (\S+)/.exec(text)?.[1] ?? null;
  const scan = /(Seq Scan|Bitmap Heap Scan|Index Scan using \S+|Index Only Scan using \S+)/.exec(text)?.[1] ?? plan[0]?.trim() ?? "?";
  return { index, summary: scan };
}
