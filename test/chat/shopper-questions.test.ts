// Issue 12: questions shoppers asked the demo widget and got wrong, each a test (offline composer).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyScope } from "~/chat/guardrails/scope";
import { numericAttributes } from "~/knowledge/attributes";
import { formatPrice, parseAmount } from "~/chat/price-format";
import { createOpenAIChatProvider } from "~/chat/providers/openai.server";
import type { Database } from "~/db/open.server";
import { DEMO_CATALOG } from "~/demo/catalog";
import { DEMO_QUICK_PROMPTS } from "~/demo/storefront.server";
import { openTestDatabase } from "../support/db";
import { startOpenAIWireServer, type OpenAIWireServer } from "../support/openai-wire-server";
import { createDemoShop, depsFor, runTurn } from "./support";

let db: Database;
let shop: Awaited<ReturnType<typeof createDemoShop>>;
let wire: OpenAIWireServer;

beforeAll(async () => {
  db = await openTestDatabase();
  shop = await createDemoShop(db);
  wire = await startOpenAIWireServer();
});
afterAll(async () => {
  await db.close();
  await wire.close();
});

const ask = (message: string, sessionId: string = randomUUID(), extra: { lang?: string } = {}) =>
  runTurn(depsFor(db, shop.id), { shop, sessionId, message, ...extra });
const product = (id: string) => DEMO_CATALOG.products.find((item) => item.id === id)!;
const priceOf = (id: string) => Number(product(id).price);

describe("policy intent wins over product words", () => {
  it.each([
    ["Can I return boots I already wore outside once?", /^(?:faq-returns|policy-returns)/],
    ["Хочу вернуть куртку, молния сломалась через неделю", /^(?:faq-returns|faq-warranty|policy-returns|policy-warranty)/],
  ])("%s", async (question, source) => {
    const { reply } = await ask(question);
    expect(reply.sources[0]?.type).not.toBe("product");
    expect(reply.sources[0]?.id).toMatch(source);
  });
});

describe("constraints and order words use the price field", () => {
  it("«спальник до 5000» never lists one five times dearer", async () => {
    // The shop's Russian sleeping bags all cost more; its English-named ones are found by a
    // multilingual embedding model or the shop's synonyms, not by the offline path.
    const { reply } = await ask("Нужен спальник до 5000");
    for (const source of reply.sources.filter((source) => source.type === "product")) expect(priceOf(source.id)).toBeLessThanOrEqual(5000);
    expect(reply.answer).not.toMatch(/17 990/);
  });

  it('"cheapest tent" puts the cheapest tent first', async () => {
    const { reply } = await ask("What is your cheapest tent?");
    const products = reply.sources.filter((source) => source.type === "product");
    expect(products[0]?.id).toBe("1015");
  });

  it('"under $50"-style bounds in words: "sleeping bag under 5000"', async () => {
    const { reply } = await ask("sleeping bag under 5000 rubles");
    expect(reply.sources.filter((source) => source.type === "product").length).toBeGreaterThan(0);
    for (const source of reply.sources.filter((source) => source.type === "product")) expect(priceOf(source.id)).toBeLessThanOrEqual(5000);
  });
});

describe("superlatives sort by numeric attributes with units", () => {
  it("reads g/kg, ml/l, mAh, W and °C", () => {
    expect(numericAttributes("Вес 1,6 кг, комфорт −12 °C")).toEqual({ weight: 1600, temperature: -12 });
    expect(numericAttributes("Weighs 850 g, 450 ml, 5200 mAh battery, 20 W")).toEqual({ weight: 850, volume: 450, capacity: 5200, power: 20 });
    expect(numericAttributes("объём 40 л")).toEqual({ volume: 40_000 });
    expect(numericAttributes("size 42, 3 pairs")).toEqual({});
  });

  it('"lightest tent" lists the lightest tent first', async () => {
    const { reply } = await ask("What is your lightest tent?");
    expect(reply.sources.find((source) => source.type === "product")?.id).toBe("1015");
    const heaviest = await ask("What is your heaviest tent?");
    expect(heaviest.reply.sources.find((source) => source.type === "product")?.id).toBe("1016");
  });
});

describe("history steers follow-ups only", () => {
  it('"Привет" after a tent conversation greets and lists no tents', async () => {
    const sessionId = randomUUID();
    await ask("Какие у вас есть палатки?", sessionId);
    const { reply } = await ask("Привет", sessionId);
    expect(reply.sources).toEqual([]);
    expect(reply.answer).toMatch(/Здравствуйте/);
  });
});

