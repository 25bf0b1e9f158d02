// Issue 19: answers shoppers can trust. Every example the issue names, on the demo store (offline composer).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { openTestDatabase } from "../support/db";
import { createDemoShop, depsFor, runTurn } from "./support";

let db: Database;
let shop: Awaited<ReturnType<typeof createDemoShop>>;

beforeAll(async () => {
  db = await openTestDatabase();
  shop = await createDemoShop(db);
});
afterAll(async () => {
  await db.close();
});

const ask = (message: string, sessionId: string = randomUUID(), extra: { lang?: string } = {}) =>
  runTurn(depsFor(db, shop.id), { shop, sessionId, message, ...extra });


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
