/**
 * Ranking metrics at item level and latency statistics.
 *
 * Grades follow ../shared/README.md: 2 = exact, 1 = partial, anything unlisted = 0.
 * - nDCG@k uses the exponential gain 2^grade - 1 (3 for an exact item, 1 for a partial one) and the
 *   log2(rank + 1) discount; the ideal ranking sorts every graded item by grade. A query with no
 *   graded item scores 0.
 * - Recall@k counts items of grade >= 1 found in the top k over all items of grade >= 1.
 * - MRR is the reciprocal rank of the first item of grade >= 1 within the top k (0 if none),
 *   averaged over queries (MRR@k; k = 10 in the report).
 */

export type Grades = Record<string, number>;

/** Maps a chunk ranking to an item ranking: first occurrence wins, order is kept. */
export function itemRanking(itemIds: Iterable<string>): string[] {
  const seen = new Set<string>();
  const ranked: string[] = [];
  for (const id of itemIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    ranked.push(id);
  }
  return ranked;
}

const gain = (grade: number) => 2 ** grade - 1;

export function dcgAt(grades: number[], k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) dcg += gain(grades[i]) / Math.log2(i + 2);
  return dcg;
}

export function ndcgAt(ranked: string[], relevant: Grades, k: number): number {
  const ideal = dcgAt(Object.values(relevant).filter((grade) => grade > 0).sort((a, b) => b - a), k);
  if (ideal === 0) return 0;
  return dcgAt(ranked.slice(0, k).map((id) => relevant[id] ?? 0), k) / ideal;
}

export function recallAt(ranked: string[], relevant: Grades, k: number): number {
  const wanted = Object.keys(relevant).filter((id) => relevant[id] > 0);
  if (!wanted.length) return 0;
  const top = new Set(ranked.slice(0, k));
  return wanted.filter((id) => top.has(id)).length / wanted.length;
}

export function reciprocalRank(ranked: string[], relevant: Grades, k: number): number {
  const index = ranked.slice(0, k).findIndex((id) => (relevant[id] ?? 0) > 0);
  return index < 0 ? 0 : 1 / (index + 1);
}

export interface QualityScores {
  queries: number;
  ndcg10: number;
  recall10: number;
  mrr10: number;
}

/** Averages the three metrics over queries (k = 10). */
export function scoreRuns(runs: { ranked: string[]; relevant: Grades }[], k = 10): QualityScores {
  const n = runs.length;
  if (!n) return { queries: 0, ndcg10: 0, recall10: 0, mrr10: 0 };
  let ndcg = 0;
  let recall = 0;
  let mrr = 0;
  for (const { ranked, relevant } of runs) {
    ndcg += ndcgAt(ranked, relevant, k);
    recall += recallAt(ranked, relevant, k);
    mrr += reciprocalRank(ranked, relevant, k);
  }
  return { queries: n, ndcg10: ndcg / n, recall10: recall / n, mrr10: mrr / n };
}

/** Percentile with linear interpolation between closest ranks (numpy's default); NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

export interface LatencySummary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

export function summarize(values: number[]): LatencySummary {
  const n = values.length;
  return {
    n,
    mean: n ? values.reduce((sum, value) => sum + value, 0) / n : Number.NaN,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    min: n ? Math.min(...values) : Number.NaN,
    max: n ? Math.max(...values) : Number.NaN,
  };
}

export function median(values: number[]): number {
  return percentile(values, 50);
}
