/**
 * Approximate token counting, good enough to size chunks and embedding requests without shipping a
 * BPE vocabulary. Heuristic, calibrated by eye against OpenAI's cl100k/o200k tokenizers:
 * - a Latin-script word costs 1 token per started 6 letters ("the" 1, "waterproof" 2);
 * - a Cyrillic word costs 1 token per started 3.5 letters (BPE vocabularies hold far fewer
 *   Cyrillic merges, so "куртка" is ~2 tokens, "водонепроницаемый" ~5);
 * - other scripts (CJK etc.) cost 1 token per character;
 * - a run of digits costs 1 token per started 3 digits (tokenizers split numbers in threes);
 * - every punctuation or symbol character costs 1 token; whitespace is free.
 * Whitespace being free makes the count additive: tokens(a + " " + b) = tokens(a) + tokens(b),
 * which lets the chunker sum sentence costs instead of recounting joined text.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const match of text.matchAll(PIECE)) {
    const piece = match[0];
    tokens += pieceTokens(piece);
  }
  return tokens;
}

const PIECE = /[\p{L}\p{M}]+|\p{N}+|[^\s\p{L}\p{M}\p{N}]/gu;
const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN_OR_DIGIT = /^[\p{Script=Latin}\p{M}]+$/u;

function pieceTokens(piece: string): number {
  const first = piece.charCodeAt(0);
  if (first >= 48 && first <= 57) return Math.ceil(piece.length / 3);
  if (piece.length === 1 && !/[\p{L}\p{N}]/u.test(piece)) return 1;
  if (CYRILLIC.test(piece)) return Math.ceil(piece.length / 3.5);
  if (LATIN_OR_DIGIT.test(piece)) return Math.ceil(piece.length / 6);
  if (/^\p{N}+$/u.test(piece)) return Math.ceil(piece.length / 3);
  return piece.length;
}
