import { compile, type HtmlToTextOptions } from "html-to-text";

const sharedOptions: HtmlToTextOptions = {
  // Chunks are re-flowed by the chunker; hard wrapping would only add noise newlines.
  wordwrap: false,
  selectors: [
    { selector: "img", format: "skip" },
    // Link targets are tracking-laden URLs that waste tokens and pollute lexical search.
    { selector: "a", options: { ignoreHref: true } },
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
    { selector: "h3", options: { uppercase: false } },
    { selector: "h4", options: { uppercase: false } },
    { selector: "h5", options: { uppercase: false } },
    { selector: "h6", options: { uppercase: false } },
    { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
    { selector: "ul", options: { itemPrefix: "- " } },
    { selector: "script", format: "skip" },
    { selector: "style", format: "skip" },
  ],
};

// compile() builds the selector decision tree once; converting thousands of descriptions reuses it.
const convertHtml = compile(sharedOptions);
// Plain text with entities only: newlines are the author's paragraphs and must survive.
const convertPlain = compile({ ...sharedOptions, preserveNewlines: true });

// [^<>]: an unclosed "<a" fails at the next "<" instead of rescanning the rest of the text.
const TAG = /<\/?[a-z][^<>]*>|<!--/i;
const ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);/i;

/** HTML (or plain text) -> plain text with paragraph breaks kept as blank lines. */
export function htmlToPlainText(input: string): string {
  if (!input) return "";
  const hasTags = TAG.test(input);
  if (!hasTags && !ENTITY.test(input)) return tidy(input);
  return tidy(hasTags ? convertHtml(input) : convertPlain(input));
}

function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00a0\t\f\v ]+/g, " ")
    .split("\n")
    .map(withoutOuterSpaces)
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Spaces around a line; a loop, because one pattern "spaces, newline, spaces" retries every space of a long run (quadratic). */
function withoutOuterSpaces(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && line[start] === " ") start++;
  while (end > start && line[end - 1] === " ") end--;
  return line.slice(start, end);
}
