import { contentWords, stem } from "~/knowledge/text";

/**
 * Groups shopper questions that ask the same thing in different words ("where is my order?",
 * "Where's my order", "where is my parcel order") so the merchant sees one line per topic. The
 * database has already folded exact repeats into one row with a count, so this sees at most a
 * bounded number of distinct texts. Greedy: rows are visited most-asked first; each joins the group
 * whose first (most-asked) question shares the most stemmed content words with it (Jaccard ≥
 * threshold) or starts a new group. An inverted index keeps it to the groups sharing a word.
 */
export interface QuestionRow {
  /** The question as a shopper typed it (one of the texts folded into this row). */
  example: string;
  count: number;
  unanswered: number;
  thumbsDown: number;
  lastAskedAt: Date;
}

export interface QuestionGroup {
  /** The most-asked wording of the group. */
  example: string;
  count: number;
  unanswered: number;
  thumbsDown: number;
  lastAskedAt: string;
  /** Other wordings, most-asked first (a few, for recognition). */
  variants: string[];
}

export const DEFAULT_SIMILARITY = 0.5;
const MAX_VARIANTS = 3;

/** Stems cut to this many letters: crude, but it maps "ship"/"shipping" and "доставка"/"доставляете" together. */
const TERM_PREFIX = 5;

/**
 * A question's comparable terms: each content word's short stem; one-letter leftovers ("where's" →
 * "s") are dropped. No vocabulary list: what shoppers of any vertical ask is grouped by its own words.
 */
export function questionTerms(text: string): Set<string> {
  const terms = new Set<string>();
  for (const word of contentWords(text).map(stem)) if (word.length > 1) terms.add(word.slice(0, TERM_PREFIX));
  return terms;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}

export function groupSimilarQuestions(rows: readonly QuestionRow[], threshold = DEFAULT_SIMILARITY): QuestionGroup[] {
  const sorted = [...rows].sort((a, b) => b.count - a.count || b.lastAskedAt.getTime() - a.lastAskedAt.getTime());
  const groups: { terms: Set<string>; group: QuestionGroup; lastAskedAt: Date }[] = [];
  const byTerm = new Map<string, number[]>();
  for (const row of sorted) {
    const terms = questionTerms(row.example);
    let best = -1;
    let bestScore = 0;
    const seen = new Set<number>();
    for (const term of terms) {
      for (const index of byTerm.get(term) ?? []) {
        if (seen.has(index)) continue;
        seen.add(index);
        const score = jaccard(terms, groups[index].terms);
        if (score > bestScore) {
          best = index;
          bestScore = score;
        }
      }
    }
    if (best >= 0 && bestScore >= threshold) {
      const target = groups[best];
      target.group.count += row.count;
      target.group.unanswered += row.unanswered;
      target.group.thumbsDown += row.thumbsDown;
      if (row.lastAskedAt > target.lastAskedAt) target.lastAskedAt = row.lastAskedAt;
      if (target.group.variants.length < MAX_VARIANTS) target.group.variants.push(row.example);
      continue;
    }
    const index = groups.length;
    groups.push({
      terms,
      lastAskedAt: row.lastAskedAt,
      group: { example: row.example, count: row.count, unanswered: row.unanswered, thumbsDown: row.thumbsDown, lastAskedAt: "", variants: [] },
    });
    for (const term of terms) {
      const list = byTerm.get(term);
      if (list) list.push(index);
      else byTerm.set(term, [index]);
    }
  }
  return groups
    .map(({ group, lastAskedAt }) => ({ ...group, lastAskedAt: lastAskedAt.toISOString() }))
    .sort((a, b) => b.count - a.count || b.lastAskedAt.localeCompare(a.lastAskedAt));
}
