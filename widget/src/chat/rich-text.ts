import { richTextTokens } from "../../../app/chat/rich-text-tokens";
import { safeLink } from "./safe-link";

/**
 * The assistant's answer as DOM nodes, never HTML: only http(s) links or paths on this site
 * become anchors; any other link stays as the text the assistant wrote.
 */
export function richText(text: string): Node[] {
  return richTextTokens(text).map((token) => {
    if (token.kind === "bold") {
      const strong = document.createElement("strong");
      strong.textContent = token.text;
      return strong;
    }
    if (token.kind === "link" && safeLink(token.url)) {
      const a = document.createElement("a");
      a.href = token.url;
      a.textContent = token.text;
      return a;
    }
    return document.createTextNode(token.kind === "link" ? token.markup : token.text);
  });
}
