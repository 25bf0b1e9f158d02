import { safeLink } from "./safe-link";

/**
 * The small Markdown subset the assistant writes: [links](url), **bold** and "- " bullets. Built
 * as DOM nodes, never HTML, and only http(s) links or paths on this site become anchors.
 */
// Link text and URL stop at the next "[": an unclosed "[" or "](" then fails in one step instead of
// rescanning the rest of the answer (quadratic on "[(" repeated).
const INLINE = /\[([^[\]\n]+)\]\(([^)[\]\s]+)\)|\*\*([^*\n]+)\*\*/g;

export function richText(text: string): Node[] {
  const nodes: Node[] = [];
  const source = text.replace(/^[-*] /gm, "• ");
  let last = 0;
  for (const match of source.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) nodes.push(document.createTextNode(source.slice(last, index)));
    const [whole, label, url, bold] = match;
    if (bold) {
      const strong = document.createElement("strong");
      strong.textContent = bold;
      nodes.push(strong);
    } else if (safeLink(url)) {
      const a = document.createElement("a");
      a.href = url;
      a.textContent = label;
      nodes.push(a);
    } else {
      nodes.push(document.createTextNode(whole));
    }
    last = index + whole.length;
  }
  if (last < source.length) nodes.push(document.createTextNode(source.slice(last)));
  return nodes;
}
