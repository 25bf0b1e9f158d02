import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { parseImportPayload } from "~/knowledge/payload";
import { retrieve } from "~/knowledge/retrieve.server";
import { importKnowledge } from "~/knowledge/store.server";
import { createTestShop, openTestDatabase } from "../support/db";

/**
 * Shoppers write a Latin name in Cyrillic letters and the other way round (issue 19). The names
 * below share no letters with the queries, and the descriptions share no words with them, so only
 * the cross-alphabet name key can connect them.
 */
const catalog = {
  products: [
    { id: "tr", name: "Trail Runner", description: "Lightweight shoes with a grippy outsole.", price: "120.00", currency: "USD" },
    { id: "pb", name: "Power Bank 20000", description: "Charges two devices at once, USB-C.", price: "40.00", currency: "USD" },
    { id: "st", name: "Куртка Сторм", description: "Непромокаемая, с проклеенными швами.", price: 9900, currency: "RUB" },
    { id: "lp", name: "Lantern Pro", description: "Camping light with three brightness modes.", price: "25.00", currency: "USD" },
    { id: "km", name: "Кружка походная", description: "Эмалированная, объём 400 мл.", price: 700, currency: "RUB" },
    { id: "ip", name: "iPhone 15", description: "Smartphone, 128 GB.", price: "799.00", currency: "USD" },
    { id: "sd", name: "Stand for tablets", description: "Aluminium, adjustable angle.", price: "30.00", currency: "USD" },
    { id: "ls", name: "Лось плюшевый", description: "Мягкая игрушка, 30 см.", price: 1200, currency: "RUB" },
  ],
  faq: [],
  policies: [],
};

let db: Database;
let shopId: string;
let otherShopId: string;
const embedder = new LocalHashEmbedder();

beforeAll(async () => {
  db = await openTestDatabase();
  shopId = (await createTestShop(db, "Cross-alphabet shop")).id;
  otherShopId = (await createTestShop(db, "Other shop")).id;
  const parsed = parseImportPayload(catalog);
  if (!parsed.ok) throw new Error(parsed.message);
  await importKnowledge(db.prisma, embedder, shopId, parsed.data, { mode: "full" });
});
afterAll(() => db?.close());

/** The ids of the hybrid ranking's first three items. */
const top3 = async (query: string, shop = shopId) =>
  (await retrieve(db.prisma, embedder, shop, query, { mode: "hybrid", limit: 3 })).map((chunk) => chunk.sourceId);

/** The item's fused score in the hybrid ranking of the whole (small) catalog. */
async function scoreOf(query: string, id: string): Promise<number> {
  const ranked = await retrieve(db.prisma, embedder, shopId, query, { mode: "hybrid", limit: 20 });
  return ranked.find((chunk) => chunk.sourceId === id)?.score ?? 0;
}

describe("names across alphabets", () => {
  it("finds a Latin name written in Cyrillic letters, as one word or several", async () => {
    expect((await top3("трейл раннеры"))[0]).toBe("tr");
    expect((await top3("нужен повербанк"))[0]).toBe("pb");
    expect((await top3("айфон"))[0]).toBe("ip");
  });

  it("finds a Cyrillic name written in Latin letters", async () => {
    expect((await top3("storm"))[0]).toBe("st");
  });

  // A word with no match in any item's text or name leaves an item only what the vector channel
  // (weight 1) gives; a name-key match alone would add 1.5.
  it("does not let an unrelated word of the other alphabet pull an item", async () => {
    // «лампа» (lamp) keys like "Lantern" (lantarn) only loosely; «стоит» (stat) like "Stand" (stand),
    // but short keys match only whole.
    expect(await scoreOf("лампа", "lp")).toBeLessThanOrEqual(1);
    expect(await scoreOf("стоит", "sd")).toBeLessThanOrEqual(1);
    expect(await scoreOf("kruzhka", "km")).toBeGreaterThan(1);
  });

  it("compares keys only across alphabets: same-alphabet names keep their plain comparison", async () => {
    // «лиса» and «Лось» have the same key (las), but share an alphabet.
    expect(await scoreOf("лиса", "ls")).toBeLessThanOrEqual(1);
  });

  it("stays within the shop", async () => {
    expect(await top3("трейл раннеры", otherShopId)).toEqual([]);
  });
});
