import { z } from "zod";
import { contentWords, stem } from "./text";

/**
 * Shop-defined synonyms (`shop.settings.synonyms`: groups of words or phrases that mean the same in
 * this shop, e.g. [["пуховик", "куртка"], ["tee", "t-shirt"]]). Vocabulary is the merchant's data,
 * never code: what one vertical calls a synonym is another vertical's false friend.
 */
export type SynonymGroups = string[][];

const MAX_GROUPS = 500;
const MAX_GROUP_SIZE = 20;
const entry = z.string().trim().min(1).max(100);

/** Tolerant: a malformed group or entry is dropped, never the whole setting (and never an error). */
export function shopSynonyms(settings: unknown): SynonymGroups {
  const raw = z.object({ synonyms: z.array(z.unknown()) }).safeParse(settings);
  if (!raw.success) return [];
  const groups: SynonymGroups = [];
  for (const group of raw.data.synonyms.slice(0, MAX_GROUPS)) {
    if (!Array.isArray(group)) continue;
    const entries = group.slice(0, MAX_GROUP_SIZE).flatMap((value) => {
      const parsed = entry.safeParse(value);
      return parsed.success ? [parsed.data] : [];
    });
    if (entries.length >= 2) groups.push(entries);
  }
  return groups;
}

const stemsOf = (text: string) => contentWords(text).map(stem);

/**
 * The entries of every group that the question names (as a whole word or phrase, compared by
 * stem) except the ones it already says: what the lexical channel ORs into its query.
 */
export function synonymExpansions(question: string, groups: SynonymGroups): string[] {
  const words = ` ${stemsOf(question).join(" ")} `;
  const out: string[] = [];
  for (const group of groups) {
    const keys = group.map((value) => stemsOf(value).join(" "));
    if (!keys.some((key) => key && words.includes(` ${key} `))) continue;
    group.forEach((value, i) => {
      if (keys[i] && !words.includes(` ${keys[i]} `) && !out.includes(value)) out.push(value);
    });
  }
  return out;
}
