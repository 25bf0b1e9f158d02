import { describe, expect, it } from "vitest";
import { reciprocalRankFusion, RRF_K } from "~/knowledge/rrf";

describe("reciprocalRankFusion", () => {
  it("sums 1/(k + rank) over rankings", () => {
    const fused = reciprocalRankFusion([
      ["a", "b", "c"],
      ["b", "d"],
    ]);
    expect(fused.map((entry) => entry.id)).toEqual(["b", "a", "d", "c"]);
    expect(fused[0].score).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 1));
    expect(fused[1].score).toBeCloseTo(1 / (RRF_K + 1));
  });

  it("counts a repeated id once per ranking, at its best position", () => {
    const [only] = reciprocalRankFusion([["a", "a", "a"]]);
    expect(only.score).toBeCloseTo(1 / (RRF_K + 1));
  });

  it("breaks ties by first appearance and handles empty input", () => {
    expect(reciprocalRankFusion([["x"], ["y"]]).map((entry) => entry.id)).toEqual(["x", "y"]);
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
  });

  it("honours a custom k", () => {
    expect(reciprocalRankFusion([["a"]], 0)[0].score).toBe(1);
  });
});
