/**
 * Whether the shopper asks to talk to a person rather than the assistant ("can I speak to a
 * human?", «позовите оператора», «дайте менеджера») or to be contacted ("can a manager contact me?", «свяжитесь со
 * мной»). Kept narrow: "person" alone ("a gift for a person") is not enough.
 */
const EN = /\b(?:(?:talk|speak|chat|connect)\s+(?:me\s+)?(?:to|with)\s+(?:a\s+|an\s+|the\s+|your\s+|some\s*one\s+|somebody\s+)?(?:real\s+|live\s+)?(?:human|person|agent|operator|manager|someone|somebody|staff|support)|(?:real|live)\s+(?:human|person|agent)|human\s+(?:agent|being|please)|customer\s+service\s+(?:agent|rep)|call\s+(?:me\s+)?back)\b/i;
const RU = /(?:оператор|жив(?:ой|ого|ому|ым)\s+(?:человек|консультант|менеджер)|(?:позовите|позвать|соедините|связаться\s+с|поговорить\s+с|хочу\s+к|дайте|дай)\s+(?:с\s+)?(?:человек|менеджер|консультант|оператор|сотрудник|продавц)|перезвоните)/i;
/** "contact me", "get back to me" ("email me" and «напишите мне» are as often "tell me the sizes", "reach me" a parcel), "a human I can chat with", "is there a person…". */
const EN_CONTACT_ME =
  /\b(?:(?:contact|call|ring|phone)\s+me|get\s+(?:back\s+)?in\s+touch\s+with\s+me|get\s+back\s+to\s+me|reach\s+out\s+to\s+me|(?:human|person|agent|operator)\s+(?:i|we)\s+(?:can|could)\s+(?:talk|speak|chat)|is\s+there\s+(?:a|any)\s+(?:real\s+|live\s+)?(?:human|person|operator|manager)(?=\s*(?:[?!.,]|$)|\s+(?:i|we|to|who|available|online|here)\b))\b/i;
/** «свяжитесь со мной», «позвоните мне», «есть живой человек?». */
const RU_CONTACT_ME = /(?:свяж(?:итесь|ись)\s+со\s+мной|(?:позвоните|наберите)\s+мне|есть\s+(?:ли\s+)?(?:тут\s+|у\s+вас\s+)?(?:живой\s+)?(?:человек|оператор|менеджер|консультант)(?=\s*(?:[?!.,]|$)|\s+(?:котор|чтобы|с\s+кем|онлайн|на\s+связи)))/iu;

export function asksForPerson(message: string): boolean {
  return EN.test(message) || RU.test(message) || EN_CONTACT_ME.test(message) || RU_CONTACT_ME.test(message);
}

/**
 * "could you send a quote?", «пришлите КП»: the shopper asks the store for its offer (a quote, an
 * invoice, a price list). With contact details given, that is a request to be contacted: the store
 * answers it, not the catalog.
 */
const EN_SEND_OFFER = /\b(?:send|e-?mail|mail)\s+(?:me\s+|us\s+)?(?:a\s+|an\s+|the\s+|your\s+)?(?:quote|quotation|invoice|price\s+list|pricelist|proposal)\b/i;
const RU_SEND_OFFER = /(?<!\p{L})(?:пришлите|вышлите|отправьте|скиньте|пришли|вышли|отправь|скинь)\s+(?:нам\s+|мне\s+)?(?:кп(?!\p{L})|коммерческ|сч[её]т|прайс|предложени)/iu;

export function asksForOffer(message: string): boolean {
  return EN_SEND_OFFER.test(message) || RU_SEND_OFFER.test(message);
}
