// Issue 19, round 4: shopper answers right in general (right product, follow-ups, language). Each
// mechanism was found by probing the eval's stores with questions of our own words and is tested
// here on a small bilingual shop of this file's own (throws, hats, coats, heaters), not in the eval.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { detectLanguage } from "~/chat/language";
import { priceConstraint, withoutConstraintWords } from "~/chat/intents";
import { listingRequest } from "~/chat/listing";
import { askedSeason, seasonFit, withoutSeasonWords, withSeasonWords } from "~/chat/season-words";
import { product, type StorePayload, type VariantRow } from "../../bench/eval/shoppers/compact";
import { payloadShopForFile, productIds } from "./support";

const p = (id: string, sku: string, name: string, tags: string[], description: string, variants: VariantRow[]) => product("RUB", "Тёплый дом", id, sku, name, tags, description, variants);

const PAYLOAD: StorePayload = {
  products: [
    p("w01", "TH-1", "Wool Throw Blizzard", ["throws", "пледы"], "A dense sheep's wool throw for cold winter evenings, 140×200 cm.", [["Grey", "GR", 4990, true]]),
    p("w02", "TH-2", "Cotton Summer Throw", ["throws", "пледы"], "A light cotton throw for hot nights, 130×170 cm.", [["Sand", "SD", 2490, true]]),
    p("w03", "TH-3", "Плед флисовый Базовый", ["пледы", "throws"], "Мягкий флис, 150×200 см, стирается в машине.", [["Синий", "BL", 1490, true]]),
    p("w04", "BT-1", "Ботинки утеплённые Север", ["обувь", "зима"], "Ботинки на меху для морозов до −30 °C, зимняя подошва.", [["41", "41", 8990, true], ["42", "42", 8990, true]]),
    p("w05", "HT-1", "Шапка вязаная Клён", ["шапки", "hats"], "Двойная вязка из мериноса, отворот.", [["Бежевая", "BG", 1790, true]]),
    p("w06", "HT-2", "Шапка хлопковая Бриз", ["шапки", "hats"], "Тонкая хлопковая шапка на лето, дышит в жару.", [["Белая", "WH", 990, true]]),
    p("w07", "CT-1", "Rain Coat Drizzle", ["coats", "пальто"], "A light coat for spring rain, packs into its own pocket.", [["M", "M", 6990, true]]),
    p("w08", "CT-2", "Trench Coat City", ["coats", "пальто"], "A cotton trench for mild autumn days in town.", [["M", "M", 9990, true]]),
    p("w09", "CT-3", "Пуховое пальто Полярное", ["пальто", "coats"], "Тёплое пуховое пальто для зимы, комфорт до −25 °C.", [["M", "M", 15990, true]]),
    p("w10", "HE-1", "Масляный радиатор 2000 Вт", ["обогреватели", "heaters"], "Семь секций, три режима, термостат.", [["Белый", "WH", 5490, true]]),
    p("w11", "HE-2", "Тепловентилятор Мини 500 Вт", ["обогреватели", "heaters"], "Настольный, для небольшой комнаты.", [["Белый", "WH", 1990, true]]),
    p("w12", "HE-3", "Конвектор настенный 1500 Вт", ["обогреватели", "heaters"], "Тихий, вешается на стену или ставится на ножки.", [["Белый", "WH", 3990, true]]),
    p("w13", "BK-1", "Сказки на ночь. Том 1", ["книги", "books"], "Двадцать коротких сказок для чтения перед сном.", [["Твёрдая обложка", "H", 690, true]]),
    p("w14", "BK-2", "Сказки на ночь. Том 2", ["книги", "books"], "Ещё двадцать сказок, с картинками.", [["Твёрдая обложка", "H", 790, false]]),
  ],
  faq: [{ id: "wfaq-delivery", question: "Сколько стоит доставка? / How much is delivery?", answer: "Курьером — 390 ₽, бесплатно от 5000 ₽. Courier 390 RUB, free from 5000 RUB." }],
  policies: [{ id: "wpolicy-returns", title: "Возврат / Returns", content: "Вернуть товар можно в течение 14 дней. Returns within 14 days.", url: "/policies/returns" }],
};

const { ask: askIn } = payloadShopForFile(PAYLOAD, "Тёплый дом", "hi@teplyi-dom.example");
const ask = (message: string, options: { sessionId?: string; lang?: string } = {}) => askIn(message, options.sessionId, options.lang ? { lang: options.lang } : {});

