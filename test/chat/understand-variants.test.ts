// Issue 19, "With a language model": the query-understanding tool call also returns variant
// constraints and refinements of the last list; the model gets the variant lines of the items it may
// cite and the asked variant resolved; a refinement applies to the items shown last turn. On the local
// OpenAI-wire server; a bad tool reply leaves the rules' reading.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOpenAIChatProvider } from "~/chat/providers/openai.server";
import { understandTurn } from "~/chat/understand";
import type { Database } from "~/db/open.server";
import { parseImportPayload } from "~/knowledge/payload";
import { importKnowledge } from "~/knowledge/store.server";
import { openTestDatabase } from "../support/db";
import { isUnderstandRequest, lastAnswerPrompt, searchCatalogCall, startOpenAIWireServer, type OpenAIWireServer } from "../support/openai-wire-server";
import { depsFor, embedder, runTurn } from "./support";

let db: Database;
let wire: OpenAIWireServer;
let shop: { id: string; name: string; settings: unknown };

// Long enough that the chunker puts the variant lines in the parka's second chunk.
const PARKA_STORY = Array.from(
  { length: 14 },
  (_, i) => `Day ${i + 1} on the ridge: the parka kept the wind out while we crossed the exposed saddle, its hood stayed put and the cuffs sealed over our gloves.`,
).join(" ");

const CATALOG = {
  products: [
    {
      id: "p-parka",
      name: "Ridge Parka",
      description: `A windproof insulated parka for cold ridges. ${PARKA_STORY}`,
      price: "200.00",
      currency: "USD",
      url: "/products/ridge-parka",
      tags: ["jackets"],
      available: true,
      variants: [
        { id: "p-parka-s", title: "S", sku: "RP-S", price: "200.00", available: true },
        { id: "p-parka-m", title: "M", sku: "RP-M", price: "200.00", available: true },
        { id: "p-parka-l", title: "L", sku: "RP-L", price: "200.00", available: true },
        { id: "p-parka-xl", title: "XL", sku: "RP-XL", price: "240.00", available: false },
      ],
    },
    { id: "t-trail", name: "Trail Tent 1P", description: "A one-person tent for solo hikes. Weight 1.9 kg.", price: "150.00", currency: "USD", url: "/products/trail-tent", tags: ["tents"], available: true },
    {
      id: "t-lake",
      name: "Lake Tent 2P",
      description: "A two-person tent for lakeside weekends. Weight 1.2 kg.",
      price: "250.00",
      currency: "USD",
      url: "/products/lake-tent",
      tags: ["tents"],
      available: true,
      variants: [
        { id: "t-lake-green", title: "Green", sku: "LT-GR", price: "250.00", available: true },
        { id: "t-lake-blue", title: "Blue", sku: "LT-BL", price: "250.00", available: true },
      ],
    },
    { id: "t-family", name: "Family Tent 4P", description: "A roomy four-person tent for car camping. Weight 6.5 kg.", price: "400.00", currency: "USD", url: "/products/family-tent", tags: ["tents"], available: true },
    { id: "s-stove", name: "Camp Stove", description: "A small gas stove for camping trips.", price: "40.00", currency: "USD", url: "/products/camp-stove", tags: ["stoves"], available: true },
  ],
};

beforeAll(async () => {
  db = await openTestDatabase();
  wire = await startOpenAIWireServer();
  shop = await db.prisma.shop.create({ data: { name: "Ridge Outfitters", settings: { defaultLanguage: "en" } } });
  const parsed = parseImportPayload(CATALOG);
  if (!parsed.ok) throw new Error(parsed.message);
  await importKnowledge(db.prisma, embedder, shop.id, parsed.data, { mode: "full" });
});
afterAll(async () => {
  await db.close();
  await wire.close();
});
beforeEach(() => wire.reset());

const provider = () => createOpenAIChatProvider({ apiKey: "k", baseURL: wire.baseURL, model: "m", timeoutMs: 1_000 });

