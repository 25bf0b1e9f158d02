import type { AttributeKind } from "~/knowledge/attributes";

/**
 * What a shopper's message asks for, decided from its words alone: one place for every intent the
 * chat acts on (greeting, shopping, price, policy, order status), and for the constraints it states (price
 * bounds, order words). General language, never a store's vocabulary.
 */

export function isGreeting(message: string): boolean {
  // Not \W around the words: it is ASCII-only, so it ate Cyrillic words and backtracked through them.
  return /^[^\p{L}\p{N}]*(?:hi|hello|hey|good\s+(?:morning|afternoon|evening)|привет|здравствуйте|здравствуй|добрый\s+(?:день|вечер)|доброе\s+утро)[^\p{L}\p{N}]*$/iu.test(message.trim());
}

/** "Do you have…", "I'm looking for…", "Нужна…", "Есть ли у вас…", "Посоветуйте…": the shopper wants a product. */
export function isShoppingQuestion(message: string): boolean {
  return /\b(?:do\s+you\s+(?:have|sell|carry|stock)|have\s+you\s+got|looking\s+for|i\s+(?:need|want)\s+(?!to\b)|(?:can|could)\s+you\s+(?:recommend|suggest)|recommend|suggest|which\s+\p{L}+\s+(?:is|are|should|would)|what\s+is\s+your\s+(?:cheapest|lightest|best))\b|^\s*(?:мне\s+)?нуж(?:ен|н[аоы])?\s+(?!ли\b)|есть\s+ли\s+(?:у\s+вас\s+)?(?!возможность|скидк|доставк)|ищу|хочу\s+купить|подберите|посоветуйте|порекомендуйте|как(?:ую|ой|ие|ое)\s+\p{L}+\s+выбрать/iu.test(
    message,
  ) || GIFT_SEEKING.test(message);
}

// "What should I get my dad", «что подарить другу», "a gift for a friend who cooks": a shopper
// choosing a present wants products, not the gift-wrapping FAQ that shares the word.
const GIFT_SEEKING = /\b(?:gift|present)\s+(?:for|ideas?)\b|\bwhat\s+(?:to|should\s+i|can\s+i)\s+(?:get|buy|give)\b|что\s+(?:бы\s+)?подарить|подарок\s+(?:для|на)\s/iu;

export function isPriceQuestion(message: string): boolean {
  return /\b(?:how\s+much|price|cost|costs)\b|сколько\s+(?:\p{L}+\s+)?сто(?:ит|ят)|какая\s+цена|цена|стоимость|почём|почем/iu.test(message);
}

/**
 * Returning, exchanging, a refund or a warranty claim, even about a named product ("Can I return
 * boots I already wore?"): the answer is the store's policy, not the product list.
 */
const POLICY_WORDS = /\b(?:return(?:s|ing|ed)?|refund\w*|exchang\w*|warrant\w*|guarantee)\b|верн(?:уть|у|ёт)|возврат\w*|обмен\w*|гаранти\w*|сломал\w*|брак\w*/giu;

export function isPolicyQuestion(message: string): boolean {
  return policyWords(message).length > 0;
}

/** The policy words of a message ("return", «вернуть сломалась»): a search for the policy itself. */
export function policyWords(message: string): string[] {
  return [...message.matchAll(POLICY_WORDS)].map((match) => match[0]);
}

/**
 * "Where is my order?", "track my order", «Где мой заказ?», «статус заказа», «когда придёт заказ»:
 * the shopper asks about an order they placed (answered by a lookup, never from the catalogue).
 */
export function isOrderStatusQuestion(message: string): boolean {
  return hasOrderStatusCue(message) || (ORDER_NOUN.test(message) && NOT_ARRIVED.some((pattern) => pattern.test(message)) && !isPolicyQuestion(message));
}

/**
 * "My package hasn't arrived", «Мой заказ ещё не пришёл», «посылки всё нет»: an order (or parcel)
 * and a word that it has not come are an order-status question however they are put. A small
 * general lexicon of the two, in the languages the chat writes; a refund not received is a policy
 * question (isPolicyQuestion), not this.
 */
