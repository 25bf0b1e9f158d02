// Issue 12: with a model configured, a query-understanding step before retrieval (a forced tool
// call with a JSON schema), tested on the local OpenAI-wire server; on any failure the rules read the question.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOpenAIChatProvider } from "~/chat/providers/openai.server";
import { understandTurn } from "~/chat/understand";
import type { Database } from "~/db/open.server";
import { openTestDatabase } from "../support/db";
import { isUnderstandRequest, searchCatalogCall, startOpenAIWireServer, type OpenAIWireServer } from "../support/openai-wire-server";
import { createDemoShop, depsFor, runTurn } from "./support";

let db: Database;
let wire: OpenAIWireServer;
let shop: Awaited<ReturnType<typeof createDemoShop>>;

beforeAll(async () => {
  db = await openTestDatabase();
  wire = await startOpenAIWireServer();
  shop = await createDemoShop(db);
});
afterAll(async () => {
  await db.close();
  await wire.close();
});
beforeEach(() => wire.reset());

const provider = () => createOpenAIChatProvider({ apiKey: "k", baseURL: wire.baseURL, model: "m", timeoutMs: 1_000 });

describe("query understanding with a model", () => {
  it("sends the question with a forced search_catalog tool and a JSON schema, and searches what the model wrote", async () => {
    // A Russian question about a product the catalog names in English: the model writes the catalog's words.
    wire.enqueue("understand", searchCatalogCall({ queries: ["Summit Down Jacket"], maxPrice: 30000 }));
    wire.enqueue("chat", { kind: "reply", content: "Summit Down Jacket 800 — тёплый пуховик." });
    const { reply } = await runTurn(depsFor(db, shop.id, provider()), { shop, sessionId: randomUUID(), message: "нужен самый тёплый пуховик саммит" });
    const request = wire.requests.find((r) => isUnderstandRequest(r.body))!;
    expect(request.body.tool_choice).toEqual({ type: "function", function: { name: "search_catalog" } });
    expect(request.body.tools[0].function.parameters).toMatchObject({ type: "object", required: ["queries"] });
    expect(request.body.messages.at(-1)).toEqual({ role: "user", content: "нужен самый тёплый пуховик саммит" });
    expect(reply.sources[0]).toMatchObject({ type: "product", id: "1002" });
  });

  it("applies the model's price filter and order", async () => {
    wire.enqueue("understand", searchCatalogCall({ queries: ["tent", "палатка"], sort: "price_asc" }));
    wire.enqueue("chat", { kind: "reply", content: "Here are our tents." });
    const { reply } = await runTurn(depsFor(db, shop.id, provider()), { shop, sessionId: randomUUID(), message: "which one is the least pricey shelter for camping?" });
    expect(reply.sources.find((source) => source.type === "product")?.id).toBe("1015");
  });

  it.each([
    ["a server error", { kind: "error", status: 500 } as const],
    ["a hang", { kind: "hang" } as const],
    ["no tool call", { kind: "reply", content: "I think you mean boots." } as const],
    ["invalid arguments", searchCatalogCall({ queries: [] })],
  ])("falls back to the rules on %s", async (_label, behaviour) => {
    wire.enqueue("understand", behaviour);
    const understanding = await understandTurn({ message: "Есть ли у вас трекинговые ботинки до 20000?", history: [], provider: provider() });
    expect(understanding).toMatchObject({ by: "rules", queries: ["Есть ли у вас трекинговые ботинки до 20000?"], constraint: { max: 20000 } });
    expect(understanding.failure).toBeDefined();
  });

  it("never asks the model about a greeting", async () => {
    wire.enqueue("chat", { kind: "reply", content: "Hello!" });
    await runTurn(depsFor(db, shop.id, provider()), { shop, sessionId: randomUUID(), message: "Привет" });
    expect(wire.requests.filter((r) => isUnderstandRequest(r.body))).toHaveLength(0);
  });
});
