import type { Database } from "~/db/open.server";
import type { Embedder } from "~/knowledge/embedders/types";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { parseImportPayload } from "~/knowledge/payload";
import { importKnowledge } from "~/knowledge/store.server";

/** Imports a catalog in the import payload's shape into a shop, merged with what it holds (the local embedder unless another is given). */
export async function importInto(db: Database, shopId: string, json: unknown, embedder: Embedder = new LocalHashEmbedder()) {
  const parsed = parseImportPayload(json);
  if (!parsed.ok) throw new Error(parsed.message);
  return importKnowledge(db.prisma, embedder, shopId, parsed.data, { mode: "merge" });
}