const ORDER_NOUN = /\b(?:order(?:ed|s)?|parcel|package|shipment|delivery)\b|заказ|посылк/iu;
const NOT_ARRIVED = [
  /\b(?:hasn'?t|has\s+not|haven'?t|have\s+not|didn'?t|did\s+not|never|not\s+yet|still\s+not)\s+(?:arrived?|come|came|received?|got|gotten|shown\s+up|turned\s+up|been\s+(?:delivered|shipped))\b|\bstill\s+(?:nothing|waiting|no\s+sign)\b|\bwhere\s+is\s+it\b|\b(?:shipped|dispatched|arrived)\s+yet\b|\bnot\s+(?:arrived|here)\s+yet\b/iu,
  // Only ever tested, so a stem needs no ending, and the three words that must end there share one
  // lookahead: V8 compiles each \p{L} (hundreds of ranges) on its own, and the six this had took
  // 5-6.5 ms at the first order question after a start (one: 1.5 ms).
  /не\s+(?:приш[её]л|пришл[аио]|доставил|получил|привезли|доехал)|до\s+сих\s+пор|(?:(?:вс[её]|ещ[её])\s+нет|так\s+и\s+не|где\s+(?:он|она|оно))(?!\p{L})|уже\s+отправ|отправили\s+ли/iu,
];

function hasOrderStatusCue(message: string): boolean {
  return /\bwhere(?:'s|\s+is)\s+my\s+(?:order|parcel|package)|\border\s+status\b|\bstatus\s+of\s+my\s+order|\btrack(?:ing)?\s+(?:my\s+)?(?:order|parcel|package)|\bhas\s+my\s+order\s+(?:shipped|been\s+shipped)|где\s+(?:мой\s+|моя\s+|мои\s+)?(?:заказ|посылк)|статус\w*\s+(?:моего\s+)?заказа|отследить\s+(?:мой\s+)?(?:заказ|посылку)|когда\s+(?:придёт|придет|приедет|доставят|отправят)\s+(?:мой\s+)?заказ|(?:мой|моего)\s+заказ\w*\s*(?:[№#]\s*)?\d/iu.test(
    message,
  );
}

export interface PriceConstraint {
  max?: number;
  min?: number;
  order?: "asc" | "desc";
  /** A superlative over a numeric attribute ("lightest" -> weight asc); sorts instead of the price. */
  attribute?: { kind: AttributeKind; order: "asc" | "desc" };
}

const SUPERLATIVES: Array<[RegExp, AttributeKind, "asc" | "desc"]> = [
  // «лёгкая палатка», "ultralight tent": the weight decides even without a superlative ("light" alone is as often a lamp).
  [/\b(?:lightest|lighter|lightweight|ultralight)\b|самы[йеая]\s+л[её]гк|полегче|легч[ае]|(?<!\p{L})л[её]гк(?:ая|ий|ое|ие|ую|ого|ой|их)(?!\p{L})/iu, "weight", "asc"],
  [/\b(?:heaviest)\b|самы[йеая]\s+тяж[её]л/iu, "weight", "desc"],
  [/\b(?:biggest|largest|roomiest|bigger|larger|roomier)\b|самы[йеая]\s+(?:большо|вместительн|объ[её]мн)|побольше|вместительнее/iu, "volume", "desc"],
  [/\b(?:most\s+powerful|more\s+powerful|strongest|stronger)\b|самы[йеая]\s+мощн|(?<!\p{L})(?:по)?мощнее/iu, "power", "desc"],
  [/\b(?:warmest|warmer)\b|самы[йеая]\s+т[её]пл|(?<!\p{L})(?:по)?теплее/iu, "temperature", "asc"],
];

// The currency sign carries its own spaces: "\s*[$€£₽]?\s*" splits a run of spaces n ways before the
// digit fails (quadratic).
const AMOUNT = String.raw`(\d[\d\s\u00a0]*(?:[.,]\d+)?)\s*(k|к|тыс\.?)?`;
const MAX_BOUND = new RegExp(String.raw`(?:\bunder|\bbelow|\bless\s+than|\bup\s+to|\bmax(?:imum)?|\bcheaper\s+than|(?<!\p{L})до|не\s+дороже|дешевле|в\s+пределах)\s*(?:[$€£₽]\s*)?${AMOUNT}`, "iu");
const MIN_BOUND = new RegExp(String.raw`(?:\bover|\babove|\bmore\s+than|\bfrom|(?<!\p{L})от|дороже)\s*(?:[$€£₽]\s*)?${AMOUNT}`, "iu");
const CHEAP = /\b(?:cheapest|cheaper|least\s+expensive|budget|affordable|inexpensive)\b|подешевле|дешевле|самы[йеая]\s+дешёв|самы[йеая]\s+дешев|недорог|бюджетн/iu;
const DEAR = /\b(?:most\s+expensive|priciest|premium|top[-\s]of[-\s]the[-\s]line)\b|подороже|самы[йеая]\s+дорог/iu;

function amountOf(match: RegExpExecArray | null): number | undefined {
  if (!match) return undefined;
  const value = Number(match[1].replace(/[\s\u00a0]/g, "").replace(",", "."));
  if (!Number.isFinite(value)) return undefined;
  return match[2] ? value * 1_000 : value;
}

/** "до 5000", "under $50", "cheapest", «подешевле» -> bounds and order over the price field. */
export function priceConstraint(message: string): PriceConstraint {
  const out: PriceConstraint = {};
  const max = amountOf(MAX_BOUND.exec(message));
  const min = amountOf(MIN_BOUND.exec(message));
  if (max !== undefined) out.max = max;
  if (min !== undefined && (max === undefined || min < max)) out.min = min;
  if (CHEAP.test(message)) out.order = "asc";
  else if (DEAR.test(message)) out.order = "desc";
  const superlative = SUPERLATIVES.find(([pattern]) => pattern.test(message));
  if (superlative) out.attribute = { kind: superlative[1], order: superlative[2] };
  return out;
}

const MAX_CONSTRAINT_WORDS = 4;

/**
 * The message without the words that made its constraint (a superlative or comparative over price or
 * an attribute: «помощнее», "most powerful", «подешевле»): those words order the items, they are no
 * word an item must say. The amounts stay (a bound is a number, never a narrowing word).
 */
export function withoutConstraintWords(message: string): string {
  let text = message;
  for (const pattern of [CHEAP, DEAR, ...SUPERLATIVES.map(([pattern]) => pattern)]) {
    // Each pass blanks one match (the patterns are not global); a message names a handful at most.
    for (let pass = 0; pass < MAX_CONSTRAINT_WORDS && pattern.test(text); pass++) text = text.replace(pattern, " ");
  }
  return text;
}

/** Questions about something no store sells: world news, trivia, the weather. */
export function isTrivia(message: string): boolean {
  return /\bwho\s+(?:won|wins|is\s+winning)\b|\bcapital\s+of\b|\bwhat'?s\s+the\s+weather\b|\bweather\s+(?:today|tomorrow|forecast|like)\b|\bwill\s+it\s+(?:rain|snow)\b|кто\s+(?:выиграл|победил)|столиц[аеуы]\s+\p{L}+|какая\s+(?:сегодня\s+|завтра\s+)?погода|погода\s+(?:на\s+)?(?:завтра|сегодня)|прогноз\s+погоды/iu.test(
    message,
  );
}
