import { numericAttributes } from "~/knowledge/attributes";

/**
 * What a need says about cold and heat: «одеяло на зиму», "a warm blanket", «спальник для лета»,
 * «чтобы не жарко». The catalog says the same in its own words and often in the other language
 * ("Wool Winter Duvet … for cold bedrooms", «летнее одеяло … для жарких ночей», a bag's comfort
 * temperature "+10 °C"), so the items that suit the season are found by meaning, not by the first
 * text match. General language, like colour-words.ts: the seasons and the words of cold and heat in
 * the languages the chat writes; no product or shop is named here.
 */
export type Season = "cold" | "hot";

// One word each (ё written е). «лет» alone is years («для ребёнка 5 лет»), «жарки» is frying, a
// «холодильник» is no cold weather, "freeze-dried" no frost: only the season's own forms count.
const SEASON_WORD: Record<Season, RegExp[]> = {
  cold: [
    /^(?:winter\p{L}*|wintry|warm|warmer|warmest|warmth|cold|colder|coldest|frost|frosty|freezing|snow|snowy|arctic|insulated|insulation)$/u,
    /^(?:зим|тепл|утепл|холод|мороз|снег|снеж|стуж)/u,
  ],
  hot: [/^(?:summer\p{L}*|hot|hotter|hottest|heat|heatwave)$/u, /^(?:лет[оау]|летом|жар[аеуы]|жарой|жарко|жарк(?:ий|ая|ое|ие|их|ую|ой|ом|им|ими))$|^летн|^зно[йяюе]/u],
};
const NOT_SEASON = /^(?:холодильн|морозильн|теплов|теплопров|теплоотв)/u;

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/ё/g, "е")
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
}

function sidesOf(text: string): Record<Season, boolean> {
  const words = wordsOf(text).filter((word) => !NOT_SEASON.test(word));
  const says = (season: Season) => words.some((word) => SEASON_WORD[season].some((pattern) => pattern.test(word)));
  return { cold: says("cold"), hot: says("hot") };
}

/**
 * The season a shopper's message asks for, when it names one side only: «тёплое одеяло для
 * холодной спальни» is cold, «на лето» hot; "warm enough for summer nights" is neither.
 */
export function askedSeason(message: string): Season | undefined {
  const sides = sidesOf(message);
  if (sides.cold === sides.hot) return undefined;
  return sides.cold ? "cold" : "hot";
}

/**
 * How well an item suits the season: +1 when its text speaks of that season only, −1 when only of
 * the other; its rated temperature ("−20 °C", "+10 °C") decides between items saying both or
 * neither (a colder rating for the cold, a warmer one for the heat), as a fraction that never
 * outweighs the words.
 */
export function seasonFit(season: Season, text: string): number {
  const sides = sidesOf(text);
  const other: Season = season === "cold" ? "hot" : "cold";
  const byWords = sides[season] && !sides[other] ? 1 : sides[other] && !sides[season] ? -1 : 0;
  const temperature = numericAttributes(text).temperature;
  const byRating = temperature === undefined ? 0 : Math.max(-0.49, Math.min(0.49, (season === "cold" ? -temperature : temperature) / 100));
  return byWords + byRating;
}

// The season's name in each language the chat writes, added to the search: a Russian need for
// winter finds the "Winter Duvet", an English one for summer the «летнее» blanket.
const SEASON_QUERY: Record<Season, string> = { cold: "winter зимний", hot: "summer летний" };

/** The search query with the asked season named in both languages; unchanged when the message names none. */
export function withSeasonWords(query: string, message: string): string {
  const season = askedSeason(message);
  return season ? `${query} ${SEASON_QUERY[season]}` : query;
}

/**
 * The message without its season words: a tag «зима» on boots describes them, it does not make
 * boots the kind «куртка на зиму» asks for. What kind a need names is read from the rest.
 */
export function withoutSeasonWords(message: string): string {
  return message
    .split(/([^\p{L}]+)/u)
    .map((part) => (askedSeason(part) ? " " : part))
    .join("");
}
