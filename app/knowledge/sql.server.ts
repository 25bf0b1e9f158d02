import { Prisma } from "~/generated/prisma/client";
import { isUuid } from "~/uuid";
import { isSupportedDimension, SUPPORTED_DIMENSIONS } from "./embedders/types";


/** A malformed shop id is a caller bug; failing loudly beats a SQL cast error or an empty result. */
export function assertShopId(shopId: string): void {
  if (!isUuid(shopId)) throw new TypeError(`Invalid shop id: ${JSON.stringify(shopId)}`);
}

/**
 * The dimension is spliced into SQL as a literal (a bind parameter would hide it from the planner
 * and the partial HNSW indexes would never match), so it must come from the whitelist.
 */
export function dimensionLiteral(dimensions: number): Prisma.Sql {
  if (!isSupportedDimension(dimensions)) {
    throw new Error(`Unsupported embedding dimension ${dimensions}; supported: ${SUPPORTED_DIMENSIONS.join(", ")}`);
  }
  return Prisma.raw(String(dimensions));
}

/** pgvector's text input format. */
export function vectorLiteral(vector: number[]): string {
  return `[${vector.join(",")}]`;
}

export function isZeroVector(vector: number[]): boolean {
  return vector.every((value) => value === 0);
}
