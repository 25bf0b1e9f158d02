// Issue 19, round 3: mechanisms found by probing FORMS of questions (bench/variant-language-probe.ts: every
// variant of the eval stores asked in many wordings, the page in the other language), each on a small
// bilingual shop of this file's own (books and bags), not in the eval.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isFollowUp } from "~/chat/conversation.server";
import { guardPrices } from "~/chat/guardrails/prices";
import { detectLanguage } from "~/chat/language";
import { colourOf, coloursIn } from "~/chat/colour-words";
import { askedVariants, variantsOf } from "~/chat/variants";
import { product, type StorePayload, type VariantRow } from "../../bench/eval/shoppers/compact";
import { payloadShopForFile, productIds } from "./support";

const p = (id: string, sku: string, name: string, tags: string[], description: string, variants: VariantRow[]) => product("RUB", "Полка и Сумка", id, sku, name, tags, description, variants);

const PAYLOAD: StorePayload = {
  products: [
    p("r01", "BK-7", "Ирина Ковалёва. Зимний сад", ["книги", "books", "романы"], "Роман о семье, которая сорок лет ухаживает за оранжереей на севере.", [["Твёрдая обложка", "H", 890, true], ["Мягкая обложка", "S", 490, false], ["Электронная книга", "E", 299, true]]),
    p("r02", "BK-8", "Олег Сомов. Река без берегов", ["книги", "books", "романы"], "Семейная сага о сплавщиках леса.", [["Твёрдая обложка", "H", 790, false], ["Мягкая обложка", "S", 450, true]]),
    p("r03", "TB-1", "Canvas Tote with Zip Pocket", ["bags", "сумки"], "A sturdy canvas tote with an inner zip pocket for keys and a phone.", [["Sand", "SD", 1890, true], ["Olive", "OL", 1890, false], ["Black", "BK", 1890, true]]),
    p("r04", "HD-1", "Худи Трейл флис", ["худи", "hoodies", "одежда"], "Тёплое флисовое худи с капюшоном и карманом-кенгуру.", [["XS", "XS", 3990, true], ["S", "S", 3990, true], ["M", "M", 3990, true], ["XL", "XL", 4290, false]]),
    p("r06", "MG-1", "Кружка Полярная", ["кружки", "mugs"], "Фарфоровая кружка 300 мл с рисунком северного сияния.", [["Белая", "WH", 690, true], ["Чёрная", "BK", 690, false], ["Тёмно-синяя", "NV", 790, true]]),
    p("r07", "YM-1", "Коврик Асана 60 см", ["коврики", "mats"], "Коврик для йоги шириной 60 см, не скользит.", [["Фиолетовый", "", 1590, true]]),
    p("r05", "PB-1", "Лежанка для собак Облако", ["лежанки", "dog beds"], "Мягкая круглая лежанка со съёмным чехлом.", [["M (60 см)", "M", 2990, true], ["XL (90 см)", "XL", 4490, true]]),
  ],
  faq: [
    { id: "sfaq-delivery", question: "Сколько стоит доставка?", answer: "Курьером по городу — 350 ₽, бесплатно от 3000 ₽." },
    { id: "sfaq-sizes", question: "Как выбрать размер худи и лежанки?", answer: "Размер худи XS — 40–42, S — 44–46, M — 48–50, XL — 52–54 по обхвату груди. Размер лежанки: M для собак до 15 кг, XL — крупнее." },
  ],
  policies: [{ id: "spolicy-returns", title: "Возврат", content: "Вернуть товар можно в течение 14 дней.", url: "/policies/returns" }],
};

const { ask: askIn } = payloadShopForFile(PAYLOAD, "Полка и Сумка", "hi@polka-sumka.example");
const ask = (message: string, options: { sessionId?: string; lang?: string } = {}) => askIn(message, options.sessionId, options.lang ? { lang: options.lang } : {});

