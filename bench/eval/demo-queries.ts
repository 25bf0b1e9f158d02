/**
 * Retrieval queries for the demo store catalog (app/demo/catalog.ts).
 *
 * `relevant` maps catalog item ids (product id, FAQ id or policy id) to graded
 * relevance: 2 = exact answer, 1 = partial / also acceptable. Every query has
 * at least one grade-2 item. Grading rules used: an item that states the
 * answer is 2 whatever its language; when the answer is in a policy that
 * exists in both languages, the copy in the query's language is 2 and the
 * translation is 1; a product that fits the need less well (wrong capacity,
 * kids' version, adjacent category) is 1. `lang` and `kind` are kept here for per-slice
 * analysis; build-demo-eval.ts writes only {id, text, relevant} to the JSON.
 *
 * Kinds:
 * - semantic:    product by meaning, little or no keyword overlap
 * - exact-name:  product (or a distinctive part of its name)
 * - sku:         product SKU or variant SKU
 * - attribute:   category + attribute (capacity, weight, rating, size…)
 * - faq:         store question phrased differently from the FAQ text
 * - policy:      shipping / returns / warranty / privacy / terms question
 * - misspelling: typos in the key term
 * - cross-language: query language differs from the item's language
 * - mixed:       query mixes Russian and English, or product + policy intent
 *
 * Ids are stable: append new queries at the end, never renumber.
 */

export type DemoQueryLang = "ru" | "en" | "mixed";
export type DemoQueryKind =
  | "semantic"
  | "exact-name"
  | "sku"
  | "attribute"
  | "faq"
  | "policy"
  | "misspelling"
  | "cross-language"
  | "mixed";

export interface DemoQuery {
  id: string;
  lang: DemoQueryLang;
  kind: DemoQueryKind;
  text: string;
  relevant: Record<string, 1 | 2>;
}

