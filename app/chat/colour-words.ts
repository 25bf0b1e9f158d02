/**
 * Basic colour names in the languages the chat writes, so a shopper can name a variant's colour in
 * their own language: "got it in black?" of «Чёрный», «а розовый есть?» of "Pink". General language,
 * like the function words of language.ts: no product or shop is named here, and a colour the list
 * lacks is still matched as the catalog writes it.
 */

// Each colour: its English words and the stems of its Russian adjective (ё written е).
const COLOURS: [id: string, english: string[], russian: string[]][] = [
  ["black", ["black"], ["черн"]],
  ["white", ["white"], ["бел"]],
  ["red", ["red"], ["красн"]],
  ["blue", ["blue"], ["син"]],
  ["light-blue", ["light blue", "sky blue"], ["голуб"]],
  ["green", ["green"], ["зелен"]],
  ["yellow", ["yellow"], ["желт"]],
  ["pink", ["pink"], ["розов"]],
  ["grey", ["grey", "gray"], ["сер"]],
  ["brown", ["brown"], ["коричнев"]],
  ["orange", ["orange"], ["оранжев"]],
  ["purple", ["purple", "violet"], ["фиолетов"]],
  ["beige", ["beige"], ["бежев"]],
  ["lavender", ["lavender"], ["лавандов"]],
  ["mint", ["mint"], ["мятн"]],
  ["lime", ["lime"], ["лаймов"]],
  ["khaki", ["khaki"], ["хаки"]],
  ["sand", ["sand"], ["песочн"]],
  ["graphite", ["graphite"], ["графитов"]],
  ["turquoise", ["turquoise"], ["бирюзов"]],
  ["burgundy", ["burgundy"], ["бордов"]],
  ["gold", ["gold", "golden"], ["золот"]],
  ["silver", ["silver"], ["серебрист", "серебрян"]],
];

// The endings of a Russian adjective (full forms) and its short plural: «чёрный», «чёрная», «чёрных», «чёрном».
const RU_ENDINGS = new Set(["", "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему", "ей", "ом", "ем", "ую", "юю", "ых", "их", "ым", "им", "ыми", "ими"]);

const normalise = (text: string) => text.toLowerCase().replace(/ё/g, "е");

/** The colour a single word names ("black", «чёрная»), if it is one of the basic colours. */
export function colourOf(word: string): string | undefined {
  const lower = normalise(word);
  for (const [id, english, russian] of COLOURS) {
    if (english.includes(lower)) return id;
    if (russian.some((stem) => lower.startsWith(stem) && RU_ENDINGS.has(lower.slice(stem.length)))) return id;
  }
  return undefined;
}

/** Every colour a text names, by its words and two-word English names ("sky blue"). */
export function coloursIn(text: string): Set<string> {
  const words = normalise(text).match(/\p{L}+/gu) ?? [];
  const found = new Set<string>();
  for (let index = 0; index < words.length; index++) {
    // "sky blue" is one colour, not sky blue and blue.
    const pair = index + 1 < words.length ? colourOf(`${words[index]} ${words[index + 1]}`) : undefined;
    const colour = pair ?? colourOf(words[index]);
    if (pair) index++;
    if (colour) found.add(colour);
  }
  return found;
}
