// Issue 19, listings: «колонку блютуз ищу, какие есть» asks for the shop's speakers. "I'm looking for"
// (ищу) only says that a list is wanted, and a word beside the kind that nothing in the catalog
// says (блютуз) is passed over, while one that some items say still narrows the list. Right after a
// list, «а цветной какой-нибудь?» narrows it. Tested on a small bilingual shop of this file's own,
// not on the eval's stores.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { product, type StorePayload, type VariantRow } from "../../bench/eval/shoppers/compact";
import { payloadShopForFile, productIds } from "./support";

const p = (id: string, sku: string, name: string, tags: string[], description: string, variants: VariantRow[]) => product("RUB", "Volna", id, sku, name, tags, description, variants);

const PAYLOAD: StorePayload = {
  products: [
    p("s01", "SP-1", "Колонка Wave Mini", ["колонки", "speakers"], "Маленькая колонка на 5 Вт с ремешком, водозащита IPX7.", [["Синяя", "BL", 2490, true]]),
    p("s02", "SP-2", "Колонка Boom 30 Вт", ["колонки", "speakers"], "Громкая колонка с подсветкой для вечеринки на даче.", [["Чёрная", "BK", 7990, true]]),
    p("s03", "HP-1", "Air Lite Earbuds", ["наушники", "headphones"], "Bluetooth 5.3 earbuds: 6 hours of music, 24 more with the case.", [["White", "WH", 2990, true]]),
    p("s04", "LN-1", "Фонарь кемпинговый Луч", ["фонари", "lanterns"], "Светодиодный фонарь на 300 лм, три режима.", [["Зелёный", "GR", 1890, true]]),
    p("s05", "LN-2", "Camping Lantern Glow", ["lanterns", "фонари"], "LED lantern, 200 lumens, charges over USB.", [["Orange", "OR", 1490, true]]),
  ],
  faq: [{ id: "vfaq-delivery", question: "Сколько стоит доставка? / How much is delivery?", answer: "Курьером 350 ₽, бесплатно от 3000 ₽. Courier 350 ₽, free from 3000 ₽." }],
  policies: [],
};

const { ask } = payloadShopForFile(PAYLOAD, "Volna", "hi@volna.example");
// A listing says how many items of the kind there are (a search's answer does not) and shows them.
const listing = async (message: string) => {
  const { reply } = await ask(message, randomUUID());
  return { count: /(\d+) (?:товар|items?\b)/u.exec(reply.answer)?.[1], ids: productIds(reply).sort() };
};

describe("a listing asked for with «ищу» / \"I'm looking for\"", () => {
  it("lists every item of the kind, in Russian and in English", async () => {
    expect(await listing("фонарь ищу, какие есть?")).toEqual({ count: "2", ids: ["s04", "s05"] });
    expect(await listing("I'm looking for lanterns, which do you have?")).toEqual({ count: "2", ids: ["s04", "s05"] });
  });
});

describe("a word beside the kind", () => {
  it("is passed over when nothing in the catalog says it: the speakers, not the earbuds that say Bluetooth", async () => {
    expect(await listing("колонку блютуз ищу, какие есть")).toEqual({ count: "2", ids: ["s01", "s02"] });
  });

  it("narrows the kind to the items that say it when some do", async () => {
    expect(await listing("какие есть колонки с подсветкой?")).toEqual({ count: "1", ids: ["s02"] });
  });

  it("leaves none of the kind when only other items say it: no list of every speaker as «светодиодные»", async () => {
    const { count, ids } = await listing("какие есть светодиодные колонки?");
    expect(count === "2" && ids.join() === "s01,s02").toBe(false);
  });
});

describe("«а … какой-нибудь?» right after a list", () => {
  it("narrows the kind just shown to the items that say the word", async () => {
    const sessionId = randomUUID();
    expect(productIds((await ask("фонари какие есть?", sessionId)).reply).sort()).toEqual(["s04", "s05"]);
    const { reply } = await ask("а светодиодный какой-нибудь?", sessionId);
    expect(productIds(reply)).toEqual(["s04"]);
  });
});