export const DEMO_QUERIES: DemoQuery[] = [
  // ── product by meaning ──
  { id: "q001", lang: "en", kind: "semantic", text: "something to keep my tea hot on a hike", relevant: { "1024": 2, "1025": 1 } },
  { id: "q002", lang: "ru", kind: "semantic", text: "чем согреть руки в сильный мороз", relevant: { "1037": 2, "1036": 1 } },
  { id: "q003", lang: "en", kind: "semantic", text: "I keep getting blisters on long walks", relevant: { "1035": 2, "1034": 1 } },
  { id: "q004", lang: "ru", kind: "semantic", text: "нужен свет, чтобы идти ночью по тропе и чтобы руки были свободны", relevant: { "1028": 2, "1029": 1 } },
  { id: "q005", lang: "en", kind: "semantic", text: "how can I make stream water safe to drink", relevant: { "1040": 2, "1041": 1 } },
  { id: "q006", lang: "ru", kind: "semantic", text: "в чём спать в походе, если ночью будет минус десять", relevant: { "1018": 2, "1020": 1 } },
  { id: "q007", lang: "en", kind: "semantic", text: "protect my face and neck from sunburn on a hike", relevant: { "1039": 2 } },
  { id: "q008", lang: "ru", kind: "semantic", text: "что подарить другу-туристу, если не знаю, что ему нужно", relevant: { "1047": 2 } },
  { id: "q009", lang: "en", kind: "semantic", text: "keep my phone and spare clothes dry while kayaking", relevant: { "1048": 2 } },
  { id: "q010", lang: "ru", kind: "semantic", text: "на чём приготовить еду в лесу", relevant: { "1042": 2, "1043": 2, "1044": 1, "1027": 1 } },
  { id: "q011", lang: "en", kind: "semantic", text: "lightest shelter for a solo overnight trip", relevant: { "1015": 2 } },
  { id: "q012", lang: "ru", kind: "semantic", text: "чтобы ребёнок не промокал, прыгая по лужам", relevant: { "1045": 2 } },
  { id: "q013", lang: "en", kind: "semantic", text: "something soft to sleep on instead of the hard ground", relevant: { "1049": 2 } },
  { id: "q014", lang: "ru", kind: "semantic", text: "что надеть под куртку на лыжах, чтобы не вспотеть и не замёрзнуть", relevant: { "1032": 2, "1031": 1, "1033": 1 } },
  { id: "q015", lang: "ru", kind: "semantic", text: "как быстро вскипятить воду на ветру", relevant: { "1043": 2, "1042": 1 } },
  { id: "q016", lang: "en", kind: "semantic", text: "shoes for scrambling up rocks to a climbing crag", relevant: { "1008": 2 } },
  { id: "q017", lang: "ru", kind: "semantic", text: "лёгкая куртка от ветра для бега и велосипеда", relevant: { "1003": 2 } },
  { id: "q018", lang: "en", kind: "semantic", text: "a bag for my commute that fits a laptop", relevant: { "1011": 2 } },
  { id: "q019", lang: "ru", kind: "semantic", text: "чем осветить палатку вечером", relevant: { "1030": 2, "1028": 1 } },

  // ── exact name ──
  { id: "q020", lang: "ru", kind: "exact-name", text: "Палатка Эльбрус 3", relevant: { "1014": 2 } },
  { id: "q021", lang: "en", kind: "exact-name", text: "Summit Down Jacket", relevant: { "1002": 2 } },
  { id: "q022", lang: "ru", kind: "exact-name", text: "Термос Арктика", relevant: { "1024": 2 } },
  { id: "q023", lang: "en", kind: "exact-name", text: "Beam 400 headlamp", relevant: { "1028": 2 } },
  { id: "q024", lang: "ru", kind: "exact-name", text: "Рюкзак Тайга 40", relevant: { "1009": 2 } },
  { id: "q025", lang: "en", kind: "exact-name", text: "Expedition 65+10", relevant: { "1010": 2 } },
  { id: "q026", lang: "ru", kind: "exact-name", text: "кофта Ёжик", relevant: { "1046": 2 } },
  { id: "q027", lang: "en", kind: "exact-name", text: "Granite Approach Shoes", relevant: { "1008": 2 } },
  { id: "q028", lang: "en", kind: "exact-name", text: "Solo Trekker 1P", relevant: { "1015": 2 } },
  { id: "q029", lang: "ru", kind: "exact-name", text: "спальник Кедр", relevant: { "1020": 2 } },

  // ── SKU ──
  { id: "q030", lang: "ru", kind: "sku", text: "есть JKT-1042?", relevant: { "1001": 2 } },
  { id: "q031", lang: "en", kind: "sku", text: "is TNT-5101 in stock?", relevant: { "1015": 2 } },
  { id: "q032", lang: "ru", kind: "sku", text: "артикул SLP-6020", relevant: { "1018": 2 } },
  { id: "q033", lang: "en", kind: "sku", text: "BOT-3310-43", relevant: { "1005": 2 } },
  { id: "q034", lang: "en", kind: "sku", text: "GFT-0001-5000", relevant: { "1047": 2 } },
  { id: "q035", lang: "ru", kind: "sku", text: "сколько стоит THM-9010", relevant: { "1024": 2 } },
  { id: "q036", lang: "en", kind: "sku", text: "KID-7045 price", relevant: { "1045": 2 } },

  // ── attribute ──
  { id: "q037", lang: "ru", kind: "attribute", text: "палатка на троих до 3 кг", relevant: { "1014": 2 } },
  { id: "q038", lang: "en", kind: "attribute", text: "sleeping bag with a comfort rating below zero", relevant: { "1018": 2, "1020": 1 } },
  { id: "q039", lang: "ru", kind: "attribute", text: "рюкзак 40 литров", relevant: { "1009": 2, "1013": 1 } },
  { id: "q040", lang: "en", kind: "attribute", text: "waterproof jacket 20000 mm", relevant: { "1001": 2, "1004": 1 } },
  { id: "q041", lang: "en", kind: "attribute", text: "rechargeable headlamp USB-C", relevant: { "1028": 2, "1030": 1 } },
  { id: "q042", lang: "ru", kind: "attribute", text: "термос на 1 литр", relevant: { "1024": 2, "1026": 1 } },
  { id: "q043", lang: "ru", kind: "attribute", text: "трекинговые палки легче 500 грамм", relevant: { "1022": 2, "1023": 1 } },
  { id: "q044", lang: "ru", kind: "attribute", text: "горелка весом до 100 г", relevant: { "1042": 2 } },
  { id: "q045", lang: "en", kind: "attribute", text: "tent with 3000 mm waterproof rating", relevant: { "1014": 2, "1016": 2 } },
  { id: "q046", lang: "ru", kind: "attribute", text: "детские товары для похода", relevant: { "1012": 2, "1021": 2, "1029": 2, "1045": 2, "1046": 2 } },
  { id: "q047", lang: "en", kind: "attribute", text: "ultralight backpack under 600 g", relevant: { "1013": 2 } },
  { id: "q048", lang: "ru", kind: "attribute", text: "трекинговые ботинки 44 размер", relevant: { "1005": 2, "1006": 1 } },
  { id: "q049", lang: "en", kind: "attribute", text: "jacket warm enough for -15", relevant: { "1002": 2 } },
  { id: "q050", lang: "en", kind: "attribute", text: "four person tent for car camping", relevant: { "1016": 2 } },

  // ── FAQ ──
  { id: "q051", lang: "ru", kind: "faq", text: "когда привезут заказ, если я живу в Москве", relevant: { "faq-delivery": 2, "policy-shipping-ru": 2, "policy-shipping-en": 1 } },
  { id: "q052", lang: "en", kind: "faq", text: "where is my parcel right now, how do I follow it", relevant: { "faq-tracking": 2 } },
  { id: "q053", lang: "ru", kind: "faq", text: "можно оплатить по QR-коду через приложение банка?", relevant: { "faq-payment": 2 } },
  { id: "q054", lang: "en", kind: "faq", text: "what size should I order if I'm between two sizes", relevant: { "faq-sizing": 2 } },
  { id: "q055", lang: "en", kind: "faq", text: "how do I send back something I bought", relevant: { "faq-returns": 2, "policy-returns-en": 1, "policy-returns-ru": 1 } },
  { id: "q056", lang: "ru", kind: "faq", text: "через полгода сломалась молния на куртке, что делать?", relevant: { "faq-warranty": 2, "policy-warranty-ru": 2, "policy-warranty-en": 1 } },
  { id: "q057", lang: "en", kind: "faq", text: "can you pack my order as a present?", relevant: { "faq-gift-wrap": 2 } },
  { id: "q058", lang: "ru", kind: "faq", text: "хочу приехать за покупкой сам — у вас есть точка в Москве?", relevant: { "faq-pickup": 2, "policy-shipping-ru": 1, "policy-shipping-en": 1 } },
  { id: "q059", lang: "ru", kind: "faq", text: "как связаться с вами по телефону?", relevant: { "faq-contact": 2 } },
  { id: "q060", lang: "ru", kind: "faq", text: "я часто у вас покупаю — положена ли мне какая-то выгода?", relevant: { "faq-loyalty": 2 } },
  { id: "q061", lang: "en", kind: "faq", text: "how should I wash a down jacket", relevant: { "faq-care": 2 } },
  { id: "q062", lang: "ru", kind: "faq", text: "можно ли отправить газовый баллон в Казахстан?", relevant: { "faq-gas": 2, "faq-international": 2, "policy-shipping-ru": 2, "1044": 2, "policy-shipping-en": 1 } },
  { id: "q063", lang: "en", kind: "faq", text: "how long is a gift certificate valid", relevant: { "faq-gift-card": 2, "1047": 2 } },
  { id: "q064", lang: "en", kind: "faq", text: "can I pay cash when the courier arrives", relevant: { "faq-payment": 2, "policy-terms-en": 1 } },
  { id: "q065", lang: "en", kind: "faq", text: "do you deliver to Germany?", relevant: { "faq-international": 2, "policy-shipping-en": 2, "policy-shipping-ru": 1 } },
  { id: "q066", lang: "ru", kind: "faq", text: "пишу из Минска — доставите в Беларусь?", relevant: { "faq-international": 2, "policy-shipping-ru": 2, "policy-shipping-en": 1 } },

  // ── policies ──
  { id: "q067", lang: "en", kind: "policy", text: "can I return worn boots?", relevant: { "policy-returns-en": 2, "policy-returns-ru": 1, "faq-returns": 1 } },
  { id: "q068", lang: "ru", kind: "policy", text: "сколько стоит доставка в Казань", relevant: { "policy-shipping-ru": 2, "faq-delivery": 2, "policy-shipping-en": 1 } },
  { id: "q069", lang: "en", kind: "policy", text: "minimum order for free shipping", relevant: { "policy-shipping-en": 2, "faq-delivery": 2, "policy-shipping-ru": 1 } },
  { id: "q070", lang: "ru", kind: "policy", text: "можно вернуть носки, если не подошли?", relevant: { "policy-returns-ru": 2, "policy-returns-en": 1 } },
  { id: "q071", lang: "en", kind: "policy", text: "how long does it take to get my money back", relevant: { "policy-returns-en": 2, "policy-returns-ru": 1, "faq-returns": 1 } },
  { id: "q072", lang: "ru", kind: "policy", text: "гарантия на палатку", relevant: { "policy-warranty-ru": 2, "faq-warranty": 2, "policy-warranty-en": 1 } },
  { id: "q073", lang: "en", kind: "policy", text: "do you share my personal data with third parties?", relevant: { "policy-privacy-en": 2, "policy-privacy-ru": 1 } },
  { id: "q074", lang: "ru", kind: "policy", text: "как удалить мои персональные данные", relevant: { "policy-privacy-ru": 2, "policy-privacy-en": 1 } },
  { id: "q075", lang: "en", kind: "policy", text: "what happens if something I paid for is out of stock", relevant: { "policy-terms-en": 2, "policy-terms-ru": 1 } },
  { id: "q076", lang: "ru", kind: "policy", text: "цены на сайте с НДС?", relevant: { "policy-terms-ru": 2, "policy-terms-en": 1 } },
  { id: "q077", lang: "en", kind: "policy", text: "who pays for return shipping", relevant: { "policy-returns-en": 2, "faq-returns": 2, "policy-returns-ru": 1 } },
  { id: "q078", lang: "ru", kind: "policy", text: "сколько месяцев гарантия на обувь", relevant: { "policy-warranty-ru": 2, "faq-warranty": 2, "policy-warranty-en": 1 } },
  { id: "q079", lang: "en", kind: "policy", text: "do I pay customs duties on an international order", relevant: { "policy-shipping-en": 2, "faq-international": 2, "policy-shipping-ru": 1 } },
  { id: "q080", lang: "ru", kind: "policy", text: "можно вернуть подарочный сертификат?", relevant: { "policy-returns-ru": 2, "policy-returns-en": 1, "faq-gift-card": 1 } },

  // ── misspellings ──
  { id: "q081", lang: "ru", kind: "misspelling", text: "термас", relevant: { "1024": 2, "1026": 1 } },
  { id: "q082", lang: "en", kind: "misspelling", text: "sleeping bagg", relevant: { "1019": 2, "1018": 2, "1020": 2, "1021": 2 } },
  { id: "q083", lang: "ru", kind: "misspelling", text: "рюкзк на 40 литров", relevant: { "1009": 2, "1013": 1 } },
  { id: "q084", lang: "en", kind: "misspelling", text: "hedlamp", relevant: { "1028": 2, "1029": 1 } },
  { id: "q085", lang: "ru", kind: "misspelling", text: "палтка эльбрус", relevant: { "1014": 2 } },
  { id: "q086", lang: "en", kind: "misspelling", text: "carbon trekking polls", relevant: { "1022": 2 } },
  { id: "q087", lang: "ru", kind: "misspelling", text: "спальнек пуховый", relevant: { "1018": 2 } },
  { id: "q088", lang: "en", kind: "misspelling", text: "watter filtr", relevant: { "1040": 2, "1041": 1 } },
  { id: "q089", lang: "ru", kind: "misspelling", text: "мембраная куртка", relevant: { "1001": 2, "1004": 1 } },
  { id: "q090", lang: "en", kind: "misspelling", text: "titanum mug", relevant: { "1027": 2 } },

  // ── cross-language ──
  { id: "q091", lang: "en", kind: "cross-language", text: "down sleeping bag for winter camping", relevant: { "1018": 2 } },
  { id: "q092", lang: "en", kind: "cross-language", text: "winter boots rated to -40", relevant: { "1007": 2 } },
  { id: "q093", lang: "en", kind: "cross-language", text: "wool hiking socks size 43", relevant: { "1034": 2 } },
  { id: "q094", lang: "en", kind: "cross-language", text: "nordic walking poles", relevant: { "1023": 2, "1022": 1 } },
  { id: "q095", lang: "en", kind: "cross-language", text: "camping lantern that can charge my phone", relevant: { "1030": 2 } },
  { id: "q096", lang: "ru", kind: "cross-language", text: "детский спальный мешок", relevant: { "1021": 2 } },
  { id: "q097", lang: "ru", kind: "cross-language", text: "налобный фонарь на 400 люмен", relevant: { "1028": 2 } },
  { id: "q098", lang: "ru", kind: "cross-language", text: "гермомешок для сплава", relevant: { "1048": 2 } },
  { id: "q099", lang: "ru", kind: "cross-language", text: "одноместная палатка", relevant: { "1015": 2 } },
  { id: "q100", lang: "en", kind: "cross-language", text: "food thermos for soup", relevant: { "1026": 2, "1024": 1 } },
  { id: "q101", lang: "en", kind: "cross-language", text: "thermal underwear set", relevant: { "1032": 2, "1031": 1, "1033": 1 } },
  { id: "q102", lang: "en", kind: "cross-language", text: "Do you have the Baikal winter tent in stock?", relevant: { "1017": 2 } },
  { id: "q103", lang: "ru", kind: "cross-language", text: "титановая кружка", relevant: { "1027": 2 } },
  { id: "q104", lang: "ru", kind: "cross-language", text: "спальник на лето", relevant: { "1019": 2, "1021": 1 } },
  { id: "q105", lang: "en", kind: "cross-language", text: "what fuel does the Iskra stove use", relevant: { "1042": 2, "1044": 1 } },
  { id: "q106", lang: "ru", kind: "cross-language", text: "куртка с утеплителем из гусиного пуха", relevant: { "1002": 2 } },

  // ── mixed ──
  { id: "q107", lang: "mixed", kind: "mixed", text: "Storm Pro куртка размер XL есть?", relevant: { "1001": 2 } },
  { id: "q108", lang: "mixed", kind: "mixed", text: "рюкзак для city поездок с ноутбуком", relevant: { "1011": 2 } },
  { id: "q109", lang: "mixed", kind: "mixed", text: "gift card на 10000", relevant: { "1047": 2, "faq-gift-card": 1 } },
  { id: "q110", lang: "ru", kind: "mixed", text: "заказываю палатку Эльбрус — доставка будет бесплатной?", relevant: { "1014": 2, "policy-shipping-ru": 2, "faq-delivery": 2, "policy-shipping-en": 1 } },
  { id: "q111", lang: "mixed", kind: "mixed", text: "merino шапка", relevant: { "1038": 2 } },
  { id: "q112", lang: "mixed", kind: "mixed", text: "Altai ботинки 44 размер in stock?", relevant: { "1005": 2 } },
  { id: "q113", lang: "en", kind: "mixed", text: "if the Expedition 65 backpack rips after a year, is it covered?", relevant: { "policy-warranty-en": 2, "faq-warranty": 2, "1010": 1, "policy-warranty-ru": 1 } },

  // ── a few more attribute / exact-name ──
  { id: "q114", lang: "ru", kind: "exact-name", text: "сменный картридж для бутылки Родник", relevant: { "1041": 2 } },
  { id: "q115", lang: "en", kind: "attribute", text: "packable rain jacket for women", relevant: { "1004": 2 } },
];
