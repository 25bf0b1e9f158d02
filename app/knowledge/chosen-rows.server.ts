import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { rawQuery } from "~/db/raw-sql.server";
import type { ChunkContent } from "./chunker";
import { ChunkRowsCache } from "./chunk-rows-cache.server";
import { knownChunkCount } from "./term-weights.server";

export interface ChunkRow extends ChunkContent {
  chunkId: string;
}

/** A chosen chunk in full; a product's with every chunk text of its item, in order. */
export type ChosenRow = ChunkRow & { itemTexts?: string[] };

const COLUMNS = Prisma.raw(
  `id::text AS "chunkId", source_type::text AS "sourceType", source_id AS "sourceId", title, url, price, currency, image, sku, cart_variant_id AS "cartVariantId", text`,
);

/**
 * A shop of at most this many chunks (as this process last counted them) has all its rows read
 * when a turn first misses one: in a freshly started process one turn in five of the chat bench's
 * questions read chosen chunks it had not read before, a statement of its own (2.9 ms on average on
 * the embedded database). The whole shop costs that turn one statement still, and the turns after
 * it none.
 */
const MAX_READ_AHEAD_CHUNKS = 500;
/** The most of the kept rows' budget one shop's read-ahead may take; a larger shop is read by the chunk. */
const READ_AHEAD_SHARE = 0.25;
/**
 * How long a shop read ahead is read by the chunk only: rows dropped later for other shops' are
 * read again one by one, and the whole shop again after this long.
 */
const READ_AHEAD_EVERY_MS = 10 * 60_000;
const MAX_READ_AHEAD_SHOPS = 10_000;

const chosenRows = new ChunkRowsCache<ChosenRow>();
const readAheadAt = new Map<string, number>();

/** Called by every writer of a shop's chunks (store.server.ts): its new rows are read ahead at the next miss. */
export function forgetReadAhead(shopId: string): void {
  readAheadAt.delete(shopId);
}

/**
 * The chosen chunks in full, a product's with its item's texts (the answer reads its variant lines
 * next: a round trip less). Only those this process has not read before are read (chunk-rows-cache.server.ts).
 */
export async function chosenChunkRows(prisma: PrismaClient, shopId: string, ids: string[], now = Date.now()): Promise<Map<string, ChosenRow>> {
  const { rows: kept, missing } = chosenRows.take(shopId, ids);
  if (!missing.length) return kept;
  if (mayReadAhead(shopId, now)) {
    readAheadAt.set(shopId, now);
    const whole = await shopRows(prisma, shopId);
    if (whole && chosenRows.keepAll(shopId, whole, READ_AHEAD_SHARE)) {
      for (const id of missing) {
        const row = whole.get(id);
        if (row) kept.set(id, row);
      }
      return kept;
    }
  }
  const rows = await rawQuery<ChunkRow & { itemTexts: string[] | null }>(
    prisma,
    Prisma.sql`
      SELECT ${COLUMNS},
        CASE WHEN source_type = 'product'::"SourceType" THEN ARRAY(
          SELECT item.text FROM knowledge_chunks item
          WHERE item.shop_id = ${shopId}::uuid AND item.source_type = 'product'::"SourceType" AND item.source_id = knowledge_chunks.source_id
          ORDER BY item.chunk_index) END AS "itemTexts"
      FROM knowledge_chunks WHERE shop_id = ${shopId}::uuid AND id = ANY(${missing}::uuid[])`,
    { prepared: true },
  );
  for (const { itemTexts, ...row } of rows) {
    const chosen = chosenRow(row, itemTexts);
    chosenRows.keep(shopId, row.chunkId, chosen);
    kept.set(row.chunkId, chosen);
  }
  return kept;
}

function mayReadAhead(shopId: string, now: number): boolean {
  const chunks = knownChunkCount(shopId, now);
  if (chunks === undefined || chunks > MAX_READ_AHEAD_CHUNKS) return false;
  const last = readAheadAt.get(shopId);
  if (last !== undefined && now - last < READ_AHEAD_EVERY_MS) return false;
  if (readAheadAt.size >= MAX_READ_AHEAD_SHOPS) readAheadAt.clear();
  return true;
}

/** Every row of a small shop, as chosenChunkRows reads one (undefined when the shop has grown past the bound). */
async function shopRows(prisma: PrismaClient, shopId: string): Promise<Map<string, ChosenRow> | undefined> {
  const rows = await rawQuery<ChunkRow & { chunkIndex: number }>(
    prisma,
    Prisma.sql`
      SELECT ${COLUMNS}, chunk_index AS "chunkIndex" FROM knowledge_chunks
      WHERE shop_id = ${shopId}::uuid ORDER BY source_type, source_id, chunk_index
      LIMIT ${MAX_READ_AHEAD_CHUNKS + 1}`,
    { prepared: true },
  );
  if (rows.length > MAX_READ_AHEAD_CHUNKS) return undefined;
  // Read in item order, so each product's texts come in the order of its chunks.
  const itemTexts = new Map<string, string[]>();
  for (const row of rows) {
    if (row.sourceType !== "product") continue;
    const texts = itemTexts.get(row.sourceId) ?? [];
    texts.push(row.text);
    itemTexts.set(row.sourceId, texts);
  }
  return new Map(rows.map(({ chunkIndex: _chunkIndex, ...row }) => [row.chunkId, chosenRow(row, row.sourceType === "product" ? itemTexts.get(row.sourceId) : null)]));
}

/** Shared by every turn that chooses the chunk: frozen, so no reader can change what the next one gets. */
function chosenRow(row: ChunkRow, itemTexts: string[] | null | undefined): ChosenRow {
  return Object.freeze(itemTexts ? { ...row, itemTexts: Object.freeze(itemTexts) as string[] } : row);
}
