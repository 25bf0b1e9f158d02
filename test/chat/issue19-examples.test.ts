// Issue 19: answers shoppers can trust. Every example the issue names, on the demo store (offline composer).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { demoShopForFile, productIds } from "./support";

const { running, ask } = demoShopForFile();

describe("4. order questions in a shop without an order lookup", () => {
  it.each([
    ["Где мой заказ?", /заказ/],
    ["Where is my order?", /track/i],
    ["Как отследить заказ?", /заказ/],
  ])("%s answers with the store's tracking FAQ, never the pickup FAQ", async (question, words) => {
    const { reply } = await ask(question);
    expect(reply.sources.map((source) => source.id)).toEqual(["faq-tracking"]);
    expect(reply.answer).toMatch(words);
    expect(reply.answer).not.toMatch(/самовывоз|шоурум|showroom|Sorry|не нашёл/i);
  });
});

describe("1. variants: the asked size, colour or SKU, its own price and stock", () => {
  it("«Есть ли куртка Storm Pro в размере XL?» says XL is sold out and names the sizes in stock", async () => {
    const { reply } = await ask("Есть ли куртка Storm Pro в размере XL?");
    expect(reply.sources[0]?.id).toBe("1001");
    expect(reply.answer).toMatch(/«XL».*нет в наличии/);
    expect(reply.answer).toMatch(/В наличии: S, M, L\./);
    expect(reply.answer).not.toMatch(/in stock|out of stock/);
  });

  it("a follow-up «а в M?» is about the same jacket's M", async () => {
    const sessionId = randomUUID();
    await ask("Есть ли куртка Storm Pro в размере XL?", sessionId);
    const { reply } = await ask("а в M?", sessionId);
    expect(reply.sources[0]?.id).toBe("1001");
    expect(reply.answer).toMatch(/«M» \(артикул JKT-1042-M\) — 18 990 ₽, есть в наличии/);
  });

  it('"JKT-1042-M" quotes the M variant, not the S', async () => {
    const { reply } = await ask("JKT-1042-M", randomUUID(), { lang: "ru" });
    expect(reply.answer).toMatch(/JKT-1042-M/);
    expect(reply.answer).not.toMatch(/JKT-1042-S/);
    expect(reply.answer).toMatch(/есть в наличии/);
  });

  it("a red thermos that is out of stock is not offered: it says so and names the colours in stock", async () => {
    const { reply } = await ask("Есть красный термос?");
    expect(reply.sources[0]?.id).toBe("1024");
    expect(reply.answer).toMatch(/«Красный».*сейчас нет в наличии/);
    expect(reply.answer).toMatch(/В наличии: Чёрный, Оливковый\./);
  });

  it("a size with its own price gets that price, not the product's", async () => {
    const { reply } = await ask("Сколько стоит спальник Полюс в размере Long?");
    expect(reply.answer).toMatch(/«Long» \(артикул SLP-6020-L\) — 18 990 ₽/);
    expect(reply.answer).not.toMatch(/17 990/);
    const kids = await ask("How much is the Puddle Kids' Rain Suit in 110 cm?");
    expect(kids.reply.answer).toMatch(/"110 cm" \(SKU KID-7045-110\) costs 4,290 ₽, in stock/);
  });

  it("sale prices are called out, for a variant and for the product", async () => {
    const variant = await ask("Is the Roll-Top Dry Bag available in blue?");
    expect(variant.reply.answer).toMatch(/"Blue".*1,590 ₽ on sale, down from 1,990 ₽, in stock/);
    const product = await ask("How much is the Roll-Top Dry Bag?");
    expect(product.reply.answer).toMatch(/1,590 ₽ \(on sale, was 1,990 ₽\)/);
  });

  it("an out-of-stock variant is never called available, in English either", async () => {
    const { reply } = await ask("Do you have the Summit Down Jacket in orange L?");
    expect(reply.answer).toMatch(/"Orange \/ L".*currently out of stock/);
    expect(reply.answer).toMatch(/In stock: Black \/ M, Black \/ L, Orange \/ M\./);
  });
});

describe("2. listings: a request for a kind lists the items of that kind", () => {
  const TENTS = ["1015", "1016", "1014", "1017"];

  it.each(["Покажи палатки", "Какие палатки у вас есть?", "What tents do you have?"])("%s lists all four tents, counted, in stock first then cheapest first", async (question) => {
    const { reply } = await ask(question);
    expect(productIds(reply)).toEqual(TENTS);
    expect(reply.answer).toMatch(/4 товара|4 items/);
    expect(reply.answer).not.toMatch(/оплат|payment/i);
    // The sold-out winter tent comes last and is called out.
    expect(reply.answer).toMatch(/Байкал 2\]\([^)]*\) — 32[ ,]990 ₽ \((?:нет в наличии|out of stock)\)/);
  });

  it("the kind comes from the catalog's tags: «sleeping bags» is not «dry bags»", async () => {
    const { reply } = await ask("What sleeping bags do you have?");
    expect(productIds(reply).sort()).toEqual(["1018", "1019", "1020", "1021"]);
  });

  it("words beyond the kind narrow it: «Покажи зимние палатки»", async () => {
    const { reply } = await ask("Покажи зимние палатки");
    expect(productIds(reply)).toEqual(["1017"]);
  });
});

