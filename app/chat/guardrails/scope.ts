import { isTrivia } from "../intents";

/**
 * A deterministic first line against jailbreaks and requests that have nothing to do with a
 * store. It runs on the shopper's message before retrieval or any model call, so a refusal costs
 * nothing and cannot be talked around. The model's system prompt is the second line.
 */

export type ScopeVerdict = { allowed: true } | { allowed: false; category: "jailbreak" | "off_topic"; rule: string };

interface Matcher {
  test(message: string): boolean;
}

/**
 * A cue word, then (right after it) `then`: one pattern "cue.{0,40}target" rescans its window at every
 * cue and backtracks across both windows; two bounded steps cannot. `cue` is global, `then` sticky.
 */
function cueThen(cue: RegExp, then: RegExp): Matcher {
  return {
    test(message) {
      for (const match of message.matchAll(cue)) {
        then.lastIndex = match.index + match[0].length;
        if (then.test(message)) return true;
      }
      return false;
    },
  };
}

const JAILBREAK: Array<[string, Matcher]> = [
  // "the" alone is no cue: "Can I ignore the washing instructions?" is a care question.
  ["ignore_instructions", cueThen(/\b(?:ignore|disregard|forget|override|bypass)\b/giu, /.{0,40}\b(?:previous|prior|above|earlier|all|your|system)\b.{0,20}\b(?:instructions?|prompts?|rules?|guidelines|directions)/iuy)],
  ["ignore_instructions_ru", cueThen(/(?:игнорируй|проигнорируй|забудь|отмени|не\s+обращай\s+внимания\s+на)/giu, /[\p{L}\s,]{0,40}(?:инструкци|правил|указани|промпт|ограничени)/iuy)],
  ["reveal_prompt", /\b(?:reveal|show|print|repeat|tell\s+me|what\s+is|what's|output)\b.{0,30}\b(?:system\s+prompt|your\s+(?:instructions|prompt|rules)|initial\s+prompt)/iu],
  // Word endings are bounded: an open \p{L}* before \s+ rescans a long word from every start.
  ["reveal_prompt_ru", /(?:покажи|выведи|повтори|раскрой|какой|какие)[\p{L}\s]{0,30}(?:системн\p{L}{0,4}\s+(?:промпт|инструкци|сообщени)|сво[иёе]\p{L}{0,3}\s+(?:инструкци|правила|промпт))/iu],
  // "act as" only addressed to the assistant ("Can this jacket act as a windbreaker?" is a product question).
  ["role_play", /\b(?:you\s+are\s+now|(?:you|to)\s+act\s+as|pretend\s+(?:to\s+be|you\s+are)|from\s+now\s+on\s+you|developer\s+mode|jailbreak|do\s+anything\s+now)|^\W*act\s+as\b/iu],
  // Upper case only: "Hi, I'm Dan" is a name.
  ["role_play_dan", /\bDAN\b/u],
  ["role_play_ru", /(?:теперь\s+ты|притворись|представь,?\s+что\s+ты|веди\s+себя\s+как|режим\s+разработчика|джейлбрейк)/iu],
];

const OFF_TOPIC: Array<[string, RegExp]> = [
  ["creative_writing", /\b(?:write|compose|create|generate)\b.{0,20}\b(?:poem|poetry|song|lyrics|story|essay|novel|rap|haiku|joke)s?\b/iu],
  ["creative_writing_ru", /(?:напиши|сочини|придумай|составь)[\p{L}\s]{0,20}(?:стих|поэм|песн|рассказ|сказк|эсс|сочинени|анекдот|шутк)/iu],
  // "promo code", "discount code" and friends are shopping questions.
  ["code", /\b(?:write|generate|fix|debug)\b.{0,30}\b(?:(?<!(?:promo|discount|coupon|voucher|gift|zip|postal)\s)code|script|program|function|python|javascript|sql|regex|html|css)\b/iu],
  ["code_ru", /(?:напиши|исправь|сгенерируй)[\p{L}\s]{0,30}(?:код|скрипт|программ|функци|python|javascript|sql)/iu],
  ["homework", /\b(?:solve|calculate)\b.{0,20}\b(?:equation|integral|homework|math\s+problem)|\btranslate\s+(?:this|the\s+following)\b/iu],
  ["homework_ru", /(?:реши|решите)[\p{L}\s]{0,20}(?:уравнени|задач|интеграл|домашк)|переведи\s+(?:этот|следующий)\s+текст/iu],
  ["politics", /\b(?:election|president|putin|trump|biden|zelensky|politic\w*|war\s+in|parliament|democrats?|republicans?|propaganda)\b/iu],
  // «Война и мир» is a book a shop may sell; war as news needs more words.
  ["politics_ru", /(?:выбор(?:ы|ах)\s|президент|путин|трамп|байден|зеленск|политик|войн[аеуы]\s+(?:в|на|с|между)\s|госдум|парламент|митинг|пропаганд)/iu],
  // Not "prescription": prescription sunglasses are a product.
  ["religion_medical_legal", /\b(?:diagnos\w*|dosage|lawsuit|legal\s+advice|stock\s+tips?|crypto\s+invest\w*)\b|(?:диагноз|дозировк|какие\s+таблетки|юридическ\p{L}{0,4}\s+совет|куда\s+инвестировать)/iu],
];

export function classifyScope(message: string): ScopeVerdict {
  for (const [rule, pattern] of JAILBREAK) if (pattern.test(message)) return { allowed: false, category: "jailbreak", rule };
  for (const [rule, pattern] of OFF_TOPIC) if (pattern.test(message)) return { allowed: false, category: "off_topic", rule };
  if (isTrivia(message)) return { allowed: false, category: "off_topic", rule: "trivia" };
  return { allowed: true };
}

export function refusalText(storeName: string, language: "ru" | "en", category: "jailbreak" | "off_topic"): string {
  if (language === "ru") {
    return category === "jailbreak"
      ? `Я помощник магазина «${storeName}» и работаю только по своим правилам. Могу подобрать товар, рассказать о доставке, оплате, возврате или помочь с заказом — что вас интересует?`
      : `Я помощник магазина «${storeName}» и с этим помочь не смогу. Зато могу подобрать товар, рассказать о доставке, оплате и возврате или помочь с заказом. Что вы ищете?`;
  }
  return category === "jailbreak"
    ? `I'm the shopping assistant for ${storeName} and I stick to that role. I can help you find a product, explain shipping, payment or returns, or help with an order — what would you like to know?`
    : `I'm the shopping assistant for ${storeName}, so I can't help with that. I can help you find a product, explain shipping, payment or returns, or help with an order. What are you looking for?`;
}