describe("a product's name is not the shopper's language (probe: 19 of 278 «{name} {option} сколько стоит?» on the English page answered in English)", () => {
  it("a run of capitalised words in the other alphabet is a name, and its function words do not vote", () => {
    expect(detectLanguage("Canvas Tote with Zip Pocket сколько стоит?", { lang: "en" })).toBe("ru");
    expect(detectLanguage("Есть Canvas Tote with Zip Pocket в чёрном?", { lang: "en" })).toBe("ru");
    // What the names leave decides as before.
    expect(detectLanguage("how much is the Палатка Эльбрус 3?", { lang: "ru" })).toBe("en");
    expect(detectLanguage("Есть ли у вас Summit Down Jacket?", { lang: "en" })).toBe("ru");
    // A message in one alphabet keeps its capitalised words (German nouns are words, not names).
    expect(detectLanguage("Storm Pro 3L", { lang: "ru" })).toBe("ru");
  });

  it("Cyrillic words in an English question are the shop's names for an option: «is Твёрдая обложка available?» is English", () => {
    expect(detectLanguage("is Твёрдая обложка available?", { lang: "ru" })).toBe("en");
  });

  it("«Canvas Tote with Zip Pocket Olive сколько стоит?» on the English page: a Russian answer, the sold-out colour said, the colours in stock named", async () => {
    const { reply } = await ask("Canvas Tote with Zip Pocket Olive сколько стоит?", { lang: "en" });
    expect(reply.language).toBe("ru");
    expect(productIds(reply)[0]).toBe("r03");
    expect(reply.answer).toMatch(/«Olive».*1 890 ₽.*нет в наличии.*В наличии: Sand, Black/);
  });
});

describe("a full stop inside a product's title ends no sentence for the price guard (probe: every English answer about a book «Author. Title»)", () => {
  it("keeps the price said after an unquoted title with a full stop, and still drops an unknown price", () => {
    const context = { allowed: [], items: [{ title: "Ирина Ковалёва. Зимний сад", price: 299, display: "299 ₽", amounts: [299, 490, 890] }] };
    const kept = guardPrices('Ирина Ковалёва. Зимний сад: "Твёрдая обложка" costs 890 ₽, in stock.', context);
    expect(kept.text).toBe('Ирина Ковалёва. Зимний сад: "Твёрдая обложка" costs 890 ₽, in stock.');
    expect(kept.removed).toBe(0);
    expect(guardPrices("Delivery is free. Shipping costs 123 ₽.", context).text).toBe("Delivery is free. ");
  });

  it("how much is «Ирина Ковалёва. Зимний сад» in hardcover, asked in English: the variant's price and stock, not just the author's name", async () => {
    const { reply } = await ask("how much is Ирина Ковалёва. Зимний сад твёрдая обложка", { lang: "ru" });
    expect(reply.language).toBe("en");
    expect(productIds(reply)).toEqual(["r01"]);
    expect(reply.answer).toMatch(/"Твёрдая обложка" \(SKU BK-7-H\) costs 890 ₽, in stock/);
  });
});

describe("a short question about an option or stock continues the product just discussed (probe: 44 of 278 «а {option} есть?» lost the product)", () => {
  it('«а …», "and …", "what about …" and «… есть?», "… available?", "… in stock?" of a few words are follow-ups; a long question is not', () => {
    expect(isFollowUp("а мягкая обложка есть?")).toBe(true);
    expect(isFollowUp("is Olive colour available?")).toBe(true);
    expect(isFollowUp("and the black one in stock?")).toBe(true);
    expect(isFollowUp("Твёрдая обложка в наличии?")).toBe(true);
    expect(isFollowUp("Какие книги о семье вы посоветуете почитать в отпуске?")).toBe(false);
    expect(isFollowUp("Есть ли у вас большие сумки для поездок на море летом?")).toBe(false);
  });

  it("after the book's price, «а мягкая обложка есть?» is about that book: sold out in paperback, the formats in stock named", async () => {
    const sessionId = randomUUID();
    const first = await ask("Сколько стоит Ирина Ковалёва. Зимний сад?", { sessionId });
    expect(productIds(first.reply)[0]).toBe("r01");
    const { reply } = await ask("а мягкая обложка есть?", { sessionId });
    expect(productIds(reply)).toEqual(["r01"]);
    expect(reply.answer).toMatch(/«Мягкая обложка».*490 ₽.*нет в наличии.*В наличии: Твёрдая обложка — 890 ₽, Электронная книга — 299 ₽\./);
  });

  it("a product the message names itself comes before the one the earlier turn named («а Река без берегов есть?» is a follow-up by its form)", async () => {
    const sessionId = randomUUID();
    await ask("Сколько стоит Ирина Ковалёва. Зимний сад?", { sessionId });
    const { reply } = await ask("а Река без берегов есть?", { sessionId });
    expect(productIds(reply)[0]).toBe("r02");
    expect(reply.answer).not.toMatch(/Зимний сад/);
  });
});