describe("3. follow-ups refine the items just shown", () => {
  it("«а подешевле?» after the jackets lists cheaper jackets, never the same one again", async () => {
    const sessionId = randomUUID();
    const first = await ask("Какие куртки у вас есть?", sessionId);
    const shownFirst = first.reply.sources[0];
    const { reply } = await ask("а подешевле?", sessionId);
    expect(productIds(reply)).not.toContain(shownFirst?.id);
    for (const source of reply.sources) expect(Number(source.price)).toBeLessThan(Number(shownFirst?.price));
    expect(productIds(reply)).toEqual(["1004"]);
  });

  it("«а подешевле?» after the cheapest tent says nothing is cheaper instead of repeating it", async () => {
    const sessionId = randomUUID();
    await ask("Покажи палатки", sessionId);
    const { reply } = await ask("а подешевле?", sessionId);
    expect(reply.sources).toEqual([]);
    expect(reply.answer).toMatch(/Дешевле, чем «Solo Trekker 1P Tent».*ничего нет/);
  });

  it('"in orange" after the jackets keeps the jackets that come in orange', async () => {
    const sessionId = randomUUID();
    await ask("Show me your jackets", sessionId);
    const { reply } = await ask("in orange", sessionId);
    expect(productIds(reply)).toEqual(["1002"]);
  });

  it('"a lighter one" after the sleeping bags orders them by weight', async () => {
    const sessionId = randomUUID();
    await ask("What sleeping bags do you have?", sessionId);
    const { reply } = await ask("a lighter one", sessionId);
    expect(productIds(reply)[0]).toBe("1021");
    expect(productIds(reply).at(-1)).toBe("1018");
  });
});

describe("5. language: the shopper's message wins, and the assistant's own words are in it", () => {
  it('"What\'s your cheapest sleeping bag?" on the Russian page is answered in English', async () => {
    const { reply } = await ask("What's your cheapest sleeping bag?", randomUUID(), { lang: "ru" });
    expect(reply.language).toBe("en");
    expect(reply.answer).toMatch(/^Here's what I found/);
    expect(productIds(reply)[0]).toBe("1021");
  });

  it("a reply without words (an order number, an email) keeps the conversation's language", async () => {
    const sessionId = randomUUID();
    await ask("Где мой заказ?", sessionId, { lang: "en" });
    expect((await ask("1001", sessionId, { lang: "en" })).reply.language).toBe("ru");
  });

  it("Russian answers carry no English stock words", async () => {
    for (const question of ["Покажи палатки", "Есть ли куртка Storm Pro в размере XL?", "JKT-1042-M", "Сколько стоит термос Арктика?"]) {
      const { reply } = await ask(question, randomUUID(), { lang: "ru" });
      expect(reply.answer, question).not.toMatch(/\b(?:in stock|out of stock|SKU|was)\b/i);
    }
  });
});

describe("6. a lead turn is answered as one", () => {
  it("«Меня зовут Анна, телефон …, перезвоните по поводу палатки» is confirmed, keeps its reason, and no form asks again", async () => {
    const sessionId = randomUUID();
    const { reply } = await ask("Меня зовут Анна, телефон +7 916 123-45-67, перезвоните по поводу палатки", sessionId);
    expect(reply.answer).toMatch(/^Спасибо, Анна! Я передал магазину ваши контакты и вопрос по поводу «палатки» — с вами свяжутся по телефону\./);
    expect(reply.sources).toEqual([]);
    expect(reply.handoff).toBe(false);
    const [lead] = await running.db.prisma.lead.findMany({ where: { shopId: running.shop.id, sessionId } });
    expect(lead).toMatchObject({ name: "Анна", phone: "+79161234567", preferredContact: "phone", intent: "contact_request", notes: "палатки" });
  });

  it('"I want to talk to a human" says how, offers the form, and is not worded as a failure', async () => {
    const { reply } = await ask("I want to talk to a human");
    expect(reply.answer).toMatch(/^Of course — someone from the store will get in touch/);
    expect(reply.answer).not.toMatch(/couldn't find|Sorry/i);
    expect(reply.handoff).toBe(true);
  });

  it("a question with an email in passing is still answered as a question", async () => {
    const { reply } = await ask("Hi, I'm Dan, do you ship to Canada? dan@example.com");
    expect(reply.sources[0]?.id).toBe("faq-international");
    expect(reply.answer).toMatch(/Thank you, Dan, I've passed your details to the store\./);
  });
});

describe("7. the right product first, from the catalog's structure", () => {
  it("«лёгкая палатка для одиночного похода»: the tents first, lightest first (not the 3-person tent, never the stove)", async () => {
    const { reply } = await ask("лёгкая палатка для одиночного похода");
    expect(productIds(reply)[0]).toBe("1015");
    expect(productIds(reply)).not.toContain("1042");
  });
});