describe("variant constraints with a model", () => {
  it("asks for size, colour, options, SKU and refinements in the tool's schema", async () => {
    wire.enqueue("understand", searchCatalogCall({ queries: ["Ridge Parka"] }));
    await understandTurn({ message: "Ridge Parka?", history: [], provider: provider() });
    const properties = wire.requests.find((request) => isUnderstandRequest(request.body))!.body.tools[0].function.parameters.properties;
    expect(Object.keys(properties.variant.properties)).toEqual(["size", "color", "sku", "options"]);
    expect(Object.keys(properties.refinement.properties)).toEqual(["sameKindAsBefore", "price", "attribute", "options"]);
  });

  it("gives the model the variant lines (title, SKU, price, stock) of the products it may cite, even from another chunk", async () => {
    // The parka's variant lines sit in its second chunk, which the question does not rank.
    const chunks = await db.prisma.knowledgeChunk.findMany({ where: { shopId: shop.id, sourceId: "p-parka" }, orderBy: { chunkIndex: "asc" } });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0].text).not.toContain("RP-XL");
    wire.enqueue("understand", searchCatalogCall({ queries: ["Ridge Parka windproof insulated parka"] }));
    wire.enqueue("chat", { kind: "reply", content: "The Ridge Parka is windproof and insulated." });
    // A context budget for one chunk: the parka's first, without its variant lines.
    const deps = { ...depsFor(db, shop.id, provider()), contextTokenBudget: 300 };
    await runTurn(deps, { shop, sessionId: randomUUID(), message: "Tell me about the Ridge Parka, a windproof insulated parka" });
    const prompt = lastAnswerPrompt(wire);
    expect(prompt.match(/type="product" id="p-parka"/g)).toHaveLength(1);
    expect(prompt).toContain("- XL — SKU: RP-XL — $240.00 — out of stock");
    expect(prompt).toContain("- M — SKU: RP-M — $200.00 — in stock");
  });

  it("a tool reply with size XL resolves the variant: the answer says XL's own price and stock, and names the sizes in stock", async () => {
    // "Extra large" is no option value the rules could match: only the model's reading names XL.
    wire.enqueue("understand", searchCatalogCall({ queries: ["Ridge Parka"], variant: { size: "XL" } }));
    wire.enqueue("chat", { kind: "reply", content: "The Ridge Parka in XL costs $240.00 and is out of stock right now. Sizes S, M and L are in stock at $200.00." });
    const { reply } = await runTurn(depsFor(db, shop.id, provider()), { shop, sessionId: randomUUID(), message: "Is the Ridge Parka available in extra large?" });
    const prompt = lastAnswerPrompt(wire);
    expect(prompt).toMatch(/<item n="\d+" type="asked_variant">\nThe shopper asks about this variant of "Ridge Parka" \(product id p-parka\); say its own price and stock plainly:\n- XL — SKU: RP-XL — \$240\.00 — out of stock\nIn stock instead: S, M, L\.\n<\/item>/);
    // The variant's own price is quotable (the price guard reads the same variant lines).
    expect(reply.answer).toContain("The Ridge Parka in XL costs $240.00 and is out of stock right now.");
    expect(reply.sources[0]).toMatchObject({ type: "product", id: "p-parka" });
  });

  it("a 'cheaper' refinement from the tool applies to the items shown last turn: cheaper items of the same kind", async () => {
    const sessionId = randomUUID();
    const deps = depsFor(db, shop.id, provider());
    // Turn 1: the tents, dearest first (the model's sort).
    wire.enqueue("understand", searchCatalogCall({ queries: ["tents"], sort: "price_desc" }));
    wire.enqueue("chat", { kind: "reply", content: "Our tents: Family Tent 4P, Lake Tent 2P and Trail Tent 1P." });
    const first = await runTurn(deps, { shop, sessionId, message: "Show me your tents" });
    expect(first.reply.sources.map((source) => source.id)).toEqual(["t-family", "t-lake", "t-trail"]);
    // Turn 2: a wording the rules do not read as a refinement; the model's does.
    wire.enqueue("understand", searchCatalogCall({ queries: ["tent"], refinement: { sameKindAsBefore: true, price: "cheaper" } }));
    wire.enqueue("chat", { kind: "reply", content: "Cheaper: Trail Tent 1P and Lake Tent 2P." });
    const second = await runTurn(deps, { shop, sessionId, message: "Anything that costs less, for my budget?" });
    expect(second.reply.sources.map((source) => source.id)).toEqual(["t-trail", "t-lake"]);
    const prompt = lastAnswerPrompt(wire);
    expect(prompt).toContain('title="Trail Tent 1P"');
    expect(prompt).not.toContain('title="Family Tent 4P"');
    expect(prompt).not.toContain('title="Camp Stove"');
  });

  it("an option in the refinement ('in blue') keeps the items of the same kind that have it", async () => {
    const sessionId = randomUUID();
    const deps = depsFor(db, shop.id, provider());
    wire.enqueue("understand", searchCatalogCall({ queries: ["tents"] }));
    wire.enqueue("chat", { kind: "reply", content: "Our tents: Trail Tent 1P, Lake Tent 2P and Family Tent 4P." });
    await runTurn(deps, { shop, sessionId, message: "Show me your tents" });
    wire.enqueue("understand", searchCatalogCall({ queries: ["tent"], refinement: { sameKindAsBefore: true, options: [{ name: "Color", value: "blue" }] } }));
    wire.enqueue("chat", { kind: "reply", content: "The Lake Tent 2P comes in blue." });
    const second = await runTurn(deps, { shop, sessionId, message: "Got one of those that is blue?" });
    expect(second.reply.sources.map((source) => source.id)).toEqual(["t-lake"]);
  });

  it("a 'lighter' refinement orders the same kind by weight, not by price", async () => {
    const sessionId = randomUUID();
    const deps = depsFor(db, shop.id, provider());
    wire.enqueue("understand", searchCatalogCall({ queries: ["tents"] }));
    wire.enqueue("chat", { kind: "reply", content: "Our tents: Trail Tent 1P, Lake Tent 2P and Family Tent 4P." });
    const first = await runTurn(deps, { shop, sessionId, message: "Show me your tents" });
    expect(first.reply.sources.map((source) => source.id)).toEqual(["t-trail", "t-lake", "t-family"]);
    wire.enqueue("understand", searchCatalogCall({ queries: ["tent"], refinement: { sameKindAsBefore: true, attribute: { kind: "weight", direction: "less" } } }));
    wire.enqueue("chat", { kind: "reply", content: "The Lake Tent 2P is the lightest." });
    const second = await runTurn(deps, { shop, sessionId, message: "Which of those would be easiest to carry?" });
    expect(second.reply.sources.map((source) => source.id)).toEqual(["t-lake", "t-trail", "t-family"]);
  });

  it.each([
    ["a size that is not text", { queries: ["Ridge Parka"], variant: { size: 42 } }],
    ["an unknown variant field", { queries: ["Ridge Parka"], variant: { fit: "slim" } }],
    ["a refinement with an unknown direction", { queries: ["tent"], refinement: { sameKindAsBefore: true, price: "cheapest" } }],
    ["a refinement without sameKindAsBefore", { queries: ["tent"], refinement: { price: "cheaper" } }],
    ["an attribute the catalog does not measure", { queries: ["tent"], refinement: { sameKindAsBefore: true, attribute: { kind: "colour", direction: "less" } } }],
  ])("falls back to the rules' reading on %s", async (_label, args) => {
    wire.enqueue("understand", searchCatalogCall(args));
    const understanding = await understandTurn({ message: "Ridge Parka in XL under 300", history: [], provider: provider() });
    expect(understanding).toMatchObject({ by: "rules", queries: ["Ridge Parka in XL under 300"], constraint: { max: 300 }, failure: "understand_invalid" });
    expect(understanding.variant).toBeUndefined();
    expect(understanding.refinement).toBeUndefined();
  });
});