describe("a size code of two letters or more is a size in any case ('xl', «xs»); a single letter in capitals, after «размер», or ending a short 'in m?'", () => {
  const hoodie = variantsOf(["Variants:\n- XS — SKU: HD-1-XS — 3 990 ₽ — in stock\n- S — SKU: HD-1-S — 3 990 ₽ — in stock\n- M — SKU: HD-1-M — 3 990 ₽ — in stock\n- XL — SKU: HD-1-XL — 4 290 ₽ — out of stock"]);
  const bed = variantsOf(["Variants:\n- M (60 см) — SKU: PB-1-M — 2 990 ₽ — in stock\n- XL (90 см) — SKU: PB-1-XL — 4 490 ₽ — in stock"]);
  const titles = (message: string, variants = hoodie) => askedVariants(message, variants).matched.map((variant) => variant.title);

  it("names the code written small, and the value whose part the code is", () => {
    expect(titles("got the hoodie in xl?")).toEqual(["XL"]);
    expect(titles("а xs есть?")).toEqual(["XS"]);
    expect(titles("the dog bed in xl please", bed)).toEqual(["XL (90 см)"]);
    expect(titles("лежанка размер M", bed)).toEqual(["M (60 см)"]);
    // A lone letter the short question ends on, right after "in"/«в».
    expect(titles("got it in m?")).toEqual(["M"]);
    expect(titles("а в s есть?")).toEqual(["S"]);
    expect(titles("а m для подростка подойдёт?")).toEqual(["M"]);
    // The s of "Women's" is no size, even among Russian words.
    expect(titles("Women's Merino Leggings сколько стоит?")).toEqual([]);
  });

  it('never a lone small letter that is a word («с», "a m")', () => {
    expect(titles("худи с капюшоном")).toEqual([]);
    expect(titles("i need a warm hoodie, m or so")).toEqual([]);
    expect(titles("is it in s and m or only xs")).toEqual(["XS"]);
  });

  it("«Худи Трейл флис в xl?» on the English page: XL's own price, sold out, the sizes in stock named", async () => {
    const { reply } = await ask("Худи Трейл флис в xl?", { lang: "en" });
    expect(productIds(reply)).toEqual(["r04"]);
    // The sizes in stock share a price other than XL's: said once, for all of them.
    expect(reply.answer).toMatch(/«XL».*4 290 ₽.*нет в наличии.*В наличии: XS, S, M — по 3 990 ₽\./);
  });
});

describe("a stock question about a product named clearly answers about that product alone, its stock said plainly (probe: «{name} есть в наличии?» listed three products)", () => {
  it("«Река без берегов есть в наличии?»: that book, its price, «есть в наличии»", async () => {
    const { reply } = await ask("Река без берегов есть в наличии?");
    expect(productIds(reply)).toEqual(["r02"]);
    expect(reply.answer).toMatch(/^«Олег Сомов\. Река без берегов» стоит 450 ₽, есть в наличии\./);
  });

  it('"is the Canvas Tote with Zip Pocket in stock?": that bag alone, "in stock"', async () => {
    const { reply } = await ask("is the Canvas Tote with Zip Pocket in stock?", { lang: "ru" });
    expect(reply.language).toBe("en");
    expect(productIds(reply)).toEqual(["r03"]);
    expect(reply.answer).toMatch(/^Canvas Tote with Zip Pocket costs 1,890 ₽, in stock\./);
  });

  it("a kind asked for is still a list («Есть книги в наличии?» names no one book)", async () => {
    const { reply } = await ask("Есть романы в наличии?");
    expect(productIds(reply)).toEqual(expect.arrayContaining(["r01", "r02"]));
  });
});

