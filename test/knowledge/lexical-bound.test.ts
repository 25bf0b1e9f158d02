import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { parseImportPayload } from "~/knowledge/payload";
import { MAX_RANKED_LEXICAL_MATCHES, retrieve } from "~/knowledge/retrieve.server";
import { importKnowledge } from "~/knowledge/store.server";
import { createTestShop, openTestDatabase } from "../support/db";

describe("lexical channel on a shop with more matches than it ranks", () => {
  let db: Database;
  let shopId: string;
  const embedder = new LocalHashEmbedder();

  beforeAll(async () => {
    db = await openTestDatabase();
    shopId = (await createTestShop(db, "Many jackets")).id;
    const common = Array.from({ length: MAX_RANKED_LEXICAL_MATCHES + 300 }, (_, i) => ({
      id: `jacket-${i}`,
      name: `Jacket model ${i}`,
      description: `Jacket ${i} is machine washable at 30 degrees.`,
    }));
    // Written last, so a bounded sample in physical order would be the first to miss it.
    const wanted = { id: "the-one", name: "Alpine jacket", description: "The alpine jacket is fully waterproof and windproof." };
    const parsed = parseImportPayload({ products: [...common, wanted], faq: [], policies: [] });
    if (!parsed.ok) throw new Error(parsed.message);
    await importKnowledge(db.prisma, embedder, shopId, parsed.data, { mode: "full" });
  });
  afterAll(() => db?.close());

  it("still ranks the chunk that matches all of the shopper's words first", async () => {
    const results = await retrieve(db.prisma, embedder, shopId, "waterproof alpine jacket", { mode: "lexical", limit: 5 });
    expect(results[0]?.sourceId).toBe("the-one");
    expect(results).toHaveLength(5);
  });
});
