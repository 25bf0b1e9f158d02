/**
 * The holdout's statistics, framework-free and pure so they can be checked against known answers.
 * Decision record: docs/decisions/0004-revenue-attribution-and-holdout.md.
 *
 * Conversion: two independent proportions (visitors who ordered / visitors), the difference with
 * its unpooled normal (Wald) 95% interval and a pooled two-sided z test. Revenue per visitor: every
 * visitor is one observation (0 without an order), so the difference of two means with Welch's
 * standard error; the sums and sums of squares are enough, so the database never sends one row a
 * visitor. Both intervals are for the absolute difference; the relative lift is reported beside.
 */

export const Z_95 = 1.959963984540054;

export interface ProportionSample {
  visitors: number;
  conversions: number;
}

export interface MeanSample {
  visitors: number;
  /** Sum over visitors of the value (revenue), 0 for visitors without one. */
  sum: number;
  /** Sum over visitors of the value squared. */
  sumOfSquares: number;
}

export interface Comparison {
  treatment: number;
  control: number;
  /** treatment − control */
  difference: number;
  /** 95% interval of the difference; null when a group is too small to say anything. */
  interval: [number, number] | null;
  /** difference / control; null when control is 0. */
  relativeLift: number | null;
  /** Two-sided p-value of "no difference"; null when it cannot be computed. */
  pValue: number | null;
  /** The 95% interval excludes 0. */
  distinguishable: boolean;
}

/** Standard normal cumulative distribution (Abramowitz–Stegun 7.1.26 through erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const twoSided = (z: number) => 2 * (1 - normalCdf(Math.abs(z)));

function compare(treatment: number, control: number, standardError: number | null, testError: number | null): Comparison {
  const difference = treatment - control;
  const interval: [number, number] | null = standardError === null ? null : [difference - Z_95 * standardError, difference + Z_95 * standardError];
  const pValue = testError === null ? null : testError === 0 ? (difference === 0 ? 1 : 0) : twoSided(difference / testError);
  return {
    treatment,
    control,
    difference,
    interval,
    relativeLift: control === 0 ? null : difference / control,
    pValue,
    distinguishable: interval !== null && (interval[0] > 0 || interval[1] < 0),
  };
}

/** Conversion rate of treatment vs control. */
export function compareProportions(treatment: ProportionSample, control: ProportionSample): Comparison {
  if (treatment.visitors <= 0 || control.visitors <= 0) {
    const rate = (s: ProportionSample) => (s.visitors > 0 ? s.conversions / s.visitors : 0);
    return compare(rate(treatment), rate(control), null, null);
  }
  const p1 = treatment.conversions / treatment.visitors;
  const p0 = control.conversions / control.visitors;
  const unpooled = Math.sqrt((p1 * (1 - p1)) / treatment.visitors + (p0 * (1 - p0)) / control.visitors);
  const pooledRate = (treatment.conversions + control.conversions) / (treatment.visitors + control.visitors);
  const pooled = Math.sqrt(pooledRate * (1 - pooledRate) * (1 / treatment.visitors + 1 / control.visitors));
  return compare(p1, p0, unpooled, pooled);
}

/** Mean and unbiased variance of a sample given by its count, sum and sum of squares. */
export function meanAndVariance(sample: MeanSample): { mean: number; variance: number } {
  if (sample.visitors <= 0) return { mean: 0, variance: 0 };
  const mean = sample.sum / sample.visitors;
  if (sample.visitors < 2) return { mean, variance: 0 };
  // Clamped: rounding can leave a tiny negative where every value is equal.
  const variance = Math.max(0, (sample.sumOfSquares - sample.visitors * mean * mean) / (sample.visitors - 1));
  return { mean, variance };
}

/** Revenue per visitor of treatment vs control (Welch). */
export function compareMeans(treatment: MeanSample, control: MeanSample): Comparison {
  const t = meanAndVariance(treatment);
  const c = meanAndVariance(control);
  if (treatment.visitors < 2 || control.visitors < 2) return compare(t.mean, c.mean, null, null);
  const standardError = Math.sqrt(t.variance / treatment.visitors + c.variance / control.visitors);
  return compare(t.mean, c.mean, standardError, standardError);
}
