import type { PrismaClient } from "~/generated/prisma/client";
import type { SourceType } from "~/knowledge/chunker";

/**
 * The platform's updated_at per synced item. Writes are conditional in SQL, so of two racing
 * writers (a webhook and a sync, or two webhooks) the older version can never win.
 */

export async function storedVersions(prisma: PrismaClient, shopId: string, sourceType: SourceType, ids: string[]): Promise<Map<string, Date>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.platformItemVersion.findMany({
    where: { shopId, sourceType, sourceId: { in: ids } },
    select: { sourceId: true, platformUpdatedAt: true },
  });
  return new Map(rows.map((row) => [row.sourceId, row.platformUpdatedAt]));
}

/** True when `candidate` is older than what is stored (equal is not stale: stock changes keep updatedAt). */
export function isStale(stored: Date | undefined, candidate: string | Date): boolean {
  return stored !== undefined && stored.getTime() > new Date(candidate).getTime();
}

export async function recordVersions(
  prisma: PrismaClient,
  shopId: string,
  sourceType: SourceType,
  rows: { id: string; updatedAt: string; available?: boolean }[],
): Promise<void> {
  if (rows.length === 0) return;
  await prisma.$executeRaw`
    INSERT INTO platform_item_versions (shop_id, source_type, source_id, platform_updated_at, available, synced_at)
    SELECT ${shopId}::uuid, ${sourceType}::"SourceType", item.id, item.updated_at, item.available, now()
    FROM unnest(${rows.map((row) => row.id)}::text[], ${rows.map((row) => new Date(row.updatedAt))}::timestamptz[],
                ${rows.map((row) => row.available ?? null)}::boolean[]) AS item(id, updated_at, available)
    ON CONFLICT (shop_id, source_type, source_id) DO UPDATE
      SET platform_updated_at = EXCLUDED.platform_updated_at, available = EXCLUDED.available, synced_at = now()
      WHERE platform_item_versions.platform_updated_at <= EXCLUDED.platform_updated_at`;
}

export async function forgetVersions(prisma: PrismaClient, shopId: string, sourceType: SourceType, ids: string[]): Promise<void> {
  if (ids.length) await prisma.platformItemVersion.deleteMany({ where: { shopId, sourceType, sourceId: { in: ids } } });
}

/** Ids of a type the shop has as knowledge or as a recorded version (what a full sync may remove). */
export async function knownItemIds(prisma: PrismaClient, shopId: string, sourceType: SourceType): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT source_id AS id FROM knowledge_chunks WHERE shop_id = ${shopId}::uuid AND source_type = ${sourceType}::"SourceType"
    UNION
    SELECT source_id FROM platform_item_versions WHERE shop_id = ${shopId}::uuid AND source_type = ${sourceType}::"SourceType"`;
  return rows.map((row) => row.id);
}

