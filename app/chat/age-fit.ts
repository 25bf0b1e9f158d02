import { inPlacesOf, type ContextChunk } from "./context";
import type { PriceConstraint } from "./intents";

/**
 * A child's age in the shopper's message («сыну 10 лет», "my 7-year-old", «для 5-летней дочки»)
 * against the ages a product's own text states («для детей 8–12 лет», "ages 3-5", «от 6 лет», "for
 * adults"): the products for that age come first, those whose stated ages leave it out last. The
 * ages come from the catalog's texts; nothing here knows any product.
 */

const MAX_CHILD_AGE = 17;
const ADULT = 18;

// The age is a person's: said of a child («сыну», «ребёнку», "my son is") or as an age ("7-year-old",
// «10-летний»), never "a 2-year warranty" or «гарантия 2 года». Each gap is bounded.
const ASKED_AGE = [
  /(?<!\p{L})(?:сын\p{L}{0,2}|доч\p{L}{0,4}|реб[её]н\p{L}{0,2}|дет\p{L}{0,3}|внук\p{L}{0,2}|внучк\p{L}{0,2}|малыш\p{L}{0,2}|мальчик\p{L}{0,2}|девочк\p{L}{0,2}|племянни\p{L}{0,3})(?!\p{L})[^.!?\d]{0,20}?(?<!\d)(\d{1,2})\s*(?:лет|годика|года|год)(?!\p{L})/iu,
  /(?<!\d)(\d{1,2})[-‑\s]{0,3}летн\p{L}{0,4}/iu,
  /(?<!\d)(\d{1,2})[-‑\s]{1,3}(?:year|yr)s?[-‑\s]{1,3}old/iu,
  /\b(?:son|daughter|kid|child|boy|girl|grandson|granddaughter|nephew|niece)\s+(?:is\s+|who\s+is\s+|turning\s+|aged\s+)?(\d{1,2})(?![\d.,:%])(?!\s*(?:kg|cm|lbs?|in|mm|%))/iu,
  /\b(?:aged?|ages?)\s+(\d{1,2})(?![\d\s]*[-–—+])/iu,
];

/** The child's age the message names, if it names one. */
export function askedAge(message: string): number | undefined {
  for (const pattern of ASKED_AGE) {
    const age = Number(pattern.exec(message)?.[1]);
    if (Number.isInteger(age) && age >= 0 && age <= MAX_CHILD_AGE) return age;
  }
  return undefined;
}

interface AgeRange {
  min: number;
  max: number;
}

// A stated age follows a word about age or children within a few words («для детей 8–12 лет»,
// "for kids ages 3-5", «Возраст: 12+»), so "a 2–3 year warranty" or «служит от 5 лет» is no age.
const AGE_CONTEXT = String.raw`(?<!\p{L})(?:дет\p{L}{0,4}|реб[её]н\p{L}{0,3}|малыш\p{L}{0,3}|школьник\p{L}{0,3}|подрост\p{L}{0,4}|возраст\p{L}{0,3}|kids?|child(?:ren)?|toddlers?|bab(?:y|ies)|teens?|ages?)(?![\p{L}])[^.!?\n\d]{0,20}?`;
const RANGE = new RegExp(String.raw`${AGE_CONTEXT}(?<!\d)(\d{1,2})\s*(?:[–—-]|to|до)\s*(\d{1,2})(?!\d)`, "iu");
const FROM = new RegExp(String.raw`${AGE_CONTEXT}(?:(?:от|с|from)\s+(\d{1,2})(?!\d)|(?<!\d)(\d{1,2})\s*\+)`, "iu");
const FOR_ADULTS = /(?<!\p{L})для\s+взрослых|\bfor\s+adults\b|\badult\s+(?:fiction|readers?|novel)/iu;

/** The ages a product's text says it is for; undefined when it says none. */
export function statedAges(text: string): AgeRange | undefined {
  const range = RANGE.exec(text);
  if (range && Number(range[1]) <= Number(range[2])) return { min: Number(range[1]), max: Number(range[2]) };
  const from = FROM.exec(text);
  if (from) return { min: Number(from[1] ?? from[2]), max: Infinity };
  return FOR_ADULTS.test(text) ? { min: ADULT, max: Infinity } : undefined;
}

/** 1: the product is for this age; -1: its stated ages leave it out; 0: it states none. */
export function ageFit(age: number, text: string): number {
  const range = statedAges(text);
  if (!range) return 0;
  return age >= range.min && age <= range.max ? 1 : -1;
}

/**
 * The products for the asked age first, those stated for other ages last, the rest where they
 * were; only among the products of the kind the message names (`ofKind`), when it names one, and
 * other chunks (FAQ, policies) keep their places. A shopper's own order (price, weight) is left alone.
 */
export function ageFirst<T extends ContextChunk>(chunks: T[], message: string, constraint: PriceConstraint, ofKind?: (chunk: ContextChunk) => boolean): T[] {
  const age = askedAge(message);
  if (age === undefined || constraint.order || constraint.attribute) return chunks;
  const takesPart = (chunk: ContextChunk) => chunk.sourceType === "product" && (!ofKind || ofKind(chunk));
  const ranked = chunks
    .filter(takesPart)
    .map((chunk, index) => ({ chunk, index, fit: ageFit(age, `${chunk.title}\n${chunk.text}`) }))
    .sort((a, b) => b.fit - a.fit || a.index - b.index)
    .map((entry) => entry.chunk);
  return inPlacesOf(chunks, takesPart, ranked);
}
