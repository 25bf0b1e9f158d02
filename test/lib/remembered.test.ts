// rememberedByKey: what a hot path asks of the same text again (its hash, its token count, its
// catalog tags) is computed once, and no more than `max` keys are ever kept.
import { describe, expect, it } from "vitest";
import { rememberedByKey } from "~/remembered";

describe("rememberedByKey", () => {
  it("computes a key's value once while it is kept, and forgets every key once `max` are kept", () => {
    const computed: string[] = [];
    const lengthOf = rememberedByKey(2, (text) => {
      computed.push(text);
      return text.length;
    });
    expect([lengthOf("ab"), lengthOf("ab"), lengthOf("abc"), lengthOf("ab")]).toEqual([2, 2, 3, 2]);
    expect(computed).toEqual(["ab", "abc"]);
    // A third key finds two kept: all are forgotten, so "ab" is computed again afterwards.
    expect(lengthOf("abcd")).toBe(4);
    expect(lengthOf("ab")).toBe(2);
    expect(computed).toEqual(["ab", "abc", "abcd", "ab"]);
  });
});
