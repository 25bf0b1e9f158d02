import { createHash } from "node:crypto";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { chunkItem, type ChunkContent, type ChunkDraft, type SourceType } from "./chunker";
import type { Embedder } from "./embedders/types";
import { isSupportedDimension } from "./embedders/types";
import { IMPORT_SECTIONS, payloadItems, type ImportPayload, type KnowledgeItem } from "./payload";
import { assertShopId, vectorLiteral } from "./sql.server";
import { forgetReadAhead } from "./chosen-rows.server";
import { forgetTermFrequencies } from "./term-weights.server";

/**
 * Writes a shop's knowledge as chunks. The unit of change is the item (one product, FAQ entry,
 * policy or page): an item whose chunks hash the same and were embedded by the current model is
 * left alone at zero embedding cost; any other item has all its chunks replaced at once.
 *
 * Modes:
 * - "full": each section the payload names (products, faq, policies, pages) is the shop's complete
 *   list of that source type. Items of those types absent from it are removed once every batch has
 *   been written (a failed import removes nothing); sections the payload does not name are left alone.
 * - "merge": the payload adds or updates items; nothing else is touched.
 *
 * Writes happen per small group of whole items in one transaction each, so an item is never
 * half-written; a failure mid-import leaves earlier groups committed and re-running the import finishes the job
 * cheaply, since the committed items are then unchanged.
 */

export type ImportMode = "full" | "merge";

export interface ImportResult {
  /** Chunks the imported items consist of now. */
  chunks: number;
  /** Chunks sent to the embedder during this import. */
  embedded: number;
  /** Chunks left as they were, or rewritten reusing their stored embedding. */
  unchanged: number;
  /** Chunks deleted: replaced items' surplus chunks are not counted, only removed items'. */
  removed: number;
  items: { added: number; updated: number; unchanged: number; removed: number };
}

/** Chunks gathered before one embed() call (then written CHUNKS_PER_TRANSACTION at a time). */
export const IMPORT_BATCH_CHUNKS = 512;
const ROWS_PER_INSERT = 100;
/** Measured in bench/sections/jobs.ts: HNSW inserts cost milliseconds each on PGlite. */
export const CHUNKS_PER_TRANSACTION = 8;
const YIELD_EVERY_ITEMS = 16;
/**
 * autovacuum's default rule for refreshing a table's statistics: 50 changed rows plus a tenth of
 * the rows last counted. PGlite has no autovacuum, so imports apply the rule themselves.
 */
const ANALYZE_BASE_CHUNKS = 50;
const ANALYZE_SCALE_FACTOR = 0.1;
const IDS_PER_DELETE = 500;
/** Interactive transactions default to 5 s; a batch of HNSW inserts on a slow disk may need more. */
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 120_000 };

export async function importKnowledge(
  prisma: PrismaClient,
  embedder: Embedder,
  shopId: string,
  payload: ImportPayload,
  options: { mode: ImportMode; onProgress?: ImportProgress },
): Promise<ImportResult> {
  assertShopId(shopId);
  const existing = await loadItemStates(prisma, embedder, shopId);
  const result = await syncItems(prisma, embedder, shopId, payloadItems(payload), existing, options.onProgress);
  if (options.mode === "full") {
    const stale = staleKeys(existing.keys(), payload);
    result.items.removed = stale.length;
    result.removed = await deleteItems(prisma, shopId, stale.map(parseKey));
  }
  // Planner statistics drive the choice between the HNSW, trigram and btree indexes.
  if (await statisticsOutdated(prisma, result.embedded + result.removed)) await prisma.$executeRawUnsafe("ANALYZE knowledge_chunks");
  return result;
}

async function statisticsOutdated(prisma: PrismaClient, changedChunks: number): Promise<boolean> {
  if (changedChunks < ANALYZE_BASE_CHUNKS) return false;
  // reltuples is the row count of the last ANALYZE (-1 before the first one).
  const [counted] = await prisma.$queryRaw<Array<{ rows: number }>>`SELECT greatest(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = 'knowledge_chunks'::regclass`;
  return changedChunks >= ANALYZE_BASE_CHUNKS + ANALYZE_SCALE_FACTOR * Number(counted?.rows ?? 0);
}

