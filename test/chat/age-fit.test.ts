import { describe, expect, it } from "vitest";
import { ageFirst, ageFit, askedAge, statedAges } from "~/chat/age-fit";
import type { ContextChunk } from "~/chat/context";

describe("askedAge: a child's age the shopper names", () => {
  it.each([
    ["сыну 10 лет, любит дома опыты ставить, что почитать", 10],
    ["ребёнку 3 года, нужен рюкзак", 3],
    ["подарок для 5-летней дочки", 5],
    ["что подарить внучке, ей 7 лет", 7],
    ["a gift for my 7-year-old", 7],
    ["books for a 12 year old who loves space", 12],
    ["my son is 9 and loves dinosaurs", 9],
    ["toys for kids aged 4", 4],
  ])("%j → %d", (message, age) => {
    expect(askedAge(message)).toBe(age);
  });

  it.each([
    "гарантия 2 года?",
    "сколько лет служит батарея",
    "a 2-year warranty?",
    "ages 8-12 books",
    "boots size 10",
    "my son wears size 32",
    "мне 35 лет, что посоветуете",
    "за 10 лет ни разу не сломалась",
  ])("%j names no child's age", (message) => {
    expect(askedAge(message)).toBeUndefined();
  });
});

describe("statedAges: the ages a product's own text says", () => {
  it.each([
    ["Энциклопедия для детей 8–12 лет: 50 опытов дома.", { min: 8, max: 12 }],
    ["A picture book for kids ages 3-5.", { min: 3, max: 5 }],
    ["Для детей от 6 лет.", { min: 6, max: Infinity }],
    ["Возраст: 12+", { min: 12, max: Infinity }],
    ["Фэнтези для взрослых: картограф находит дом.", { min: 18, max: Infinity }],
  ])("%j → %j", (text, range) => {
    expect(statedAges(text)).toEqual(range);
  });

  it.each(["Гарантия 2–3 года.", "Служит от 5 лет.", "UPF 50+ sun hat", "Детектив, 320 страниц, 2019 год.", "Sizes 36–46.", "Paperback, 320 pages, 12–15 cm."])("%j states no age", (text) => {
    expect(statedAges(text)).toBeUndefined();
  });

  it("fits an age inside the range, not outside, and says nothing without one", () => {
    expect(ageFit(10, "для детей 8–12 лет")).toBe(1);
    expect(ageFit(5, "для детей 8–12 лет")).toBe(-1);
    expect(ageFit(10, "Фэнтези для взрослых")).toBe(-1);
    expect(ageFit(10, "Роман о полярной экспедиции")).toBe(0);
  });
});

describe("ageFirst", () => {
  const chunk = (id: string, sourceType: ContextChunk["sourceType"], text: string): ContextChunk => ({
    chunkId: `c-${id}`,
    sourceType,
    sourceId: id,
    title: id,
    url: null,
    price: null,
    currency: null,
    image: null,
    sku: null,
    cartVariantId: null,
    text,
    score: 1,
    similarity: null,
    lexicalRank: null,
    exactMatch: false,
  });
  const adults = chunk("adults", "product", "Фэнтези для взрослых: дом на краю карты.");
  const none = chunk("none", "product", "Графический роман о полярной экспедиции.");
  const faq = chunk("faq", "faq", "Доставка по России 2–6 дней.");
  const kids = chunk("kids", "product", "Энциклопедия для детей 8–12 лет: 50 опытов дома.");
  const ids = (chunks: ContextChunk[]) => chunks.map((item) => item.sourceId);

  it("puts the products for the asked age first and those for other ages last, FAQ where it was", () => {
    expect(ids(ageFirst([adults, none, faq, kids], "сыну 10 лет, любит опыты, что почитать", {}))).toEqual(["kids", "none", "faq", "adults"]);
  });

  it("leaves the order alone without an age, or when the shopper ordered by price", () => {
    expect(ids(ageFirst([adults, none, kids], "что почитать про опыты", {}))).toEqual(["adults", "none", "kids"]);
    expect(ids(ageFirst([adults, none, kids], "сыну 10 лет, что подешевле", { order: "asc" }))).toEqual(["adults", "none", "kids"]);
  });

  it("reorders only the products of the kind the message names", () => {
    const ofKind = (item: ContextChunk) => item.sourceId !== "kids";
    expect(ids(ageFirst([adults, none, kids], "сыну 10 лет", {}, ofKind))).toEqual(["none", "adults", "kids"]);
  });
});
