// Issue 19, follow-ups: "the decaf one, how much is the large bag" after a list. The shopper names one
// of the items just shown by a word of its own title, and one of its amounts by its size. Tested on a
// small bilingual shop of this file's own (coffee, honey, tea), not on the eval's stores.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { retrievalQuery, shownNamedIn } from "~/chat/conversation.server";
import type { ChatSource } from "~/chat/context";
import { askedVariants, type VariantLine } from "~/chat/variants";
import { product, type StorePayload, type VariantRow } from "../../bench/eval/shoppers/compact";
import { payloadShopForFile, productIds } from "./support";

const p = (id: string, sku: string, name: string, tags: string[], description: string, variants: VariantRow[]) => product("USD", "Bean & Comb", id, sku, name, tags, description, variants);

const PAYLOAD: StorePayload = {
  products: [
    p("k01", "CB-1", "House Espresso Blend Coffee Beans", ["coffee", "coffee beans"], "Chocolate and hazelnut notes, a dark roast for espresso.", [["250 g", "250", 9.5, true], ["1 kg", "1000", 29, true]]),
    p("k02", "CB-2", "Mountain Decaf Coffee Beans", ["coffee", "coffee beans", "decaf"], "Swiss-water decaffeinated, a medium roast.", [["250 g", "250", 11, true], ["1 kg", "1000", 34, true]]),
    p("k03", "CB-3", "Ethiopia Yirgacheffe Coffee Beans", ["coffee", "coffee beans"], "Floral and citrus, a light roast for filter.", [["250 g", "250", 13, true], ["1 kg", "1000", 41, false]]),
    p("k04", "HN-1", "Мёд липовый", ["мёд"], "Светлый липовый мёд с пасеки в Башкирии.", [["250 г", "250", 6, true], ["500 г", "500", 10, true], ["1 кг", "1000", 18, true]]),
    p("k05", "HN-2", "Мёд гречишный", ["мёд"], "Тёмный гречишный мёд с пряным вкусом.", [["250 г", "250", 7, true], ["1 кг", "1000", 21, true]]),
    p("k06", "TE-1", "Green Tea Sencha", ["tea", "green tea"], "Japanese sencha, loose leaf.", [["50 g", "50", 8, true], ["200 g", "200", 24, true]]),
    p("k07", "MG-1", "Enamel Camp Mug", ["mugs"], "A camp mug for coffee or tea.", [["Blue", "BL", 12, true], ["Red", "RD", 12, true]]),
  ],
  faq: [{ id: "kfaq-delivery", question: "How much is delivery? / Сколько стоит доставка?", answer: "Courier $5, free from $50. Курьером $5, бесплатно от $50." }],
  policies: [],
};

const { ask: askIn } = payloadShopForFile(PAYLOAD, "Bean & Comb", "hi@bean-and-comb.example");

const source = (id: string, title: string, type: ChatSource["type"] = "product"): ChatSource => ({ type, id, title });
const line = (title: string, price: number): VariantLine => ({ title, options: [title], price, available: true });

describe("one of the items just shown, named by a word of its own title", () => {
  const shown = [source("k01", "House Espresso Blend Coffee Beans"), source("k02", "Mountain Decaf Coffee Beans"), source("k03", "Ethiopia Yirgacheffe Coffee Beans")];

  it("is the one shown item whose title alone has a word of the message", () => {
    expect(shownNamedIn("the decaf one, how much?", shown)?.id).toBe("k02");
    expect(shownNamedIn("and the Ethiopian?", shown)?.id).toBe("k03");
    expect(shownNamedIn("а липовый сколько стоит?", [source("k05", "Мёд гречишный"), source("k04", "Мёд липовый")])?.id).toBe("k04");
  });

  it("is none when the word is in every title, in two of them, in none, or only one product was shown", () => {
    expect(shownNamedIn("how much are the coffee beans?", shown)).toBeUndefined();
    expect(shownNamedIn("the decaf or the espresso one?", shown)).toBeUndefined();
    expect(shownNamedIn("do you ship to Canada?", shown)).toBeUndefined();
    expect(shownNamedIn("the decaf one?", [source("k02", "Mountain Decaf Coffee Beans"), source("kfaq-delivery", "Decaf delivery", "faq")])).toBeUndefined();
  });

  it("puts that item's title, not the first one's, into a follow-up's retrieval query", () => {
    const history = [{ message: "coffee beans?", answer: "…", sources: shown, state: {}, language: "en" }];
    const query = retrievalQuery("the decaf one, how much?", history);
    expect(query).toContain("Mountain Decaf Coffee Beans");
    expect(query).not.toContain("House Espresso");
    expect(retrievalQuery("how much is it?", history)).toContain("House Espresso Blend Coffee Beans");
  });
});

