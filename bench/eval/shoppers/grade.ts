import type { Expectation } from "./questions";

/** What the grader reads of a chat reply (a subset of ChatReply). */
export interface GradedReply {
  answer: string;
  sources: { type: string; id: string }[];
  language: string;
  handoff: boolean;
}

export type Verdict = "right" | "partly" | "wrong";

export interface Grade {
  verdict: Verdict;
  passed: number;
  total: number;
  /** The checks that failed, in words, for the report's examples. */
  failed: string[];
}

// Prices are written with plain, no-break or narrow no-break spaces depending on the formatter; the
// expected facts are written with plain spaces.
const normalise = (text: string) => text.replace(/[\u00A0\u202F]/g, " ").toLowerCase();

/**
 * Fully right: every expected fact holds. Partly: at least half of the checks hold. Wrong: fewer.
 * Each id, each phrase and each flag is one check, so an answer that names the right item but
 * misses its stock and price is partly right, not right.
 */
export function gradeReply(reply: GradedReply, expect: Expectation): Grade {
  const answer = normalise(reply.answer);
  const ids = reply.sources.map((source) => source.id);
  const checks: [boolean, string][] = [];
  if (expect.first !== undefined) checks.push([ids[0] === expect.first, `first source ${expect.first} (got ${ids[0] ?? "none"})`]);
  for (const id of expect.items ?? []) checks.push([ids.includes(id), `lists ${id}`]);
  if (expect.anyOf) checks.push([expect.anyOf.some((id) => ids.includes(id)), `lists one of ${expect.anyOf.join(", ")}`]);
  for (const id of expect.notItems ?? []) checks.push([!ids.includes(id), `does not list ${id}`]);
  for (const phrase of expect.says ?? []) {
    const options = Array.isArray(phrase) ? phrase : [phrase];
    checks.push([options.some((option) => answer.includes(normalise(option))), `says "${options.join('" or "')}"`]);
  }
  for (const phrase of expect.never ?? []) checks.push([!answer.includes(normalise(phrase)), `never says "${phrase}"`]);
  if (expect.language) checks.push([reply.language === expect.language, `answers in ${expect.language} (got ${reply.language})`]);
  if (expect.noProducts) checks.push([!reply.sources.some((source) => source.type === "product"), "cites no product"]);
  if (expect.handoff !== undefined) checks.push([reply.handoff === expect.handoff, expect.handoff ? "offers the contact form" : "does not offer the contact form"]);
  if (!checks.length) throw new Error("an expectation with no checks cannot fail");
  const passed = checks.filter(([ok]) => ok).length;
  const verdict: Verdict = passed === checks.length ? "right" : passed * 2 >= checks.length ? "partly" : "wrong";
  return { verdict, passed, total: checks.length, failed: checks.filter(([ok]) => !ok).map(([, what]) => what) };
}
