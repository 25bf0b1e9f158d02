import { rawQuery } from "~/db/raw-sql.server";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import type { RetrievedChunk } from "./retrieve.server";
import { contentWords, stem } from "./text";

const MAX_WORDS = 4;
const MIN_WORD_LENGTH = 4;

/**
 * Products whose URL handle has one of the message's words at a word start ("thermos" in
 * /products/arktika-thermos-1l for "Do you have thermoses?"): the last resort when nothing the shop
 * wrote matches, as shops often give their handles in another language than their names. Only
 * Latin words (handles are ASCII); one statement over the shop's products' first chunks. The chunks
 * come back unscored (no channel found them), so the caller decides they answer.
 */
export async function productsByHandle(prisma: PrismaClient, shopId: string, message: string, limit = 5): Promise<RetrievedChunk[]> {
  const words = [...new Set(contentWords(message).filter((word) => /^[a-z]+$/.test(word)).map(stem))].filter((word) => word.length >= MIN_WORD_LENGTH).slice(0, MAX_WORDS);
  if (!words.length) return [];
  const patterns = words.flatMap((word) => [`${word}%`, `%-${word}%`]);
  const rows = await rawQuery<Omit<RetrievedChunk, "score" | "similarity" | "lexicalRank" | "exactMatch">>(
    prisma,
    Prisma.sql`
      SELECT id::text AS "chunkId", source_type::text AS "sourceType", source_id AS "sourceId", title, url, price, currency, image, sku, cart_variant_id AS "cartVariantId", text
      FROM knowledge_chunks
      WHERE shop_id = ${shopId}::uuid AND source_type = 'product'::"SourceType" AND chunk_index = 0 AND url IS NOT NULL
        AND regexp_replace(lower(url), '^.*/', '') LIKE ANY (${patterns}::text[])
      ORDER BY source_id
      LIMIT ${limit}`,
  );
  return rows.map((row) => ({ ...row, score: 0, similarity: null, lexicalRank: null, exactMatch: false }));
}
