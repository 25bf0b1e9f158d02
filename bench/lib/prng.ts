/** mulberry32: a tiny seeded PRNG, so synthetic data and subsets are identical on every run. */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)];

export function intBetween(rng: () => number, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(rng: () => number, list: readonly T[]): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** A seeded sample of `size` elements keeping the original order. */
export function sample<T>(rng: () => number, list: readonly T[], size: number): T[] {
  if (size >= list.length) return [...list];
  const chosen = new Set(shuffled(rng, list.map((_, i) => i)).slice(0, size));
  return list.filter((_, i) => chosen.has(i));
}
