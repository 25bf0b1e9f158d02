import { STOP_WORDS } from "~/knowledge/stop-words";

/**
 * Russian typed in Latin letters («zakaz ne prishel uzhe nedelyu, gde on?»), as shoppers do on a
 * keyboard without Cyrillic: read back into Cyrillic so the turn is understood as the Russian it is.
 * Which text is such is told by the language's own function words, not by any shop's: at least two
 * words that, read in Cyrillic, are Russian function words and are no English ones («ne», «uzhe»,
 * «dlya»), and more of them than English-only function words. Words with digits or capitals inside
 * (sizes, SKUs, "iPhone") are kept as written.
 */

// Longest first: "shch" before "sh" before "s".
const LETTERS: Array<[string, string]> = [
  ["shch", "щ"], ["sch", "щ"], ["zh", "ж"], ["kh", "х"], ["ch", "ч"], ["sh", "ш"], ["ts", "ц"],
  ["yu", "ю"], ["ya", "я"], ["yo", "ё"], ["ju", "ю"], ["ja", "я"], ["jo", "ё"], ["iy", "ий"], ["yy", "ый"],
  ["a", "а"], ["b", "б"], ["v", "в"], ["g", "г"], ["d", "д"], ["e", "е"], ["z", "з"], ["i", "и"], ["y", "ы"],
  ["k", "к"], ["l", "л"], ["m", "м"], ["n", "н"], ["o", "о"], ["p", "п"], ["r", "р"], ["s", "с"], ["t", "т"],
  ["u", "у"], ["f", "ф"], ["h", "х"], ["c", "ц"], ["j", "й"], ["w", "в"], ["x", "кс"], ["q", "к"], ["'", "ь"],
];
const LONGEST = 4;
const MIN_RUSSIAN_WORDS = 2;

/** One lower-case Latin word in Cyrillic letters. */
function cyrillicOf(word: string): string {
  let out = "";
  let at = 0;
  while (at < word.length) {
    let matched = false;
    for (let size = Math.min(LONGEST, word.length - at); size > 0 && !matched; size--) {
      const piece = word.slice(at, at + size);
      const letter = LETTERS.find(([latin]) => latin === piece);
      if (letter) {
        out += letter[1];
        at += size;
        matched = true;
      }
    }
    if (!matched) out += word[at++];
  }
  return out;
}

const WORD = /[A-Za-z']+|[^A-Za-z']+/g;
const KEPT = /\d|.\p{Lu}/u;

/** The message in Cyrillic when it is Russian typed in Latin letters; undefined otherwise. */
export function fromRussianTransliteration(message: string): string | undefined {
  if (/[\u0400-\u04ff]/u.test(message) || !/[a-z]/iu.test(message)) return undefined;
  const words = message.toLowerCase().match(/[a-z']+/g) ?? [];
  const russian = words.filter((word) => !STOP_WORDS.has(word) && STOP_WORDS.has(cyrillicOf(word))).length;
  const english = words.filter((word) => STOP_WORDS.has(word) && !STOP_WORDS.has(cyrillicOf(word))).length;
  if (russian < MIN_RUSSIAN_WORDS || russian <= english) return undefined;
  return (message.match(WORD) ?? []).map((piece) => (/^[A-Za-z']+$/.test(piece) && !KEPT.test(piece) ? cyrillicOf(piece.toLowerCase()) : piece)).join("");
}
