import type { Comparison } from "~/revenue/statistics";

/** Fewer visitors than this in a group and the page says it is too early, whatever the interval. */
export const MIN_VISITORS_PER_GROUP = 100;

/**
 * The plain sentence under the holdout numbers: whether the assistant's effect on conversion can
 * be told apart from zero yet. It never claims more than the interval does.
 */
export function holdoutVerdict(conversion: Comparison, visitors: { treatment: number; control: number }): string {
  if (visitors.treatment < MIN_VISITORS_PER_GROUP || visitors.control < MIN_VISITORS_PER_GROUP) {
    return `Too early to tell: each group needs at least ${MIN_VISITORS_PER_GROUP} visitors (now ${visitors.treatment} with the assistant, ${visitors.control} without).`;
  }
  if (!conversion.interval) return "Not enough data to compare the groups yet.";
  const [low, high] = conversion.interval.map((value) => (value * 100).toFixed(2));
  if (conversion.distinguishable && conversion.difference > 0) return `Visitors who could use the assistant converted more, and the difference is distinguishable from zero (95% interval ${low} to ${high} percentage points).`;
  if (conversion.distinguishable) return `Visitors who could use the assistant converted less, and the difference is distinguishable from zero (95% interval ${low} to ${high} percentage points).`;
  return `No difference can be told apart from zero yet: the 95% interval runs from ${low} to ${high} percentage points. More visitors narrow it.`;
}