describe("a need naming a season finds the items for that season (probe: «одеяло на зиму» -> the summer blanket, «спальник для лета» -> the −20 bag)", () => {
  it("reads the season a message asks for, and not from years, frying or freeze-dried", () => {
    expect(askedSeason("нужно одеяло на зиму")).toBe("cold");
    expect(askedSeason("тёплое одеяло для холодной спальни")).toBe("cold");
    expect(askedSeason("спальник для лета")).toBe("hot");
    expect(askedSeason("носки чтоб не натирало в жару")).toBe("hot");
    expect(askedSeason("a blanket for hot summer nights")).toBe("hot");
    expect(askedSeason("warm enough for summer nights?")).toBeUndefined();
    expect(askedSeason("наушники для ребёнка 5 лет")).toBeUndefined();
    expect(askedSeason("сковорода для жарки")).toBeUndefined();
    expect(askedSeason("freeze-dried treats")).toBeUndefined();
    expect(askedSeason("нужен холодильник")).toBeUndefined();
  });

  it("scores an item by its own words first, then by its rated temperature", () => {
    expect(seasonFit("cold", "Wool Winter Duvet. For cold bedrooms.")).toBeGreaterThan(seasonFit("cold", "Одеяло всесезонное, микроволокно."));
    expect(seasonFit("cold", "Лёгкое летнее одеяло для жарких ночей")).toBeLessThan(0);
    expect(seasonFit("cold", "Спальник, комфорт −20 °C")).toBeGreaterThan(seasonFit("cold", "Спальник, комфорт 0 °C"));
    expect(seasonFit("hot", "Sleeping bag, comfort +10 °C")).toBeGreaterThan(seasonFit("hot", "Sleeping bag, comfort −5 °C"));
  });

  it("searches the season in both languages and reads the kind without it", () => {
    expect(withSeasonWords("плед на зиму", "плед на зиму")).toBe("плед на зиму winter зимний");
    expect(withSeasonWords("плед", "плед")).toBe("плед");
    expect(withoutSeasonWords("нужна шапка на зиму").trim()).toBe("нужна шапка на");
  });

  it("«нужен плед на зиму»: the wool throw for cold evenings first, though its text is English", async () => {
    const { reply } = await ask("нужен плед на зиму");
    expect(productIds(reply)[0]).toBe("w01");
  });

  it("«плед для жаркого лета»: the Cotton Summer Throw first though its text is English", async () => {
    const { reply } = await ask("плед для жаркого лета");
    expect(reply.language).toBe("ru");
    expect(productIds(reply)[0]).toBe("w02");
  });

  it("«нужна шапка на зиму»: a hat, not the boots tagged «зима» (a season's tag is no kind), and not the summer hat", async () => {
    const { reply } = await ask("нужна шапка на зиму");
    expect(productIds(reply)[0]).toBe("w05");
  });
});

describe("words several found products share in their titles name none of them (probe: 'what sleeping bag for winter?' -> the two English-titled bags first)", () => {
  it("'which coat for winter?' on the Russian page: the down coat (titled in Russian) first, not the rain and trench coats", async () => {
    const { reply } = await ask("which coat is good for winter?", { lang: "ru" });
    expect(reply.language).toBe("en");
    expect(productIds(reply)[0]).toBe("w09");
  });

  it("a whole title still names its product beside one differing only by a number (probe: «Стражи Неба. Том 2» answered with «Том 1»)", async () => {
    const { reply } = await ask("Сколько стоит Сказки на ночь. Том 2?");
    expect(productIds(reply)[0]).toBe("w14");
    expect(reply.answer).toContain("790 ₽");
  });

  it("a title word only one product has still names it ('how much is the Trench Coat?')", async () => {
    const { reply } = await ask("how much is the Trench Coat?", { lang: "ru" });
    expect(productIds(reply)[0]).toBe("w08");
    expect(reply.answer).toContain("9,990");
  });
});

describe("a comparative follow-up orders the shown kind, it is no word an item must say (probe: «а помощнее?» after chargers -> nothing found)", () => {
  it("the words of a constraint are left out of the refinement's own words", () => {
    expect(priceConstraint("а помощнее?").attribute).toEqual({ kind: "power", order: "desc" });
    expect(priceConstraint("a more powerful one?").attribute).toEqual({ kind: "power", order: "desc" });
    expect(priceConstraint("есть теплее?").attribute).toEqual({ kind: "temperature", order: "asc" });
    expect(withoutConstraintWords("а помощнее?")).not.toMatch(/мощн/);
    expect(withoutConstraintWords("а подешевле в синем?")).not.toMatch(/подешевле/);
  });

  it("«какие есть обогреватели?» then «а помощнее?»: the three heaters, the 2000 W one first", async () => {
    const sessionId = randomUUID();
    await ask("какие есть обогреватели?", { sessionId });
    const { reply } = await ask("а помощнее?", { sessionId });
    expect(productIds(reply)).toEqual(["w10", "w12", "w11"]);
  });
});