describe("an amount asked for by its size", () => {
  const bags = [line("250 g", 9.5), line("1 kg", 29)];
  // The variant askedVariants resolves the message to, when it names no option value.
  const sizeAsked = (message: string, lines: VariantLine[], kindWords: string[]) => {
    const { matched } = askedVariants(message, lines, kindWords);
    return matched.length === 1 ? matched[0] : undefined;
  };

  it("is the largest amount for big, large, bigger, «большая», and the smallest for small, little, «маленькая»", () => {
    for (const message of ["how much is the big bag?", "the larger pack please", "сколько стоит большая пачка?", "the biggest one"]) expect(sizeAsked(message, bags, ["coffee"])?.title, message).toBe("1 kg");
    for (const message of ["the small bag?", "a little pack", "маленькую упаковку, пожалуйста"]) expect(sizeAsked(message, bags, ["coffee"])?.title, message).toBe("250 g");
    expect(sizeAsked("big bottle?", [line("500 ml", 3), line("1.5 l", 5), line("330 ml", 2)], [])?.title).toBe("1.5 l");
    expect(sizeAsked("the big box", [line("30 pcs", 3), line("90 pcs", 7)], [])?.title).toBe("90 pcs");
  });

  it("is none when the size is said of the product's own kind, of no amount, or both ways", () => {
    expect(sizeAsked("food for a big dog", [line("4 lb", 20), line("12 lb", 46)], ["dog food"])).toBeUndefined();
    // The kind word folded as the tags are («чайник»: й kept), not as the search folds it.
    expect(sizeAsked("большой чайник есть?", [line("1 л", 20), line("2 л", 30)], ["чайник"])).toBeUndefined();
    expect(sizeAsked("a bigger jacket", [line("M", 90), line("L", 90)], [])).toBeUndefined();
    expect(sizeAsked("the big or the small bag?", bags, [])).toBeUndefined();
    expect(sizeAsked("how much is the bag?", bags, [])).toBeUndefined();
    expect(sizeAsked("the big bag", [line("250 g", 9.5), line("1 l", 29)], [])).toBeUndefined();
    expect(sizeAsked("the big bag", [line("1 kg Blue", 9.5), line("1 kg Red", 9.5), line("250 g Red", 4)], [])).toBeUndefined();
  });
});

describe("a follow-up naming a shown item and its amount", () => {
  it("answers the decaf's 1 kg price after a list of coffee beans", async () => {
    const sessionId = randomUUID();
    const list = await askIn("what coffee beans do you have?", sessionId);
    expect(productIds(list.reply)).toEqual(expect.arrayContaining(["k01", "k02", "k03"]));
    const { reply } = await askIn("the decaf one, how much is the large bag?", sessionId);
    expect(productIds(reply)[0]).toBe("k02");
    expect(reply.answer).toContain("34");
    expect(reply.answer).toContain("1 kg");
  });

  it("answers in Russian about the linden honey's smallest jar", async () => {
    const sessionId = randomUUID();
    const list = await askIn("какой мёд у вас есть?", sessionId);
    expect(productIds(list.reply)).toEqual(expect.arrayContaining(["k04", "k05"]));
    const { reply } = await askIn("а липовый, сколько стоит маленькая банка?", sessionId);
    expect(productIds(reply)[0]).toBe("k04");
    expect(reply.answer).toContain("250 г");
    expect(reply.answer).toMatch(/\$6(?!\d)|6[,.]00/);
  });
});
