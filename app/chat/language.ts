import { franc } from "franc";

/** Languages the assistant answers in; anything else the detector guesses is treated as unknown. */
export const SUPPORTED_LANGUAGES = ["en", "ru", "uk", "de", "fr", "es", "it", "pt", "pl", "tr"] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

const ISO3_TO_ISO1: Record<string, Language> = {
  eng: "en",
  rus: "ru",
  ukr: "uk",
  deu: "de",
  fra: "fr",
  spa: "es",
  ita: "it",
  por: "pt",
  pol: "pl",
  tur: "tr",
};

// Trigram statistics are unreliable on a few words ("сколько?", "hi"): below this the script decides.
const MIN_DETECTABLE_LENGTH = 20;

export function isSupportedLanguage(value: string | undefined | null): value is Language {
  return !!value && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/** "ru-RU", "en_US", "RU" -> "ru"; unsupported or empty -> undefined. */
export function normaliseLanguageTag(tag: string | undefined | null): Language | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return isSupportedLanguage(primary) ? primary : undefined;
}

/**
 * The shopper's language: what the message shows (Cyrillic or Russian function words -> ru, or uk
 * with Ukrainian letters; English function words -> en) wins over the page's `lang`; otherwise
 * `lang`; otherwise franc on a long enough text (restricted to the supported list, so it never
 * answers in Scots or Interlingua); otherwise the page hint or en.
 */
export function detectLanguage(text: string, hints: { lang?: string; pageLang?: string; fallback?: string; previous?: string } = {}): Language {
  // An email or a link says nothing about the language ("kate@example.com" is no English).
  const { letters, script } = scriptOf(withoutAddresses(text));
  // The shopper's own words win over the page's language: an English question on the Russian
  // page gets an English answer. `lang` decides only what the words cannot (an SKU, "ok", German).
  // "How much is Лесная кухня. 100 рецептов из грибов?": a question opening in English words, the
  // shop's Russian title after them (a lowercase title is no run of capitals withoutNames can drop).
  if (script === "cyrillic" && opensInEnglish(withoutAddresses(text))) return "en";
  if (script === "cyrillic") return /[іїєґ]/i.test(letters) ? "uk" : "ru";
  // Trigram models misread short English questions ("Do you have a warm jacket?" -> Portuguese);
  // English function words are a far stronger signal at this length.
  if (script === "latin" && looksEnglish(letters)) return "en";
  // A reply without words ("1001", "#70", an email) continues in the conversation's language.
  const previous = normaliseLanguageTag(hints.previous);
  if (previous && letters.length < MIN_DETECTABLE_LENGTH && !/\p{L}{4,}/u.test(letters)) return previous;
  // A short Latin follow-up in a conversation held in English ("bigger?", "in XL maybe") goes on in English,
  // whatever the page's language: the page never outvotes what the shopper has been writing.
  if (script === "latin" && previous === "en" && letters.length < MIN_DETECTABLE_LENGTH) return previous;
  const explicit = normaliseLanguageTag(hints.lang);
  if (explicit) return explicit;
  const hinted = normaliseLanguageTag(hints.pageLang) ?? normaliseLanguageTag(hints.fallback);
  if (script === "latin") {
    if (letters.length >= MIN_DETECTABLE_LENGTH) {
      const guess = ISO3_TO_ISO1[franc(letters, { only: LATIN_ISO3, minLength: MIN_DETECTABLE_LENGTH })];
      if (guess) return guess;
    }
    return hinted && !["ru", "uk"].includes(hinted) ? hinted : "en";
  }
  return hinted ?? "en";
}