describe("a short Latin follow-up in an English conversation stays English on the Russian page (probe: 'a more powerful one?' answered in Russian)", () => {
  it("detects it from the conversation and from a follow-up's own words", () => {
    expect(detectLanguage("a more powerful one?", { lang: "ru", previous: "en" })).toBe("en");
    expect(detectLanguage("bigger maybe?", { lang: "ru", previous: "en" })).toBe("en");
    expect(detectLanguage("anything else?", { lang: "ru" })).toBe("en");
    // Without an English turn before, the page still decides what the words cannot.
    expect(detectLanguage("bigger maybe?", { lang: "ru" })).toBe("ru");
  });

  it("a question opening as English ones do is English whatever names follow (probe: '{name} / is {option} available?' 29 -> 6 / 362)", () => {
    expect(detectLanguage("is Red / S available?", { lang: "ru", previous: "ru" })).toBe("en");
    expect(detectLanguage("do you ship to Kazan?", { lang: "ru" })).toBe("en");
    expect(detectLanguage("Wool Throw Blizzard", { lang: "ru" })).toBe("ru");
  });

  it("a question opening in English around the shop's Russian title is English (probe: 'How much is {name}?' on the Russian page answered in Russian)", () => {
    expect(detectLanguage("How much is Лесная кухня. 100 рецептов из грибов и ягод?", { lang: "ru" })).toBe("en");
    expect(detectLanguage("is Лесная кухня. 100 рецептов из грибов и ягод in stock?", { lang: "ru" })).toBe("en");
    expect(detectLanguage("do you have Чехол-книжка из экокожи для телефона?", { lang: "ru" })).toBe("en");
    // A Russian question with an English title stays Russian.
    expect(detectLanguage("Сколько стоит Summit Down Jacket 800?", { lang: "en" })).toBe("ru");
    expect(detectLanguage("Есть Canvas Tote with Zip Pocket в чёрном?", { lang: "en" })).toBe("ru");
  });

  it("'what heaters do you have?' then 'a more powerful one?' on the Russian page: both answered in English", async () => {
    const sessionId = randomUUID();
    await ask("what heaters do you have?", { sessionId, lang: "ru" });
    const { reply } = await ask("a more powerful one?", { sessionId, lang: "ru" });
    expect(reply.language).toBe("en");
    expect(productIds(reply)[0]).toBe("w10");
  });
});

describe("a kind asked for in other words is listed (probe: «какие детективы посоветуете?» -> the payment FAQ, «у вас есть рюкзаки?» -> a kids' raincoat among the packs, 'what leashes have you got' -> a collar and puppy food)", () => {
  const asks = (message: string) => listingRequest(message, [], {}, [])?.query;

  it("reads the kind from «посоветуете», «что у вас из», «интересуют», 'have you got', 'can I see', 'which … are available'", () => {
    expect(asks("какие пледы посоветуете?")).toBe("пледы");
    expect(asks("что у вас из обогревателей?")).toMatch(/^обогревател/);
    expect(asks("интересуют шапки")).toBe("шапки");
    expect(asks("what coats have you got")).toBe("coats");
    expect(asks("can I see the heaters")).toBe("heaters");
    expect(asks("which throws are available?")).toBe("throws");
  });

  it("a question whether the shop has something lists it when it names a plural kind, never one product or an option", () => {
    expect(asks("у вас есть шапки?")).toBe("шапки");
    expect(asks("а пледы есть?")).toBe("пледы");
    expect(asks("есть ли у вас обогреватели")).toBe("обогреватели");
    expect(asks("got any throws?")).toBe("throws");
    expect(asks("got any wool throws?")).toBeUndefined();
    expect(asks("any coats?")).toBe("coats");
    expect(asks("есть ли у вас Trench Coat City?")).toBeUndefined();
    expect(asks("Шапка вязаная Клён бордовый есть?")).toBeUndefined();
    expect(asks("а синий есть?")).toBeUndefined();
    expect(asks("есть шапка для бега?")).toBeUndefined();
  });

  it("«какие обогреватели посоветуете?» lists the three heaters, counted", async () => {
    const { reply } = await ask("какие обогреватели посоветуете?");
    expect(productIds(reply).sort()).toEqual(["w10", "w11", "w12"]);
    expect(reply.answer).toMatch(/3 товара/);
  });

  it("'any throws?' on the Russian page: the three throws, counted, in English", async () => {
    const { reply } = await ask("any throws?", { lang: "ru" });
    expect(reply.language).toBe("en");
    expect(productIds(reply).sort()).toEqual(["w01", "w02", "w03"]);
    expect(reply.answer).toMatch(/3 items/);
  });
});
