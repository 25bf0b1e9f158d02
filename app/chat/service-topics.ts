/**
 * The store-service topics every shop answers in its FAQ and policies (delivery, pickup, payment,
 * returns, warranty, tracking, care and washing, gift wrapping), named in each language the chat writes. A shop that
 * wrote its FAQ in one language still answers a question in the other: "How much does delivery
 * cost?" finds «Сколько стоит доставка?». General words of running a shop, never a product's.
 */

import { contentWords, hasCyrillic, stem } from "~/knowledge/text";

interface ServiceTopic {
  en: RegExp;
  ru: RegExp;
  /** The topic's words as a shop's FAQ or policy would write them, per language. */
  words: { en: string; ru: string };
}

const TOPICS: ServiceTopic[] = [
  { en: /\b(?:deliver\w*|shipping|ship|shipped)\b/iu, ru: /доставк|доставля|доставит/iu, words: { en: "delivery shipping cost", ru: "доставка стоимость доставки" } },
  { en: /\bpick\s*(?:it\s+)?up\b|\bpickup\b|\bcollect\s+(?:it|my|the)\b/iu, ru: /самовывоз|забрать/iu, words: { en: "pickup pick up in store", ru: "самовывоз забрать заказ в магазине" } },
  { en: /\bpay(?:ment|ing)?\b/iu, ru: /оплат|заплатить/iu, words: { en: "payment methods pay", ru: "способы оплаты оплата" } },
  { en: /\b(?:return\w*|refund\w*|exchang\w*)\b/iu, ru: /верн(?:уть|у)|возврат|обмен/iu, words: { en: "return refund policy", ru: "возврат вернуть товар обмен" } },
  { en: /\b(?:warrant\w*|guarantee)\b/iu, ru: /гаранти/iu, words: { en: "warranty", ru: "гарантия" } },
  { en: /\btrack\w*/iu, ru: /отслед|трек(?!ингов)/iu, words: { en: "track order tracking", ru: "отследить заказ трек-номер" } },
  { en: /\b(?:wash\w*|laundr\w*|care\s+for|take\s+care|clean(?:ing)?)\b/iu, ru: /стира|стирк|ухаж|уход\s+за|чистить|чистк/iu, words: { en: "care washing wash clean", ru: "уход стирка стирать чистка чистить" } },
  { en: /\bgift\s*wrap\w*/iu, ru: /(?<!\p{L})подарочн\p{L}*\s+упаков|(?<!\p{L})упаков\p{L}*\s+(?:в\s+)?подар/iu, words: { en: "gift wrapping", ru: "подарочная упаковка" } },
];

/**
 * The service topics the message asks about that none of the found answers is about (its question
 * or title names the topic, in either language), written in the other language than the message's:
 * the query that finds a one-language FAQ. Undefined when every asked topic is answered, or none is asked.
 */
export function otherLanguageServiceQuery(message: string, found: Array<{ title: string }> = []): ServiceQuery | undefined {
  const cyrillic = hasCyrillic(message);
  const topics = TOPICS.filter((topic) => (cyrillic ? topic.ru : topic.en).test(message) && !found.some((chunk) => isAbout(chunk, topic)));
  if (!topics.length) return undefined;
  return {
    query: topics.map((topic) => (cyrillic ? topic.words.en : topic.words.ru)).join(" "),
    answers: (chunk) => topics.some((topic) => isAbout(chunk, topic)),
  };
}

export interface ServiceQuery {
  query: string;
  /** Whether a found chunk is about one of the topics (a passage that merely mentions it is not). */
  answers: (chunk: { title: string }) => boolean;
}

const isAbout = (chunk: { title: string }, topic: ServiceTopic) => topic.en.test(chunk.title) || topic.ru.test(chunk.title);

// "to Latvia", «в Латвию», «во Францию»: the place a delivery question names, capitalised after its preposition.
const DESTINATION = /(?:\bto|(?<!\p{L})(?:в|во))\s+(\p{Lu}\p{L}{2,})/u;
// How a shop states where it delivers beyond its own area: general words of shipping coverage, in
// the chat's two languages (no place names).
const COVERAGE = /\b(?:abroad|international|overseas|worldwide|other\s+countries|outside\s+(?:of\s+)?the)\b|(?<!\p{L})(?:за\s+границ|за\s+рубеж|други[ехм]\s+стран|в\s+страны|по\s+всей\s+(?:россии|стране)|международн)/iu;

const ASKS_PRICE_OR_TIME = /\b(?:how\s+(?:much|long|many\s+days)|cost\w*|price\w*|fee\w*|when)\b|(?<!\p{L})(?:сколько|стоимост|стоит|цен[аыу]|когда|срок)/iu;

/**
 * "Do you deliver books to Latvia?" where no store text found names Latvia: the answer is the
 * shop's statement of where it delivers (and does not), not its price list for home deliveries.
 * Among the found delivery passages, the first that states coverage comes first; the order is
 * left alone when the question names no place or asks what delivery there costs or how long it takes,
 * the place is named in a found text, or no passage states coverage.
 */
export function coverageFirst<T extends { sourceType: string; title: string; text: string }>(message: string, chunks: T[]): T[] {
  const delivery = TOPICS[0];
  if (!delivery.en.test(message) && !delivery.ru.test(message)) return chunks;
  const place = DESTINATION.exec(message)?.[1];
  // "How much is delivery to Kazan?" asks for the prices, whichever place it names.
  if (!place || ASKS_PRICE_OR_TIME.test(message)) return chunks;
  const placeStem = stem(place.toLowerCase());
  if (chunks.some((chunk) => contentWords(chunk.text).some((word) => stem(word) === placeStem))) return chunks;
  const coverage = chunks.find((chunk) => chunk.sourceType !== "product" && isAbout(chunk, delivery) && COVERAGE.test(chunk.text));
  return coverage ? [coverage, ...chunks.filter((chunk) => chunk !== coverage)] : chunks;
}