/** The text without emails and links (split on spaces: no regex over the whole text to backtrack on). */
export function withoutAddresses(text: string): string {
  return text
    .split(/\s/)
    .filter((token) => !token.includes("@") && !/^https?:\/\//i.test(token))
    .join(" ");
}

/**
 * The message's letters and its script. Function words outvote the alphabet: product names are
 * often in the other script ("Есть ли у вас Summit Down Jacket?", "how much is the Палатка Эльбрус 3?").
 */
function scriptOf(text: string): { letters: string; script: "cyrillic" | "latin" | "none" } {
  const all = text.replace(/[^\p{L}\d\s']/gu, " ").replace(/\s+/g, " ").trim();
  // Names matter only where the message mixes the alphabets: a German question's capitalised nouns are its words.
  const letters = /\p{Script=Cyrillic}/u.test(all) && /\p{Script=Latin}/u.test(all) ? withoutNames(all) : all.replace(/\d/g, " ").replace(/\s+/g, " ").trim();
  const words = letters.toLowerCase().split(" ").filter(Boolean);
  const english = words.filter((word) => ENGLISH_FUNCTION_WORDS.has(word)).length;
  const russian = words.filter((word) => RUSSIAN_FUNCTION_WORDS.has(word)).length;
  return { letters, script: russian > english ? "cyrillic" : english > russian ? "latin" : languageByScript(letters) };
}

/**
 * The letters without the names in them: a run of two or more capitalised words (or model numbers)
 * is a product's or a person's name ("Breakaway Cat Collar with Bell Pink сколько стоит?", "how much
 * is Лев Толстой Анна Каренина"), and a name says nothing about the shopper's language. All the
 * letters when nothing else is left ("Storm Pro 3L?", a message in capitals).
 */
function withoutNames(letters: string): string {
  const words = letters.split(" ");
  const capitalised = words.map((word) => /^(?:\p{Lu}|\d)/u.test(word));
  const cyrillic = words.map((word) => (/\p{Script=Cyrillic}/u.test(word) ? 1 : /\p{Script=Latin}/u.test(word) ? 0 : -1));
  // A neighbour in the same alphabet (or a number): «Есть Storm Pro» starts with a capital, not with a name.
  const joins = (index: number, other: number) => capitalised[other] === true && (cyrillic[index] < 0 || cyrillic[other] < 0 || cyrillic[index] === cyrillic[other]);
  const kept = words.filter((_, index) => !capitalised[index] || !(joins(index, index - 1) || joins(index, index + 1)));
  const lettersOnly = (text: string) => text.replace(/\d/g, " ").replace(/\s+/g, " ").trim();
  return lettersOnly(kept.join(" ")) || lettersOnly(letters);
}

const LATIN_ISO3 = Object.entries(ISO3_TO_ISO1)
  .filter(([, language]) => language !== "ru" && language !== "uk")
  .map(([iso3]) => iso3);

const ENGLISH_FUNCTION_WORDS = new Set(
  // The words of a short English follow-up too ("a more powerful one?", "anything else?", "got one cheaper?").
  "the a an you your do does did is are was were have has i i'm my me we it its it's this that what which how where when who can could would should will for with of to in on and or not any some there don doesn didn isn aren more one ones something anything else other than also just only please need want got".split(" "),
);

const RUSSIAN_FUNCTION_WORDS = new Set(
  "и в во на у с со к по за из от до для о об не ни ли ль же бы а но или что как где когда какой какая какие какую это этот есть вы вас вам ваш мне меня я мы нас он она они его её их сколько можно нужно нужен нужна".split(" "),
);

function looksEnglish(letters: string): boolean {
  // Only the Latin words: in "is Твёрдая обложка available?" the Cyrillic ones are the shop's name for an option.
  const words = letters.toLowerCase().split(" ").filter((word) => /\p{Script=Latin}/u.test(word));
  // "what's", "don't", "you're": the contraction's stem is the function word.
  const hits = words.filter((word) => ENGLISH_FUNCTION_WORDS.has(word) || ENGLISH_FUNCTION_WORDS.has(word.replace(/'(?:s|re|ll|d|ve|t|m)$/, ""))).length;
  // A question opening as English ones do ("is Red / S available?", "do you ship to Kazan?") is English, whatever names follow.
  return hits >= 2 || (words.length <= 3 && hits >= 1) || (hits >= 1 && ENGLISH_QUESTION_OPENERS.has(words[0] ?? ""));
}

/**
 * Whether the message opens a question in English ("how much is …", "do you have …") or opens and
 * closes in English around a name ("is … in stock?").
 */
function opensInEnglish(text: string): boolean {
  const words = text.toLowerCase().split(/[^\p{L}']+/u).filter(Boolean);
  const [first, second] = words;
  if (!ENGLISH_QUESTION_OPENERS.has(first ?? "")) return false;
  return ENGLISH_FUNCTION_WORDS.has(second ?? "") || second === "much" || second === "many" || (words.length > 2 && /^\p{Script=Latin}+$/u.test(words.at(-1) ?? ""));
}

const ENGLISH_QUESTION_OPENERS = new Set("is are do does did can could what which how where when have has got".split(" "));

function languageByScript(text: string): "cyrillic" | "latin" | "none" {
  const cyrillic = (text.match(/\p{Script=Cyrillic}/gu) ?? []).length;
  const latin = (text.match(/\p{Script=Latin}/gu) ?? []).length;
  if (cyrillic === 0 && latin === 0) return "none";
  return cyrillic >= latin ? "cyrillic" : "latin";
}

/**
 * The offline composer writes Russian and English; every other language (Ukrainian included, where
 * answering in Russian would be presumptuous) reads the English text.
 */
export function composerLanguage(language: Language): "ru" | "en" {
  return language === "ru" ? "ru" : "en";
}
