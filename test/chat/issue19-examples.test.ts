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