describe("a basic colour named in the other language than the catalog's is that variant (probe: 137 of 140 asks failed, 0 after)", () => {
  it("knows a colour word in either language, in any form of the Russian adjective, and nothing that merely begins like one", () => {
    expect(colourOf("Black")).toBe("black");
    expect(colourOf("чёрная")).toBe("black");
    expect(colourOf("черных")).toBe("black");
    expect(colourOf("белья")).toBeUndefined();
    expect(colourOf("серии")).toBeUndefined();
    expect(colourOf("синтетика")).toBeUndefined();
    expect([...coloursIn("got it in sky blue or grey?")]).toEqual(["light-blue", "grey"]);
  });

  it("matches «Чёрная» for 'black', «Белая» for 'white', and a two-word colour only by both words", () => {
    const mug = variantsOf(["Variants:\n- Белая — SKU: MG-1-WH — 690 ₽ — in stock\n- Чёрная — SKU: MG-1-BK — 690 ₽ — out of stock\n- Тёмно-синяя — SKU: MG-1-NV — 790 ₽ — in stock"]);
    const titles = (message: string) => askedVariants(message, mug).matched.map((variant) => variant.title);
    expect(titles("do you have it in black?")).toEqual(["Чёрная"]);
    expect(titles("white one please")).toEqual(["Белая"]);
    // Every word of the value: «Тёмно-синяя» is not plain "blue".
    expect(titles("in blue?")).toEqual([]);
  });

  it("'Do you have the Кружка Полярная in black?' on the Russian page: an English answer, black sold out, the colours in stock named", async () => {
    const { reply } = await ask("Do you have the Кружка Полярная in black?", { lang: "ru" });
    expect(reply.language).toBe("en");
    expect(productIds(reply)).toEqual(["r06"]);
    expect(reply.answer).toMatch(/"Чёрная".*690 ₽.*currently out of stock.*In stock: Белая for 690 ₽, Тёмно-синяя for 790 ₽\./);
  });

  it("«а чёрный есть?» after the English-named bag: its Black variant, in stock, in Russian", async () => {
    const sessionId = randomUUID();
    await ask("Сколько стоит Canvas Tote with Zip Pocket?", { sessionId, lang: "en" });
    const { reply } = await ask("а чёрный есть?", { sessionId, lang: "en" });
    expect(reply.language).toBe("ru");
    expect(productIds(reply)).toEqual(["r03"]);
    expect(reply.answer).toMatch(/«Black».*1 890 ₽.*есть в наличии/);
  });
});

describe("a product the message names in full that comes one way only is what it asks about, never another product's option (probe: «Сколько стоит {name}?» answered with another product's variant 3 of 187)", () => {
  it("«Сколько стоит Коврик Асана 60 см?»: the mat, not the dog bed's «M (60 см)»", async () => {
    const { reply } = await ask("Сколько стоит Коврик Асана 60 см?");
    expect(productIds(reply)[0]).toBe("r07");
    expect(reply.answer).toMatch(/^«Коврик Асана 60 см» стоит 1 590 ₽/);
    expect(reply.answer).not.toMatch(/Облако/);
  });
});

describe("whether a found product comes in the option the message names is a product question, even when a sizing FAQ ranks first (u31: «трейл раннеры 44 размер есть?» got the sizing FAQ)", () => {
  it("«худи трейл XL размер есть?»: the hoodie's XL, its price, sold out, the sizes in stock", async () => {
    const { reply } = await ask("худи трейл XL размер есть?");
    expect(productIds(reply)).toEqual(["r04"]);
    expect(reply.answer).toMatch(/«XL».*4 290 ₽.*нет в наличии.*В наличии: XS, S, M/);
  });

  it("a sizing question without a stock word still gets the sizing answer", async () => {
    const { reply } = await ask("как выбрать размер худи XL?");
    expect(reply.sources[0]?.id).toBe("sfaq-sizes");
  });
});
