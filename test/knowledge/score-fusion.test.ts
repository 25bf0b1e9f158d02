import { describe, expect, it } from "vitest";
import { scoreFusion } from "~/knowledge/score-fusion";

describe("score fusion", () => {
  it("scales each channel by its best hit, weights and sums; an item two channels rate highly wins", () => {
    const fused = scoreFusion([
      { scores: [["a", 0.5], ["b", 0.25]], weight: 1 },
      { scores: [["b", 0.9], ["c", 0.3]], weight: 1 },
      { scores: [["c", 10]], weight: 0.5 },
    ]);
    expect(fused.map((row) => row.id)).toEqual(["b", "a", "c"]);
    expect(fused[0].score).toBeCloseTo(0.5 + 1);
    expect(fused[2].score).toBeCloseTo(1 / 3 + 0.5);
  });

  it("counts a repeated id once per channel, keeps zero-weight ids listed, and is deterministic on ties", () => {
    const fused = scoreFusion([
      { scores: [["x", 1], ["x", 0.2], ["y", 1]], weight: 1 },
      { scores: [["z", 1]], weight: 0 },
    ]);
    expect(fused).toEqual([{ id: "x", score: 1 }, { id: "y", score: 1 }, { id: "z", score: 0 }]);
    expect(scoreFusion([])).toEqual([]);
  });
});
