import { STOP_WORDS } from "~/knowledge/stop-words";

/**
 * Russian typed in Latin letters («zakaz ne prishel uzhe nedelyu, gde on?»), as shoppers do on a
 * keyboard without Cyrillic: read back into Cyrillic so the turn is understood as the Russian it is.
 * Which text is such is told by the language's own function words, not by any shop's: at least two
 * different words that, read in Cyrillic, are Russian function words and are no English ones («ne»,
 * «uzhe», «dlya»), and more of them than English-only function words. Words with digits or capitals
 * inside (sizes, SKUs, "iPhone") and capitalised words past the first (names: "Storm Pro") are kept
 * as written and do not vote.
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

const PIECE = /[A-Za-z0-9']+|[^A-Za-z0-9']+/g;
const LETTERS_ONLY = /^[A-Za-z']+$/;
const CAPITALISED = /^[A-Z]/;
const INNER_CAPITAL = /.[A-Z]/;

// An address ("ivan@example.com", "shop.ru/help"): what the shopper gives to be reached or sent to.
const ADDRESS = /[@/]|[A-Za-z0-9]\.[A-Za-z0-9]/;

/** The message in Cyrillic when it is Russian typed in Latin letters; undefined otherwise. */
export function fromRussianTransliteration(message: string): string | undefined {
  if (/[\u0400-\u04ff]/u.test(message) || !/[a-z]/iu.test(message)) return undefined;
  // Addresses are kept as written (a lead's e-mail must stay the e-mail) and do not vote.
  const chunks = message.split(/(\s+)/);
  const piecesOf = (chunk: string) => (ADDRESS.test(chunk) ? [] : (chunk.match(PIECE) ?? []));
  const words = chunks.flatMap(piecesOf).filter((piece) => LETTERS_ONLY.test(piece));
  // A capital past the first word marks a name ("Storm Pro"), written as the shop writes it: kept, and no vote.
  const isName = (word: string) => word !== words[0] && CAPITALISED.test(word);
  const voting = words.filter((word) => !isName(word)).map((word) => word.toLowerCase());
  const russian = new Set(voting.filter((word) => !STOP_WORDS.has(word) && STOP_WORDS.has(cyrillicOf(word))));
  const english = new Set(voting.filter((word) => STOP_WORDS.has(word) && !STOP_WORDS.has(cyrillicOf(word))));
  if (russian.size < MIN_RUSSIAN_WORDS || russian.size <= english.size) return undefined;
  // Sizes, SKUs and models ("XL", "RS-2", "v2") are kept as written, as are names.
  const readable = (piece: string) => (LETTERS_ONLY.test(piece) && !INNER_CAPITAL.test(piece) && !isName(piece) ? cyrillicOf(piece.toLowerCase()) : piece);
  return chunks.map((chunk) => (ADDRESS.test(chunk) ? chunk : piecesOf(chunk).map(readable).join(""))).join("");
}
