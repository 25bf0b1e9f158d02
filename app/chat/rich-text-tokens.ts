/**
 * The small Markdown subset the assistant writes — [links](url), **bold** and "- " bullets — cut
 * into tokens, so the storefront widget (DOM nodes) and the console (React) render an answer the
 * same way and neither ever treats it as HTML. Link text and URL stop at the next "[": an unclosed
 * "[" or "](" then fails in one step instead of rescanning the rest of the answer (quadratic on "[("
 * repeated).
 */
const INLINE = /\[([^[\]\n]+)\]\(([^)[\]\s]+)\)|\*\*([^*\n]+)\*\*/g;

export type RichTextToken =
  | { kind: "text"; text: string }
  | { kind: "bold"; text: string }
  | { kind: "link"; text: string; url: string; markup: string };

export function richTextTokens(text: string): RichTextToken[] {
  const tokens: RichTextToken[] = [];
  const source = text.replace(/^[-*] /gm, "• ");
  let last = 0;
  for (const match of source.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) tokens.push({ kind: "text", text: source.slice(last, index) });
    const [whole, label, url, bold] = match;
    tokens.push(bold ? { kind: "bold", text: bold } : { kind: "link", text: label, url, markup: whole });
    last = index + whole.length;
  }
  if (last < source.length) tokens.push({ kind: "text", text: source.slice(last) });
  return tokens;
}
