import { describe, expect, it } from "vitest";
import { holdoutVerdict } from "~/console/revenue/holdout-verdict";
import { compareMeans, compareProportions, meanAndVariance, normalCdf } from "~/revenue/statistics";

describe("holdout statistics, against known answers", () => {
  it("normal CDF", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
    expect(normalCdf(3)).toBeCloseTo(0.99865, 5);
  });

  it("two proportions: 200/1000 vs 150/1000 (R's prop.test without correction: X² = 8.6597, p = 0.003254)", () => {
    const result = compareProportions({ visitors: 1000, conversions: 200 }, { visitors: 1000, conversions: 150 });
    expect(result.difference).toBeCloseTo(0.05, 12);
    expect(result.relativeLift).toBeCloseTo(1 / 3, 12);
    // Wald interval: 0.05 ± 1.96 · sqrt(.2·.8/1000 + .15·.85/1000)
    expect(result.interval![0]).toBeCloseTo(0.016766, 5);
    expect(result.interval![1]).toBeCloseTo(0.083234, 5);
    expect(result.pValue).toBeCloseTo(0.003254, 5);
    expect(result.distinguishable).toBe(true);
  });

  it("two proportions that cannot be told apart, and groups too small to say anything", () => {
    const same = compareProportions({ visitors: 500, conversions: 25 }, { visitors: 500, conversions: 24 });
    expect(same.distinguishable).toBe(false);
    expect(same.interval![0]).toBeLessThan(0);
    expect(same.interval![1]).toBeGreaterThan(0);
    const empty = compareProportions({ visitors: 10, conversions: 1 }, { visitors: 0, conversions: 0 });
    expect(empty.interval).toBeNull();
    expect(empty.distinguishable).toBe(false);
    expect(empty.relativeLift).toBeNull();
  });

  it("two means (Welch) from count, sum and sum of squares: [1..5] vs [2,4,6]", () => {
    expect(meanAndVariance({ visitors: 5, sum: 15, sumOfSquares: 55 })).toEqual({ mean: 3, variance: 2.5 });
    const result = compareMeans({ visitors: 5, sum: 15, sumOfSquares: 55 }, { visitors: 3, sum: 12, sumOfSquares: 56 });
    expect(result.difference).toBe(-1);
    const se = Math.sqrt(2.5 / 5 + 4 / 3);
    expect(result.interval![0]).toBeCloseTo(-1 - 1.959964 * se, 5);
    expect(result.interval![1]).toBeCloseTo(-1 + 1.959964 * se, 5);
    expect(result.distinguishable).toBe(false);
  });

  it("recovers a known +8% conversion lift on 40,000 visitors with a 10% holdout within its interval", () => {
    // A seeded generator: the same visitors every run, so this cannot flake.
    let state = 20261206;
    const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const base = 0.05;
    const lifted = base * 1.08;
    const groups = { treatment: { visitors: 0, conversions: 0 }, control: { visitors: 0, conversions: 0 } };
    for (let i = 0; i < 40_000; i += 1) {
      const group = random() < 0.1 ? groups.control : groups.treatment;
      group.visitors += 1;
      if (random() < (group === groups.control ? base : lifted)) group.conversions += 1;
    }
    const result = compareProportions(groups.treatment, groups.control);
    const truth = lifted - base;
    expect(result.interval![0]).toBeLessThanOrEqual(truth);
    expect(result.interval![1]).toBeGreaterThanOrEqual(truth);
    // 4,000 control visitors cannot tell a 0.4-point lift from zero: the page must say so.
    expect(result.distinguishable).toBe(false);
    expect(holdoutVerdict(result, { treatment: groups.treatment.visitors, control: groups.control.visitors })).toMatch(/^No difference can be told apart from zero yet/);
  });

  it("the verdict waits for enough visitors and states the direction only when the interval excludes zero", () => {
    const clear = compareProportions({ visitors: 1000, conversions: 200 }, { visitors: 1000, conversions: 150 });
    expect(holdoutVerdict(clear, { treatment: 1000, control: 1000 })).toMatch(/converted more, and the difference is distinguishable from zero \(95% interval 1\.68 to 8\.32 percentage points\)/);
    expect(holdoutVerdict(clear, { treatment: 1000, control: 40 })).toMatch(/^Too early to tell/);
    const worse = compareProportions({ visitors: 1000, conversions: 150 }, { visitors: 1000, conversions: 200 });
    expect(holdoutVerdict(worse, { treatment: 1000, control: 1000 })).toMatch(/converted less/);
  });
});
