/** Reciprocal Rank Fusion's damping constant; 60 is the value from Cormack et al. (2009). */
export const RRF_K = 60;

export interface FusedRank {
  id: string;
  /** Sum over rankings of 1 / (k + rank), rank counted from 1. */
  score: number;
}

/**
 * Fuses rankings of ids without looking at their raw scores, which are not comparable across
 * channels (cosine similarity vs ts_rank_cd). A repeated id within one ranking counts once, at its
 * best position. Ties keep the order in which ids were first met, so results are deterministic.
 */
export function reciprocalRankFusion(rankings: ReadonlyArray<ReadonlyArray<string>>, k = RRF_K): FusedRank[] {
  const scores = new Map<string, number>();
  for (const ranking of rankings) {
    const seen = new Set<string>();
    ranking.forEach((id, position) => {
      if (seen.has(id)) return;
      seen.add(id);
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + position + 1));
    });
  }
  return [...scores.entries()]
    .map(([id, score], order) => ({ id, score, order }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ id, score }) => ({ id, score }));
}