describe("the shopper's language wins over the page's", () => {
  it("an English question on the Russian page is answered in English, and the other way round", async () => {
    expect((await ask("How much is delivery?", randomUUID(), { lang: "ru" })).reply.language).toBe("en");
    expect((await ask("Сколько стоит доставка?", randomUUID(), { lang: "en" })).reply.language).toBe("ru");
  });
});

describe("scope", () => {
  it.each(["Who won the world cup?", "What is the capital of France?", "What's the weather tomorrow?"])("%s gets a short scope answer, no product", async (question) => {
    const { reply } = await ask(question);
    expect(reply.sources).toEqual([]);
    expect(reply.answer).not.toMatch(/email|телефон/i);
    expect(reply.answer).toMatch(/shopping assistant/);
  });

  it.each([
    "Hi, I'm Dan, do you ship to Canada?",
    "Can this jacket act as a windbreaker?",
    "Can I ignore the washing instructions?",
    "Do you sell prescription sunglasses?",
    "Есть книга «Война и мир»?",
  ])("%s is a shop question, not refused", (question) => {
    expect(classifyScope(question)).toEqual({ allowed: true });
  });
});

describe("the demo's quick prompts", () => {
  it("«Какую куртку выбрать для зимы?» recommends jackets, not washing instructions", async () => {
    const { reply } = await ask("Какую куртку выбрать для зимы?");
    expect(reply.sources[0]?.type).toBe("product");
    expect(reply.answer).not.toMatch(/стир/i);
  });

  const QUICK_PROMPT_ANSWERS: [string, RegExp][] = [
    ["Где мой заказ?", /заказ/i],
    ["Сколько стоит доставка?", /390/],
    ["Where is my order?", /order/i],
    ["Which jacket is best for winter?", /Jacket|куртк/i],
    ["How much is delivery?", /390|deliver/i],
  ];

  it("covers every quick prompt the demo storefront offers", () => {
    const tested = ["Какую куртку выбрать для зимы?", ...QUICK_PROMPT_ANSWERS.map(([question]) => question)];
    expect(Object.values(DEMO_QUICK_PROMPTS).flat().sort()).toEqual(tested.sort());
  });

  it.each(QUICK_PROMPT_ANSWERS)("%s", async (question, expected) => {
    const { reply } = await ask(question);
    expect(reply.answer).toMatch(expected);
    expect(reply.answer).not.toMatch(/couldn't find|не нашёл/);
  });
});

describe("availability", () => {
  it("an out-of-stock product is not recommended as on sale, and is called out of stock when asked about", async () => {
    const listed = await ask("Do you have a women's rain jacket?");
    expect(listed.reply.sources.filter((source) => source.type === "product").map((source) => source.id)).not.toContain("1004");
    const named = await ask("Is the Drizzle Women's Rain Shell available?");
    expect(named.reply.sources[0]?.id).toBe("1004");
    expect(named.reply.answer).toMatch(/out of stock/i);
  });
});

describe("prices", () => {
  it("an amount the shopper typed does not become quotable", async () => {
    const provider = createOpenAIChatProvider({ apiKey: "k", baseURL: wire.baseURL, model: "m", timeoutMs: 2_000 });
    wire.enqueue("chat", { kind: "reply", content: "Deal! The Storm Pro 3L is yours for 500 ₽. Anything else?" });
    const { reply } = await runTurn(depsFor(db, shop.id, provider), { shop, sessionId: randomUUID(), message: "Can I have the Storm Pro 3L jacket for 500 ₽?" });
    expect(reply.answer).not.toMatch(/\b500 ₽/);
  });

  it("every price shown carries its currency, written as the card writes it", async () => {
    for (const [question, lang] of [["Which jacket is best for winter?", "en"], ["Какие у вас есть палатки?", "ru"]] as const) {
      const { reply } = await ask(question);
      const products = reply.sources.filter((source) => source.type === "product" && source.price);
      expect(products.length).toBeGreaterThan(0);
      for (const source of products) {
        expect(source.currency).toBeTruthy();
        // The widget's card calls this same formatter (widget/src/chat/messages.ts).
        expect(reply.answer).toContain(formatPrice(parseAmount(source.price)!, source.currency, lang));
      }
    }
  });
});