/** Called after each written batch with the items gone through so far out of the payload's total. */
export type ImportProgress = (update: { done: number; total: number }) => Promise<void>;

export interface RemovalPlan {
  /** Items the shop has now. */
  existing: number;
  /** Items a full import of this payload would remove. */
  wouldRemove: number;
  wouldKeep: number;
}

/** What a full import of `payload` would remove, computed before anything is written. */
export async function planFullImport(prisma: PrismaClient, shopId: string, payload: ImportPayload): Promise<RemovalPlan> {
  assertShopId(shopId);
  const rows = await prisma.$queryRaw<{ type: SourceType; id: string }[]>`
    SELECT DISTINCT source_type::text AS type, source_id AS id FROM knowledge_chunks WHERE shop_id = ${shopId}::uuid`;
  const keys = rows.map((row) => itemKey(row.type, row.id));
  const wouldRemove = staleKeys(keys, payload).length;
  return { existing: keys.length, wouldRemove, wouldKeep: keys.length - wouldRemove };
}

/** Existing items of the payload's sections that the payload no longer lists. */
function staleKeys(existing: Iterable<string>, payload: ImportPayload): string[] {
  const sections = payload.sections ?? (Object.keys(IMPORT_SECTIONS) as (keyof typeof IMPORT_SECTIONS)[]);
  const replacedTypes = new Set<SourceType>(sections.map((section) => IMPORT_SECTIONS[section]));
  const listed = new Set<string>();
  for (const item of payloadItems(payload)) listed.add(itemKey(item.type, item.data.id));
  return [...existing].filter((key) => replacedTypes.has(parseKey(key).type) && !listed.has(key));
}

/** Adds or replaces one item (webhooks, admin edits); the rest of the shop's knowledge is untouched. */
export async function upsertItem(prisma: PrismaClient, embedder: Embedder, shopId: string, item: KnowledgeItem): Promise<ImportResult> {
  assertShopId(shopId);
  const existing = await loadItemStates(prisma, embedder, shopId, { type: item.type, id: item.data.id });
  return syncItems(prisma, embedder, shopId, [item], existing);
}

/** Returns how many chunks were removed (0 when the item was unknown). */
export async function deleteItem(prisma: PrismaClient, shopId: string, sourceType: SourceType, sourceId: string): Promise<number> {
  assertShopId(shopId);
  return deleteItems(prisma, shopId, [{ type: sourceType, id: sourceId }]);
}

export interface KnowledgeListItem extends Pick<ChunkContent, "sourceType" | "sourceId" | "title" | "url" | "price" | "currency"> {
  chunks: number;
  updatedAt: Date;
}

export interface KnowledgeList {
  items: KnowledgeListItem[];
  /** Items matching the filter, for pagination. */
  total: number;
  counts: Record<SourceType, number> & { chunks: number };
}

export interface KnowledgeItemChunk {
  chunkIndex: number;
  title: string;
  url: string | null;
  price: string | null;
  currency: string | null;
  sku: string | null;
  /** The text the assistant retrieves and quotes: description, variant lines, answer. */
  text: string;
  updatedAt: Date;
}

/** One item of this shop's knowledge as stored, chunk by chunk; an empty list when the shop has no such item. */
export async function getKnowledgeItem(prisma: PrismaClient, shopId: string, sourceType: SourceType, sourceId: string): Promise<KnowledgeItemChunk[]> {
  assertShopId(shopId);
  return prisma.knowledgeChunk.findMany({
    where: { shopId, sourceType, sourceId },
    select: { chunkIndex: true, title: true, url: true, price: true, currency: true, sku: true, text: true, updatedAt: true },
    orderBy: { chunkIndex: "asc" },
  });
}

export const MAX_LIST_PAGE_SIZE = 100;

