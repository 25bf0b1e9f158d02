import { describe, expect, it } from "vitest";
import { ChunkRowsCache } from "~/knowledge/chunk-rows-cache.server";

const row = (text: string, itemTexts?: string[]) => ({ text, title: "T", ...(itemTexts ? { itemTexts } : {}) });

describe("chunk rows kept by id", () => {
  it("serves a row only to the shop it was read for", () => {
    const cache = new ChunkRowsCache(1_000);
    cache.keep("shop-a", "c1", row("tent"));
    expect(cache.take("shop-a", ["c1", "c2"])).toEqual({ rows: new Map([["c1", row("tent")]]), missing: ["c2"] });
    expect(cache.take("shop-b", ["c1"])).toEqual({ rows: new Map(), missing: ["c1"] });
  });

  it("keeps at most its budget of characters, dropping the least recently used first", () => {
    const cache = new ChunkRowsCache(30);
    cache.keep("s", "a", row("x".repeat(9)));
    cache.keep("s", "b", row("y".repeat(9)));
    cache.take("s", ["a"]);
    // 10 + 10 + 10 characters (text and title): the budget; one more drops "b", used least recently.
    cache.keep("s", "c", row("z".repeat(9)));
    cache.keep("s", "d", row("w", ["v".repeat(7)]));
    expect(cache.take("s", ["a", "b", "c", "d"]).missing).toEqual(["b"]);
    expect(cache.size).toBe(3);
    // A row larger than the whole budget is not kept, and keeps the others.
    cache.keep("s", "e", row("e".repeat(40)));
    expect(cache.take("s", ["a", "c", "d", "e"]).missing).toEqual(["e"]);
  });

  it("counts a row kept again once", () => {
    const cache = new ChunkRowsCache(20);
    cache.keep("s", "a", row("x".repeat(9)));
    cache.keep("s", "a", row("x".repeat(9)));
    cache.keep("s", "b", row("y".repeat(9)));
    expect(cache.take("s", ["a", "b"]).missing).toEqual([]);
  });

  it("keeps a whole shop's rows only when together they fit its share of the budget", () => {
    const cache = new ChunkRowsCache(100);
    const shop = new Map([["a", row("x".repeat(9))], ["b", row("y".repeat(9))]]);
    // 20 characters: more than a tenth of the budget, within a quarter.
    expect(cache.keepAll("s", shop, 0.1)).toBe(false);
    expect(cache.take("s", ["a", "b"]).missing).toEqual(["a", "b"]);
    expect(cache.keepAll("s", shop, 0.25)).toBe(true);
    expect(cache.take("s", ["a", "b"]).missing).toEqual([]);
    expect(cache.take("t", ["a"]).missing).toEqual(["a"]);
  });
});
