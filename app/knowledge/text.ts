import { STOP_WORDS } from "./stop-words";

/**
 * Word normalisation shared by the local embedder and shop synonyms: case folding, accent
 * stripping (café -> cafe, ё -> е via NFKD) and a crude ru/en stemmer.
 */
const STEM_MAX_LENGTH = 7;

const WORD = /[\p{L}\p{N}]+/gu;
const NON_ASCII = /[^\p{ASCII}]/u;
const MARKS = /\p{M}/gu;

/** Lower-cased, accent-free words (ё -> е falls out of NFKD), stop words dropped unless nothing remains. */
export function contentWords(text: string): string[] {
  let folded = text.toLowerCase();
  if (NON_ASCII.test(folded)) folded = folded.normalize("NFKD").replace(MARKS, "");
  const words = folded.match(WORD) ?? [];
  const content = words.filter((word) => !STOP_WORDS.has(word));
  return content.length ? content : words;
}

const RU_SUFFIXES = [
  "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "ией", "ость", "ости",
  "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ой", "ей",
  // The same endings after NFKD folding, which turns й into и: "зимний" -> "зимнии".
  "ыи", "ии", "ои", "еи", "ом", "ем", "ам", "ям", "ах", "ях",
  "ую", "юю", "ов", "ев", "ия", "ью", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь",
];
const EN_SUFFIXES = ["ingly", "ings", "ing", "edly", "ies", "ied", "ed", "es", "ly", "s"];
const CYRILLIC = /[\u0400-\u04ff]/;

/** Whether the text has a Cyrillic letter: Russian, as the chat's two languages go. */
export function hasCyrillic(text: string): boolean {
  return CYRILLIC.test(text);
}

/** Deliberately crude: it only has to map forms of one word together, not produce linguistic stems. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  const suffixes = CYRILLIC.test(word) ? RU_SUFFIXES : EN_SUFFIXES;
  let result = word;
  for (const suffix of suffixes) {
    if (result.endsWith(suffix) && result.length - suffix.length >= 3) {
      result = result.slice(0, -suffix.length);
      break;
    }
  }
  return result.length > STEM_MAX_LENGTH ? result.slice(0, STEM_MAX_LENGTH) : result;
}
