/**
 * Where a catalog token (a SKU, a size code) stands on its own in a shopper's message: the characters
 * right before and after it are neither a letter nor a digit nor one of the token's `joiners` ("-" in
 * "JKT-1042-M"). Plain scanning instead of a pattern built from each token: V8 compiles a Unicode-aware
 * regular expression anew for every distinct source, so one per SKU and size cost a freshly started
 * server about 1 ms of every chat turn until each had been seen.
 */

const LETTER_OR_DIGIT = /^[\p{L}\d]$/u;

function joins(char: string | undefined, joiners: string): boolean {
  return char !== undefined && (LETTER_OR_DIGIT.test(char) || joiners.includes(char));
}

/** The whole character (code point) that ends right before `index`. */
function charBefore(text: string, index: number): string | undefined {
  if (index <= 0) return undefined;
  const unit = text.charCodeAt(index - 1);
  const lowSurrogate = unit >= 0xdc00 && unit <= 0xdfff;
  return lowSurrogate && index >= 2 ? text.slice(index - 2, index) : text[index - 1];
}

function charAt(text: string, index: number): string | undefined {
  const code = text.codePointAt(index);
  return code === undefined ? undefined : String.fromCodePoint(code);
}

/** The indices where `token` stands alone in `text`, left to right, not overlapping. */
export function standaloneAt(text: string, token: string, joiners = ""): number[] {
  const found: number[] = [];
  if (!token) return found;
  let at = text.indexOf(token);
  while (at >= 0) {
    const alone = !joins(charBefore(text, at), joiners) && !joins(charAt(text, at + token.length), joiners);
    if (alone) found.push(at);
    at = text.indexOf(token, at + (alone ? token.length : 1));
  }
  return found;
}

export const standsAlone = (text: string, token: string, joiners = ""): boolean => standaloneAt(text, token, joiners).length > 0;

/**
 * Lower case with every character where it was, so an index found in the result points at the same
 * character of `text`; a character whose lower case is longer ("İ" → "i̇") is kept as written.
 */
export function lowerInPlace(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let kept = "";
  for (const char of text) {
    const lowered = char.toLowerCase();
    kept += lowered.length === char.length ? lowered : char;
  }
  return kept;
}
