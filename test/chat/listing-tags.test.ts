import { describe, expect, it } from "vitest";
import type { ContextChunk } from "~/chat/context";
import { itemsOfKind, type ListingRequest } from "~/chat/listing";

const product = (id: string, title: string, tags: string): ContextChunk => ({
  chunkId: `chunk-${id}`,
  sourceType: "product",
  sourceId: id,
  title,
  url: null,
  price: "1000",
  currency: "RUB",
  image: null,
  sku: null,
  cartVariantId: null,
  text: `${title}\nTags: ${tags}\nIn stock`,
  score: 1,
  similarity: null,
  lexicalRank: null,
  exactMatch: false,
});

const tents: ListingRequest = { kind: ["tent"], synonyms: [], query: "tents", constraint: {}, narrowing: [] };
const ids = (chunks: ContextChunk[]) => chunks.map((chunk) => chunk.sourceId);

describe("a listing reads each product's catalog tags from its current text", () => {
  it("lists a product by the tags its text has now, not the ones an earlier text had", () => {
    const before = [product("p1", "Trail Shelter", "tents, camping"), product("p2", "Ridge Stove", "stoves")];
    expect(ids(itemsOfKind(tents, before, (chunk) => [chunk.text]))).toEqual(["p1"]);
    // Re-imported: the shelter is a tarp now and the stove's product type changed to tents.
    const after = [product("p1", "Trail Shelter", "tarps, camping"), product("p2", "Ridge Stove", "tents")];
    expect(ids(itemsOfKind(tents, after, (chunk) => [chunk.text]))).toEqual(["p2"]);
  });
});
