import { describe, expect, it } from "vitest";
import { dcgAt, itemRanking, median, ndcgAt, percentile, recallAt, reciprocalRank, scoreRuns, summarize } from "../../bench/lib/metrics";
import { createRng, sample } from "../../bench/lib/prng";

describe("itemRanking", () => {
  it("keeps the first occurrence of each item in rank order", () => {
    expect(itemRanking(["a", "b", "a", "c", "b", "d"])).toEqual(["a", "b", "c", "d"]);
    expect(itemRanking([])).toEqual([]);
  });
});

describe("nDCG@k", () => {
  it("is 1 for the ideal ranking and 0 when nothing relevant is retrieved", () => {
    const relevant = { a: 2, b: 1 };
    expect(ndcgAt(["a", "b", "x"], relevant, 10)).toBeCloseTo(1, 12);
    expect(ndcgAt(["x", "y"], relevant, 10)).toBe(0);
  });

  it("uses gain 2^grade - 1 and a log2(rank + 1) discount", () => {
    // ranking b (grade 1), a (grade 2): DCG = 1/1 + 3/log2(3); ideal = 3/1 + 1/log2(3)
    const expected = (1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3));
    expect(ndcgAt(["b", "a"], { a: 2, b: 1 }, 10)).toBeCloseTo(expected, 12);
    expect(dcgAt([2, 0, 1], 3)).toBeCloseTo(3 + 1 / Math.log2(4), 12);
  });

  it("ignores items beyond k, and the ideal is cut at k too", () => {
    expect(ndcgAt(["x", "a"], { a: 2 }, 1)).toBe(0);
    // three exact items, only one fits in k = 1: retrieving one of them is ideal
    expect(ndcgAt(["a"], { a: 2, b: 2, c: 2 }, 1)).toBeCloseTo(1, 12);
  });

  it("is 0 for a query without graded items", () => {
    expect(ndcgAt(["a"], {}, 10)).toBe(0);
    expect(ndcgAt(["a"], { a: 0 }, 10)).toBe(0);
  });
});

describe("Recall@k", () => {
  it("counts every graded item, partial ones included", () => {
    expect(recallAt(["a", "x", "b"], { a: 2, b: 1, c: 1, d: 0 }, 10)).toBeCloseTo(2 / 3, 12);
    expect(recallAt(["a", "x", "b"], { a: 2, b: 1 }, 2)).toBe(0.5);
    expect(recallAt(["a"], {}, 10)).toBe(0);
  });
});

describe("reciprocal rank", () => {
  it("is 1/rank of the first graded item within k", () => {
    expect(reciprocalRank(["x", "y", "b", "a"], { a: 2, b: 1 }, 10)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRank(["a"], { a: 2 }, 10)).toBe(1);
    expect(reciprocalRank(["x", "a"], { a: 2 }, 1)).toBe(0);
  });
});

describe("scoreRuns", () => {
  it("averages over queries", () => {
    const scores = scoreRuns([
      { ranked: ["a"], relevant: { a: 2 } },
      { ranked: ["x"], relevant: { a: 2 } },
    ]);
    expect(scores).toEqual({ queries: 2, ndcg10: 0.5, recall10: 0.5, mrr10: 0.5 });
    expect(scoreRuns([]).queries).toBe(0);
  });
});

describe("percentiles", () => {
  it("interpolates between closest ranks", () => {
    const values = [5, 1, 4, 2, 3];
    expect(percentile(values, 50)).toBe(3);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile(Array.from({ length: 101 }, (_, i) => i), 95)).toBe(95);
    expect(percentile([10, 20], 95)).toBeCloseTo(19.5, 12);
    expect(median([7])).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it("summarizes", () => {
    expect(summarize([1, 2, 3, 4])).toMatchObject({ n: 4, mean: 2.5, p50: 2.5, min: 1, max: 4 });
  });
});

describe("seeded PRNG", () => {
  it("repeats for a seed and samples in original order", () => {
    const a = createRng(42);
    const b = createRng(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    const picked = sample(createRng(7), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4);
    expect(picked).toHaveLength(4);
    expect([...picked].sort((x, y) => x - y)).toEqual(picked);
    expect(sample(createRng(7), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4)).toEqual(picked);
  });
});