export async function listKnowledge(
  prisma: PrismaClient,
  shopId: string,
  options: { page?: number; pageSize?: number; sourceType?: SourceType } = {},
): Promise<KnowledgeList> {
  assertShopId(shopId);
  const pageSize = clampInt(options.pageSize ?? 20, 1, MAX_LIST_PAGE_SIZE);
  const page = clampInt(options.page ?? 1, 1, 1_000_000);
  const typeFilter = options.sourceType ? Prisma.sql`AND source_type = ${options.sourceType}::"SourceType"` : Prisma.empty;
  const items = await prisma.$queryRaw<KnowledgeListItem[]>`
    SELECT source_type::text AS "sourceType", source_id AS "sourceId",
           (array_agg(title ORDER BY chunk_index))[1] AS title,
           (array_agg(url ORDER BY chunk_index))[1] AS url,
           (array_agg(price ORDER BY chunk_index))[1] AS price,
           (array_agg(currency ORDER BY chunk_index))[1] AS currency,
           count(*)::int AS chunks, max(updated_at) AS "updatedAt"
    FROM knowledge_chunks
    WHERE shop_id = ${shopId}::uuid ${typeFilter}
    GROUP BY source_type, source_id
    ORDER BY source_type, lower((array_agg(title ORDER BY chunk_index))[1]), source_id
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;
  const perType = await prisma.$queryRaw<{ sourceType: SourceType; items: number; chunks: number }[]>`
    SELECT source_type::text AS "sourceType", count(DISTINCT source_id)::int AS items, count(*)::int AS chunks
    FROM knowledge_chunks WHERE shop_id = ${shopId}::uuid GROUP BY source_type`;
  const counts = { product: 0, faq: 0, policy: 0, page: 0, chunks: 0 };
  for (const row of perType) {
    counts[row.sourceType] = row.items;
    counts.chunks += row.chunks;
  }
  const total = options.sourceType ? counts[options.sourceType] : counts.product + counts.faq + counts.policy + counts.page;
  return { items, total, counts };
}

interface ItemState {
  chunks: number;
  /** Fingerprint of the ordered chunk hashes, comparable with draftsSignature(). */
  signature: string;
  /** Every chunk embedded by the current model (and size, when known). */
  current: boolean;
}

type ItemRef = { type: SourceType; id: string };

const itemKey = (type: SourceType, id: string) => `${type}\u0000${id}`;
const parseKey = (key: string): ItemRef => {
  const [type, id] = key.split("\u0000");
  return { type: type as SourceType, id };
};

/** One row per item rather than per chunk keeps this small for large catalogs. */
async function loadItemStates(prisma: PrismaClient, embedder: Embedder, shopId: string, only?: ItemRef): Promise<Map<string, ItemState>> {
  const filter = only ? Prisma.sql`AND source_type = ${only.type}::"SourceType" AND source_id = ${only.id}` : Prisma.empty;
  const rows = await prisma.$queryRaw<{ type: SourceType; id: string; chunks: number; signature: string; current: boolean }[]>`
    SELECT source_type::text AS type, source_id AS id, count(*)::int AS chunks,
           md5(string_agg(content_hash, ',' ORDER BY chunk_index)) AS signature,
           bool_and(embedding_model = ${embedder.modelId} AND (${embedder.dimensions}::int = 0 OR embedding_dim = ${embedder.dimensions}::int)) AS current
    FROM knowledge_chunks
    WHERE shop_id = ${shopId}::uuid ${filter}
    GROUP BY source_type, source_id`;
  return new Map(rows.map((row) => [itemKey(row.type, row.id), { chunks: row.chunks, signature: row.signature, current: row.current }]));
}

function draftsSignature(drafts: ChunkDraft[]): string {
  return createHash("md5").update(drafts.map((draft) => draft.contentHash).join(",")).digest("hex");
}

interface PendingItem {
  ref: ItemRef;
  drafts: ChunkDraft[];
  existed: boolean;
}

async function syncItems(
  prisma: PrismaClient,
  embedder: Embedder,
  shopId: string,
  items: Iterable<KnowledgeItem>,
  existing: Map<string, ItemState>,
  onProgress?: ImportProgress,
): Promise<ImportResult> {
  const result = { chunks: 0, embedded: 0, unchanged: 0, removed: 0, items: { added: 0, updated: 0, unchanged: 0, removed: 0 } };
  const list = [...items];
  let pending: PendingItem[] = [];
  let pendingChunks = 0;
  let done = 0;
  const flush = async () => {
    if (pending.length) {
      const batch = await writeBatch(prisma, embedder, shopId, pending);
      forgetTermFrequencies(shopId);
      forgetReadAhead(shopId);
      result.embedded += batch.embedded;
      result.unchanged += batch.reused;
    }
    pending = [];
    pendingChunks = 0;
    await onProgress?.({ done, total: list.length });
  };
  for (const item of list) {
    // Chunking (HTML to text) is CPU work on the HTTP thread: let requests in between.
    if (done > 0 && done % YIELD_EVERY_ITEMS === 0) await new Promise((resolve) => setImmediate(resolve));
    done++;
    const ref = { type: item.type, id: item.data.id };
    const key = itemKey(ref.type, ref.id);
    const drafts = chunkItem(item);
    result.chunks += drafts.length;
    const before = existing.get(key);
    if (before?.current && before.signature === draftsSignature(drafts)) {
      result.unchanged += drafts.length;
      result.items.unchanged++;
      continue;
    }
    if (before) result.items.updated++;
    else result.items.added++;
    pending.push({ ref, drafts, existed: Boolean(before) });
    pendingChunks += drafts.length;
    if (pendingChunks >= IMPORT_BATCH_CHUNKS) await flush();
  }
  await flush();
  return result;
}

/** Embeds what must be embedded, then replaces the batch's items in short transactions of whole items. */
/** Consecutive items, about `chunks` chunks per group; an item is never split. */
function* itemGroups(items: PendingItem[], chunks: number): Generator<PendingItem[]> {
  let group: PendingItem[] = [];
  let size = 0;
  for (const item of items) {
    if (group.length && size + item.drafts.length > chunks) {
      yield group;
      group = [];
      size = 0;
    }
    group.push(item);
    size += item.drafts.length;
  }
  if (group.length) yield group;
}

async function writeBatch(prisma: PrismaClient, embedder: Embedder, shopId: string, items: PendingItem[]): Promise<{ embedded: number; reused: number }> {
  const drafts = items.flatMap((item) => item.drafts);
  // Edited items usually keep most chunk texts (a changed image URL keeps all of them): their
  // stored vectors are reused instead of paying for them again.
  const stored = await loadReusableEmbeddings(prisma, embedder, shopId, items.filter((item) => item.existed).map((item) => item.ref));
  const vectors = new Map<string, string>();
  let reused = 0;
  for (const draft of drafts) {
    const previous = stored.get(draft.text);
    if (previous) {
      vectors.set(draft.text, previous.vector);
      reused++;
    }
  }
  const toEmbed = [...new Set(drafts.map((draft) => draft.text).filter((text) => !vectors.has(text)))];
  let dimensions = stored.values().next().value?.dimensions ?? 0;
  if (toEmbed.length) {
    const embedded = await embedder.embed(toEmbed);
    if (embedded.length !== toEmbed.length) throw new Error(`Embedder ${embedder.modelId} returned ${embedded.length} vectors for ${toEmbed.length} texts`);
    dimensions = checkVectors(embedder, embedded);
    toEmbed.forEach((text, i) => vectors.set(text, vectorLiteral(embedded[i])));
  }
  // Short transactions, each holding whole items: on the embedded database (one connection) a
  // chat turn waits for at most one of them, never for a whole batch of HNSW inserts.
  for (const group of itemGroups(items, CHUNKS_PER_TRANSACTION)) {
    await prisma.$transaction(async (tx) => {
      // Concurrent imports of one shop would otherwise race between delete and insert.
      await tx.$queryRaw`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(${shopId}))) AS locked`;
      await deleteItemsIn(tx, shopId, group.map((item) => item.ref));
      const groupDrafts = group.flatMap((item) => item.drafts);
      for (let start = 0; start < groupDrafts.length; start += ROWS_PER_INSERT) {
        const rows = groupDrafts.slice(start, start + ROWS_PER_INSERT).map(
          (draft) => Prisma.sql`(${shopId}::uuid, ${draft.sourceType}::"SourceType", ${draft.sourceId}, ${draft.chunkIndex}::int,
            ${draft.title}, ${draft.url}, ${draft.price}, ${draft.currency}, ${draft.image}, ${draft.sku}, ${draft.cartVariantId}, ${draft.text},
            ${draft.contentHash}, ${embedder.modelId}, ${dimensions}::int, ${vectors.get(draft.text)!}::vector,
            palompy_tsvector(${draft.title}, ${draft.text}), now(), now())`,
        );
        await tx.$executeRaw`
          INSERT INTO knowledge_chunks (shop_id, source_type, source_id, chunk_index, title, url, price, currency, image, sku, cart_variant_id, text,
            content_hash, embedding_model, embedding_dim, embedding, search_vector, created_at, updated_at)
          VALUES ${Prisma.join(rows)}`;
      }
    }, TRANSACTION_OPTIONS);
  }
  return { embedded: toEmbed.length, reused };
}

function checkVectors(embedder: Embedder, vectors: number[][]): number {
  const dimensions = vectors[0].length;
  if (!isSupportedDimension(dimensions)) throw new Error(`Embedder ${embedder.modelId} produced ${dimensions}-dimensional vectors, which cannot be indexed`);
  for (const vector of vectors) {
    if (vector.length !== dimensions || !vector.every(Number.isFinite)) {
      throw new Error(`Embedder ${embedder.modelId} produced an invalid vector (length ${vector.length}, expected ${dimensions})`);
    }
  }
  return dimensions;
}

async function loadReusableEmbeddings(
  prisma: PrismaClient,
  embedder: Embedder,
  shopId: string,
  refs: ItemRef[],
): Promise<Map<string, { vector: string; dimensions: number }>> {
  const reusable = new Map<string, { vector: string; dimensions: number }>();
  for (let start = 0; start < refs.length; start += IDS_PER_DELETE) {
    const itemsSql = Prisma.join(refs.slice(start, start + IDS_PER_DELETE).map((ref) => Prisma.sql`(${ref.type}::"SourceType", ${ref.id})`));
    const rows = await prisma.$queryRaw<{ text: string; vector: string; dimensions: number }[]>`
      SELECT DISTINCT ON (text) text, embedding::text AS vector, embedding_dim AS dimensions
      FROM knowledge_chunks
      WHERE shop_id = ${shopId}::uuid AND embedding_model = ${embedder.modelId}
        AND (${embedder.dimensions}::int = 0 OR embedding_dim = ${embedder.dimensions}::int)
        AND (source_type, source_id) IN (${itemsSql})`;
    for (const row of rows) reusable.set(row.text, { vector: row.vector, dimensions: row.dimensions });
  }
  return reusable;
}

async function deleteItems(prisma: PrismaClient, shopId: string, refs: ItemRef[]): Promise<number> {
  if (!refs.length) return 0;
  const removed = await prisma.$transaction((tx) => deleteItemsIn(tx, shopId, refs), TRANSACTION_OPTIONS);
  forgetTermFrequencies(shopId);
  forgetReadAhead(shopId);
  return removed;
}

async function deleteItemsIn(tx: Prisma.TransactionClient, shopId: string, refs: ItemRef[]): Promise<number> {
  let removed = 0;
  for (let start = 0; start < refs.length; start += IDS_PER_DELETE) {
    const itemsSql = Prisma.join(refs.slice(start, start + IDS_PER_DELETE).map((ref) => Prisma.sql`(${ref.type}::"SourceType", ${ref.id})`));
    removed += await tx.$executeRaw`
      DELETE FROM knowledge_chunks WHERE shop_id = ${shopId}::uuid AND (source_type, source_id) IN (${itemsSql})`;
  }
  return removed;
}

function clampInt(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.trunc(Number.isFinite(value) ? value : min)));
}
