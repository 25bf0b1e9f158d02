/**
 * Shopper questions for issue 19's "measure it yourselves" set: written against the three stores in
 * this folder and the demo store (app/demo/catalog.ts), covering the seven kinds.
 *
 * THE SPLIT, fixed before anything was run: a question's half is given by the number in its id —
 * odd ("q01", "q03", …) is the TUNE half, even ("q02", "q04", …) is the HELD-OUT half. Product code may be
 * tuned while looking at the tune half only; the held-out half is reported, never looked into for
 * tuning. Ids are stable: append new questions at the end, never renumber.
 *
 * THE FRESH SET ("f01", "f02", …; FRESH_QUESTIONS): written after the held-out half's misses had been
 * studied (so that half is no longer unseen) and committed with its baseline run before any product code
 * was changed for them. It is reported as a third split and never tuned on.
 *
 * THE UNSEEN SET ("u01", "u02", …; UNSEEN_QUESTIONS): written by an outside evaluator who read neither the
 * product code nor the earlier misses, over a fourth store (store-gadgets-bilingual.ts) and the other four,
 * and committed with its baseline run (UNSEEN.md). A fourth split, never tuned on.
 *
 * THE SECOND UNSEEN SET ("v01"…"v40"; UNSEEN2_QUESTIONS): written by another outside evaluator who read neither
 * the product code nor any misses, over a fifth store (store-kids-en.ts, English by default with Russian-speaking
 * shoppers) and the other five, committed before its one baseline run (UNSEEN2.md). A single split, "unseen2":
 * nobody tunes on any of it, and the report lists none of its misses.
 *
 * THE THIRD UNSEEN SET ("w01"…"w40"; UNSEEN3_QUESTIONS): written by a third outside evaluator who read neither the
 * product code nor any misses, over a sixth store (store-beauty-ru.ts, a cosmetics shop, Russian by default) and
 * the other six, committed before its one baseline run (UNSEEN3.md). A single split, "unseen3", kept like unseen2:
 * nobody tunes on any of it, and the report lists none of its misses.
 *
 * THE FOURTH UNSEEN SET ("x01"…"x48"; UNSEEN4_QUESTIONS): written by a fourth outside evaluator who read neither the
 * product code nor any misses, over the seven existing stores (no new store), committed before its one baseline run
 * (UNSEEN4.md). Two halves, paired so that x(2k-1) and x(2k) are of one kind: odd ids are "unseen4-tune" (may be
 * tuned on; its misses are listed like the other tune halves'), even ids are "unseen4-held-out", sealed like
 * unseen2 and unseen3 (never tuned on, its misses listed and saved nowhere) and reported after tuning on the other.
 *
 * THE FIFTH UNSEEN SET ("y01"…"y48"; UNSEEN5_QUESTIONS): written by a fifth outside evaluator who read neither the
 * product code nor any misses, over the seven existing stores (no new store), committed before its one baseline run
 * (UNSEEN5.md). Built like the fourth: y(2k-1) and y(2k) are of one kind; odd ids are "unseen5-tune" (may be tuned
 * on), even ids are "unseen5-held-out", sealed like unseen4-held-out.
 *
 * `turns` is a conversation in one session: every turn but the last sets the context; the last is graded.
 * `lang` is the page's language (what the widget sends); absent means the shop's default.
 * `expect` lists the facts a fully right answer must contain and must not contain (see grade.ts).
 */

export type ShopperKind = "variants" | "listings" | "follow-ups" | "orders" | "language" | "leads" | "right-product";
export const SHOPPER_KINDS: ShopperKind[] = ["variants", "listings", "follow-ups", "orders", "language", "leads", "right-product"];
export type StoreKey = "books-ru" | "pets-en" | "home-bilingual" | "gadgets-bilingual" | "kids-en" | "beauty-ru" | "demo";

export interface Expectation {
  /** The first source (product, FAQ or policy) must be this id. */
  first?: string;
  /** Every one of these ids must be among the sources. */
  items?: string[];
  /** At least one of these ids must be among the sources. */
  anyOf?: string[];
  /** None of these ids may be among the sources. */
  notItems?: string[];
  /** Each entry must appear in the answer (case-insensitive); an array entry is satisfied by any of its alternatives. */
  says?: (string | string[])[];
  /** None of these may appear in the answer (case-insensitive). */
  never?: string[];
  /** The reply's language. */
  language?: "ru" | "en";
  /** The reply cites no product. */
  noProducts?: boolean;
  /** The reply offers (true) or does not offer (false) the contact form. */
  handoff?: boolean;
}

export interface ShopperQuestion {
  id: string;
  store: StoreKey;
  kind: ShopperKind;
  turns: string[];
  lang?: "ru" | "en";
  expect: Expectation;
}

export type QuestionSplit = "tune" | "held-out" | "fresh" | "unseen-tune" | "unseen-held-out" | "unseen2" | "unseen3" | "unseen4-tune" | "unseen4-held-out" | "unseen5-tune" | "unseen5-held-out";
export const QUESTION_SPLITS: QuestionSplit[] = ["tune", "held-out", "fresh", "unseen-tune", "unseen-held-out", "unseen2", "unseen3", "unseen4-tune", "unseen4-held-out", "unseen5-tune", "unseen5-held-out"];
/** The splits nobody tunes on and whose misses are never listed nor saved: they must stay unseen to keep predicting. */
export const SEALED_SPLITS: ReadonlySet<QuestionSplit> = new Set(["unseen2", "unseen3", "unseen4-held-out", "unseen5-held-out"]);
const isOdd = (id: string) => Number(id.replace(/\D/g, "")) % 2 === 1;
/** q…: odd tune, even held out; f…: fresh; u… (issue 19, "tune on half; report both halves"): odd unseen-tune, even unseen-held-out; v…: unseen2, whole; w…: unseen3, whole; x…: odd unseen4-tune, even unseen4-held-out (sealed); y…: odd unseen5-tune, even unseen5-held-out (sealed). */
export const questionHalf = (id: string): QuestionSplit =>
  id.startsWith("y") ? (isOdd(id) ? "unseen5-tune" : "unseen5-held-out") : id.startsWith("x") ? (isOdd(id) ? "unseen4-tune" : "unseen4-held-out") : id.startsWith("w") ? "unseen3" : id.startsWith("v") ? "unseen2" : id.startsWith("u") ? (isOdd(id) ? "unseen-tune" : "unseen-held-out") : id.startsWith("f") ? "fresh" : isOdd(id) ? "tune" : "held-out";

const SOLD_OUT_RU = "нет в наличии";
const SOLD_OUT_EN = "out of stock";

export const SHOPPER_QUESTIONS: ShopperQuestion[] = [
  // ── Bookshop (Russian) ──
  { id: "q01", store: "books-ru", kind: "variants", turns: ["Есть «Преступление и наказание» в твёрдой обложке?"], expect: { first: "b02", says: [SOLD_OUT_RU, "Мягкая обложка"], never: ["in stock", "out of stock"] } },
  { id: "q02", store: "books-ru", kind: "variants", turns: ["Сколько стоит электронная версия «Анны Карениной»?"], expect: { first: "b01", says: ["349 ₽"], never: ["out of stock"] } },
  { id: "q03", store: "books-ru", kind: "variants", turns: ["BK-104-H"], lang: "ru", expect: { first: "b04", says: ["1 890 ₽", "2 290 ₽"] } },
  { id: "q04", store: "books-ru", kind: "variants", turns: ["Ежедневник бордовый есть?"], expect: { first: "b28", says: [SOLD_OUT_RU, ["Синий", "Чёрный"]] } },
  { id: "q05", store: "books-ru", kind: "listings", turns: ["Какие детективы у вас есть?"], expect: { items: ["b10", "b11", "b12"], never: ["оплат"] } },
  { id: "q06", store: "books-ru", kind: "listings", turns: ["Покажи мангу"], expect: { items: ["b26", "b27"] } },
  { id: "q07", store: "books-ru", kind: "listings", turns: ["Какие есть детские книги?"], expect: { items: ["b17", "b18", "b19", "b20"] } },
  { id: "q08", store: "books-ru", kind: "follow-ups", turns: ["Есть «Анна Каренина»?", "а в мягкой обложке?"], expect: { first: "b01", says: ["690 ₽"] } },
  { id: "q09", store: "books-ru", kind: "follow-ups", turns: ["Сколько стоит «История России в картах»?", "а подешевле есть что-то из нон-фикшн?"], expect: { notItems: ["b15"], anyOf: ["b13", "b14", "b16"] } },
  { id: "q10", store: "books-ru", kind: "follow-ups", turns: ["Покажи детективы", "а какие есть аудиокнигой?"], expect: { first: "b10", notItems: ["b11", "b12"] } },
  { id: "q11", store: "books-ru", kind: "orders", turns: ["Где мой заказ?"], expect: { first: "bfaq-tracking", says: ["трек"], never: ["Гороховой", "самовывоз"] } },
  { id: "q12", store: "books-ru", kind: "orders", turns: ["Заказ 5521 до сих пор не пришёл, как узнать, где он?"], expect: { first: "bfaq-tracking", says: ["трек"], never: ["Гороховой"] } },
  { id: "q13", store: "books-ru", kind: "language", turns: ["How much does delivery cost?"], lang: "ru", expect: { language: "en", first: "bfaq-delivery", says: ["250"] } },
  { id: "q14", store: "books-ru", kind: "language", turns: ["Сколько стоит доставка?"], lang: "en", expect: { language: "ru", first: "bfaq-delivery", never: ["in stock", "Here's what"] } },
  { id: "q15", store: "books-ru", kind: "leads", turns: ["Меня зовут Ольга, мой телефон +7 921 555-11-22, позвоните насчёт предзаказа «Сада на крыше»"], expect: { says: ["Ольга"], noProducts: true, handoff: false, never: ["не нашёл"] } },
  { id: "q16", store: "books-ru", kind: "right-product", turns: ["Атлас по истории для школьника"], expect: { first: "b15" } },
  { id: "q17", store: "books-ru", kind: "right-product", turns: ["Посоветуйте книжку для ребёнка 4 лет"], expect: { first: "b17", notItems: ["b20"] } },
  { id: "q18", store: "books-ru", kind: "right-product", turns: ["Нужен самоучитель японского языка"], expect: { first: "b23" } },

  // ── Pet shop (English) ──
  { id: "q19", store: "pets-en", kind: "variants", turns: ["Do you have the no-pull harness in L?"], expect: { first: "p16", says: [SOLD_OUT_EN, "XL"] } },
  { id: "q20", store: "pets-en", kind: "variants", turns: ["How much is the 12 lb bag of Prairie Grain-Free dog food?"], expect: { first: "p01", says: ["$42.99"], never: ["$69.99"] } },
  { id: "q21", store: "pets-en", kind: "variants", turns: ["CL-100-BL-M"], lang: "en", expect: { first: "p11", says: [SOLD_OUT_EN, "CL-100-BL-M"] } },
  { id: "q22", store: "pets-en", kind: "variants", turns: ["Is the senior dog food on sale?"], expect: { first: "p03", says: ["$47.99", "$54.99"] } },
  { id: "q23", store: "pets-en", kind: "variants", turns: ["Do you have the cat tree in beige?"], expect: { first: "p21", says: [SOLD_OUT_EN, "Grey"] } },
  { id: "q24", store: "pets-en", kind: "listings", turns: ["What cat toys do you have?"], expect: { items: ["p25", "p26"], notItems: ["p22", "p23"] } },
  { id: "q25", store: "pets-en", kind: "listings", turns: ["Show me dog beds"], expect: { items: ["p17", "p18"] } },
  { id: "q26", store: "pets-en", kind: "listings", turns: ["What leashes do you sell?"], expect: { items: ["p14", "p15"], never: ["shipping"] } },
  { id: "q27", store: "pets-en", kind: "follow-ups", turns: ["Show me dog collars", "in blue"], expect: { first: "p11", notItems: ["p12"] } },
  { id: "q28", store: "pets-en", kind: "follow-ups", turns: ["How much is the tuna pâté wet cat food?", "anything cheaper?"], expect: { notItems: ["p07"], anyOf: ["p05", "p06"] } },
  { id: "q29", store: "pets-en", kind: "follow-ups", turns: ["Do you have the rope leash?", "what about orange?"], expect: { first: "p14", says: ["Orange", "in stock"], never: [SOLD_OUT_EN] } },
  { id: "q30", store: "pets-en", kind: "orders", turns: ["Where's my order?"], expect: { first: "pfaq-tracking", says: ["tracking"], never: ["Autoship"] } },
  { id: "q31", store: "pets-en", kind: "orders", turns: ["My package hasn't arrived yet, how can I check the status?"], expect: { first: "pfaq-tracking", says: ["tracking"] } },
  { id: "q32", store: "pets-en", kind: "language", turns: ["Сколько стоит доставка?"], lang: "en", expect: { language: "ru", first: "pfaq-shipping" } },
  { id: "q33", store: "pets-en", kind: "language", turns: ["Do you sell live animals?"], lang: "ru", expect: { language: "en", first: "pfaq-live", never: ["Вот что"] } },
  { id: "q34", store: "pets-en", kind: "leads", turns: ["I want to talk to a human"], expect: { handoff: true, noProducts: true, never: ["Sorry", "couldn't find"] } },
  { id: "q35", store: "pets-en", kind: "leads", turns: ["Hi, I'm Mark, call me at +1 503 555 0199 about a bulk order of dog food"], expect: { says: ["Mark"], noProducts: true, handoff: false } },
  { id: "q36", store: "pets-en", kind: "right-product", turns: ["bed for an old dog with joint pain"], expect: { first: "p17" } },
  { id: "q37", store: "pets-en", kind: "right-product", turns: ["food for a 3 month old puppy"], expect: { first: "p02", notItems: ["p03"] } },
  { id: "q38", store: "pets-en", kind: "right-product", turns: ["eco-friendly compostable cat litter"], expect: { first: "p28" } },

  // ── Home goods (Russian and English) ──
  { id: "q39", store: "home-bilingual", kind: "variants", turns: ["Есть полотенце махровое серое 70×140?"], expect: { first: "h10", says: [SOLD_OUT_RU] } },
  { id: "q40", store: "home-bilingual", kind: "variants", turns: ["How much is the Wool Winter Duvet in 200×220?"], expect: { first: "h06", says: ["11,990 ₽"], never: ["8,990"] } },
  { id: "q41", store: "home-bilingual", kind: "variants", turns: ["Сковорода Сибирь 28 см в наличии?"], expect: { first: "h13", says: [SOLD_OUT_RU, "26 см"] } },
  { id: "q42", store: "home-bilingual", kind: "variants", turns: ["KT-110-28"], lang: "en", expect: { first: "h14", says: ["2,590 ₽", "2,990 ₽"] } },
  { id: "q43", store: "home-bilingual", kind: "listings", turns: ["Какие у вас есть шторы?"], expect: { items: ["h31", "h32"] } },
  { id: "q44", store: "home-bilingual", kind: "listings", turns: ["What candles do you have?"], expect: { items: ["h23", "h24"] } },
  { id: "q45", store: "home-bilingual", kind: "listings", turns: ["Покажи одеяла"], expect: { items: ["h05", "h06", "h07"] } },
  { id: "q46", store: "home-bilingual", kind: "follow-ups", turns: ["Покажи сковороды", "а полегче?"], expect: { first: "h14" } },
  { id: "q47", store: "home-bilingual", kind: "follow-ups", turns: ["What mugs do you have?", "in green"], expect: { first: "h19" } },
  { id: "q48", store: "home-bilingual", kind: "follow-ups", turns: ["Сколько стоит комплект белья Лён Натуральный?", "а подешевле?"], expect: { notItems: ["h01"], anyOf: ["h02", "h03", "h04"] } },
  { id: "q49", store: "home-bilingual", kind: "orders", turns: ["Where is my order?"], expect: { first: "hfaq-tracking", says: ["tracking"] } },
  { id: "q50", store: "home-bilingual", kind: "orders", turns: ["Как узнать статус заказа?"], expect: { first: "hfaq-tracking", says: ["трек"] } },
  { id: "q51", store: "home-bilingual", kind: "language", turns: ["Do you have linen curtains?"], lang: "ru", expect: { language: "en", first: "h32" } },
  { id: "q52", store: "home-bilingual", kind: "language", turns: ["Есть ли у вас пледы?"], lang: "en", expect: { language: "ru", first: "h26", never: ["in stock", "out of stock"] } },
  { id: "q53", store: "home-bilingual", kind: "leads", turns: ["Меня зовут Игорь, email igor@example.com, хочу заказать шторы по моим размерам, свяжитесь со мной"], expect: { says: ["Игорь"], noProducts: true, handoff: false } },
  { id: "q54", store: "home-bilingual", kind: "leads", turns: ["Хочу поговорить с человеком"], expect: { handoff: true, noProducts: true, never: ["не нашёл", "не нашел"] } },
  { id: "q55", store: "home-bilingual", kind: "right-product", turns: ["тёплое одеяло для холодной спальни"], expect: { first: "h06" } },
  { id: "q56", store: "home-bilingual", kind: "right-product", turns: ["lightest frying pan"], expect: { first: "h14" } },
  { id: "q57", store: "home-bilingual", kind: "right-product", turns: ["кастрюля на 4 литра"], expect: { first: "h15" } },

  // ── Demo store (Palompy Outdoor) ──
  { id: "q58", store: "demo", kind: "variants", turns: ["Есть ли ботинки Altai в 44 размере?"], expect: { first: "1005", says: [SOLD_OUT_RU, "43"] } },
  { id: "q59", store: "demo", kind: "variants", turns: ["Is the Merino 200 base layer top available in L?"], expect: { first: "1031", says: [SOLD_OUT_EN, "XL"] } },
  { id: "q60", store: "demo", kind: "listings", turns: ["Какие у вас есть рюкзаки?"], expect: { items: ["1009", "1010", "1011", "1012", "1013"] } },
  { id: "q61", store: "demo", kind: "listings", turns: ["What headlamps do you have?"], expect: { items: ["1028"], notItems: ["1042"] } },
  { id: "q62", store: "demo", kind: "follow-ups", turns: ["Сколько стоит рюкзак Expedition 65+10?", "а подешевле есть?"], expect: { notItems: ["1010"], anyOf: ["1009", "1011", "1012", "1013"] } },
  { id: "q63", store: "demo", kind: "follow-ups", turns: ["Покажи шапки", "а горчичная есть?"], expect: { first: "1038", says: ["Горчичный"] } },
  { id: "q64", store: "demo", kind: "orders", turns: ["Мой заказ ещё не пришёл, где он?"], expect: { first: "faq-tracking", never: ["самовывоз", "шоурум"] } },
  { id: "q65", store: "demo", kind: "language", turns: ["Do you have thermoses?"], lang: "ru", expect: { language: "en", items: ["1024"] } },
  { id: "q66", store: "demo", kind: "leads", turns: ["Меня зовут Пётр, телефон +7 903 111-22-33, интересует палатка Эльбрус, перезвоните"], expect: { says: ["Пётр"], noProducts: true, handoff: false } },
  { id: "q67", store: "demo", kind: "right-product", turns: ["тёплые варежки для сильного мороза"], expect: { first: "1037" } },
  { id: "q68", store: "demo", kind: "right-product", turns: ["ultralight backpack for fastpacking"], expect: { first: "1013" } },
  { id: "q69", store: "demo", kind: "right-product", turns: ["газовый баллон для горелки"], expect: { first: "1044" } },
];

export const FRESH_QUESTIONS: ShopperQuestion[] = [
  // ── Bookshop (Russian) ──
  { id: "f01", store: "books-ru", kind: "follow-ups", turns: ["Есть «Евгений Онегин»?", "а в мягкой обложке?"], expect: { first: "b05", says: [SOLD_OUT_RU], never: ["out of stock"] } },
  { id: "f02", store: "books-ru", kind: "follow-ups", turns: ["Сколько стоит «Школа юных изобретателей»?", "а что-нибудь подешевле для детей?"], expect: { notItems: ["b18"], anyOf: ["b17", "b19", "b20"] } },
  { id: "f03", store: "books-ru", kind: "follow-ups", turns: ["Сколько стоит «Как устроен мозг»?", "а аудиокнига есть?"], expect: { first: "b13", says: [SOLD_OUT_RU] } },
  { id: "f04", store: "books-ru", kind: "orders", turns: ["Я оплатила заказ неделю назад, а посылки всё нет"], expect: { first: "bfaq-tracking", says: ["трек"], never: ["Гороховой"] } },
  { id: "f05", store: "books-ru", kind: "orders", turns: ["Какой трек-номер у моей посылки?"], expect: { first: "bfaq-tracking", never: ["Гороховой"] } },
  { id: "f06", store: "books-ru", kind: "language", turns: ["Can I pick up my order in the shop?"], lang: "ru", expect: { language: "en", first: "bfaq-pickup" } },
  { id: "f07", store: "books-ru", kind: "listings", turns: ["Какие у вас есть учебники?"], expect: { items: ["b23", "b24"] } },
  { id: "f08", store: "books-ru", kind: "variants", turns: ["Сколько стоит «Город под стеклом» в электронном виде?"], expect: { first: "b06", says: ["449 ₽"] } },
  { id: "f09", store: "books-ru", kind: "right-product", turns: ["Книга про личные финансы для новичка"], expect: { first: "b14" } },
  { id: "f10", store: "books-ru", kind: "leads", turns: ["Здравствуйте, я Наталья, почта nat@example.com, хочу заказать 20 экземпляров «Тихого омута» для библиотеки, напишите мне"], expect: { says: ["Наталья"], noProducts: true, handoff: false } },

  // ── Pet shop (English) ──
  { id: "f11", store: "pets-en", kind: "follow-ups", turns: ["How much is the Orthopedic Memory Foam Dog Bed?", "do you have a cheaper one?"], expect: { notItems: ["p17"], anyOf: ["p18"] } },
  { id: "f12", store: "pets-en", kind: "follow-ups", turns: ["Do you have the leather dog collar?", "anything cheaper?"], expect: { notItems: ["p12"], anyOf: ["p11"] } },
  { id: "f13", store: "pets-en", kind: "follow-ups", turns: ["What dog harnesses do you have?", "in XL?"], expect: { first: "p16", says: ["$35.99"], never: [SOLD_OUT_EN] } },
  { id: "f14", store: "pets-en", kind: "orders", turns: ["I ordered last week and still nothing. Where is it?"], expect: { first: "pfaq-tracking", says: ["tracking"], never: ["Autoship"] } },
  { id: "f15", store: "pets-en", kind: "orders", turns: ["Has my order shipped yet?"], expect: { first: "pfaq-tracking", says: ["tracking"] } },
  { id: "f16", store: "pets-en", kind: "language", turns: ["Как вернуть товар?"], lang: "en", expect: { language: "ru", first: "ppolicy-returns" } },
  { id: "f17", store: "pets-en", kind: "listings", turns: ["Show me cat food"], expect: { items: ["p05", "p06", "p07"], notItems: ["p01"] } },
  { id: "f18", store: "pets-en", kind: "variants", turns: ["Is the Oceanside Indoor Cat Food available in 15 lb?"], expect: { first: "p05", says: [SOLD_OUT_EN, ["7 lb", "3 lb"]] } },
  { id: "f19", store: "pets-en", kind: "right-product", turns: ["what should I feed my kitten?"], expect: { first: "p06" } },
  { id: "f20", store: "pets-en", kind: "leads", turns: ["Can someone call me back? I'm Dana, 415 555 0123, about a damaged delivery"], expect: { says: ["Dana"], noProducts: true, handoff: false } },

  // ── Home goods (Russian and English) ──
  { id: "f21", store: "home-bilingual", kind: "follow-ups", turns: ["Сколько стоит Cast Iron Dutch Oven?", "а подешевле есть?"], expect: { notItems: ["h16"], anyOf: ["h15"] } },
  { id: "f22", store: "home-bilingual", kind: "follow-ups", turns: ["How much is the Scented Candle Trio?", "anything cheaper?"], expect: { notItems: ["h24"], anyOf: ["h23"] } },
  { id: "f23", store: "home-bilingual", kind: "follow-ups", turns: ["Покажи полотенца", "а синее есть?"], expect: { first: "h10", says: ["Синий"] } },
  { id: "f24", store: "home-bilingual", kind: "orders", turns: ["Посылка так и не пришла, где она?"], expect: { first: "hfaq-tracking", says: ["трек"] } },
  { id: "f25", store: "home-bilingual", kind: "orders", turns: ["Has my order been shipped?"], expect: { first: "hfaq-tracking", says: ["tracking"] } },
  { id: "f26", store: "home-bilingual", kind: "language", turns: ["How should I wash linen bedding?"], lang: "ru", expect: { language: "en", first: "hfaq-linen-care" } },
  { id: "f27", store: "home-bilingual", kind: "listings", turns: ["Покажи подушки"], expect: { items: ["h08", "h09"] } },
  { id: "f28", store: "home-bilingual", kind: "variants", turns: ["Плед Уют горчичный в наличии?"], expect: { first: "h26", says: [SOLD_OUT_RU, ["Молочный", "Графит"]] } },
  { id: "f29", store: "home-bilingual", kind: "right-product", turns: ["сковорода, которую можно ставить в духовку"], expect: { first: "h13" } },
  { id: "f30", store: "home-bilingual", kind: "leads", turns: ["I'd like to speak to someone from the store"], expect: { handoff: true, noProducts: true, never: ["Sorry", "couldn't find"] } },

  // ── Demo store (Palompy Outdoor) ──
  { id: "f31", store: "demo", kind: "follow-ups", turns: ["Сколько стоит пуховик Summit Down Jacket 800?", "а подешевле?"], expect: { notItems: ["1002"], anyOf: ["1001", "1003", "1004"] } },
  { id: "f32", store: "demo", kind: "follow-ups", turns: ["How much is the Titanium Camp Mug?", "anything cheaper?"], expect: { notItems: ["1027"], anyOf: ["1025"] } },
  { id: "f33", store: "demo", kind: "follow-ups", turns: ["Покажи термосы", "а красный есть?"], expect: { first: "1024", says: [SOLD_OUT_RU] } },
  { id: "f34", store: "demo", kind: "orders", turns: ["My parcel still hasn't come, it's been 10 days"], expect: { first: "faq-tracking", never: ["showroom"] } },
  { id: "f35", store: "demo", kind: "orders", turns: ["Оформил заказ в понедельник, а посылки до сих пор нет"], expect: { first: "faq-tracking", never: ["самовывоз", "шоурум"] } },
  { id: "f36", store: "demo", kind: "language", turns: ["Can I pick up my order at your showroom?"], lang: "ru", expect: { language: "en", first: "faq-pickup" } },
  { id: "f37", store: "demo", kind: "listings", turns: ["Какие у вас есть фонари?"], expect: { items: ["1029", "1030"] } },
  { id: "f38", store: "demo", kind: "variants", turns: ["Сколько стоит дождевик Puddle на рост 110 см?"], expect: { first: "1045", says: ["4 290 ₽"] } },
  { id: "f39", store: "demo", kind: "right-product", turns: ["спальник для лета"], expect: { first: "1019" } },
  { id: "f40", store: "demo", kind: "leads", turns: ["Перезвоните мне, пожалуйста: Светлана, 8 916 222-33-44, вопрос по возврату"], expect: { says: ["Светлана"], noProducts: true, handoff: false } },
];

// A shopper may say a variant is gone in several ways; any of them is the fact.
const SOLD_OUT_RU_ANY = ["нет в наличии", "закончил", "распродан", "отсутству", "нет на складе"];
const SOLD_OUT_EN_ANY = ["out of stock", "sold out", "unavailable", "not available", "not in stock"];
const NOT_FOUND_RU = ["не нашёл", "не нашел"];

export const UNSEEN_QUESTIONS: ShopperQuestion[] = [
  // ── Gadget shop (Russian default, English supplier texts) ──
  { id: "u01", store: "gadgets-bilingual", kind: "variants", turns: ["есть чехол софт тач на 15 айфон мятного цвета?"], expect: { first: "g01", says: [SOLD_OUT_RU_ANY, ["Чёрн", "Черн", "Лаванд", "Красн"]] } },
  { id: "u02", store: "gadgets-bilingual", kind: "variants", turns: ["скок стоит прозрачный чехол с магсейфом на 15 про макс"], expect: { first: "g03", says: [["2 190", "2,190", "2190"], SOLD_OUT_RU_ANY] } },
  { id: "u03", store: "gadgets-bilingual", kind: "variants", turns: ["MS-111-256"], lang: "ru", expect: { first: "g34", says: [SOLD_OUT_RU_ANY, ["128 ГБ", "128 GB", "64 ГБ", "64 GB"]] } },
  { id: "u04", store: "gadgets-bilingual", kind: "variants", turns: ["наушники с шумодавом сейчас по скидке?"], expect: { first: "g20", says: [["7 990", "7,990", "7990"], ["9 990", "9,990", "9990"]] } },
  { id: "u05", store: "gadgets-bilingual", kind: "listings", turns: ["какие пауэрбанки есть"], expect: { items: ["g15", "g16", "g17"] } },
  { id: "u06", store: "gadgets-bilingual", kind: "listings", turns: ["чехлы на айфон покажите"], expect: { items: ["g01", "g03", "g04"], notItems: ["g02"] } },
  { id: "u07", store: "gadgets-bilingual", kind: "listings", turns: ["какие кабели продаёте?"], expect: { items: ["g12", "g13", "g14"] } },
  { id: "u08", store: "gadgets-bilingual", kind: "listings", turns: ["смарт часы"], expect: { items: ["g28", "g29"] } },
  { id: "u09", store: "gadgets-bilingual", kind: "follow-ups", turns: ["сколько стоит повербанк на 20000", "а подешевле?"], expect: { notItems: ["g16", "g18"], anyOf: ["g15", "g17"] } },
  { id: "u10", store: "gadgets-bilingual", kind: "follow-ups", turns: ["наушники air lite есть?", "а черные?"], expect: { first: "g19", says: [["Чёрн", "Черн"]], never: ["нет в наличии"] } },
  { id: "u11", store: "gadgets-bilingual", kind: "follow-ups", turns: ["какие есть наушники?", "а для ребенка что-нибудь?"], expect: { first: "g22" } },
  { id: "u12", store: "gadgets-bilingual", kind: "follow-ups", turns: ["есть беспроводная зарядка для айфона?", "а чтобы сразу и часы с наушниками заряжала?", "в черном есть?"], expect: { first: "g11", says: [["Чёрн", "Черн"]], never: ["нет в наличии"] } },
  { id: "u13", store: "gadgets-bilingual", kind: "orders", turns: ["где мой заказ??"], expect: { first: "gfaq-tracking", says: ["трек"], never: ["Бауманск"] } },
  { id: "u14", store: "gadgets-bilingual", kind: "orders", turns: ["заказывал кабель в пятницу, до сих пор не пришел"], expect: { first: "gfaq-tracking", never: ["Бауманск"] } },
  { id: "u15", store: "gadgets-bilingual", kind: "orders", turns: ["как отменить заказ? передумал"], expect: { first: "gfaq-cancel", says: [["Мои заказы", "личном кабинете", "640-12-12"]] } },
  { id: "u16", store: "gadgets-bilingual", kind: "orders", turns: ["где посылка", "номер 48213"], expect: { noProducts: true, says: [["трек", "Мои заказы", "help@gadgetpolka.example", "640-12-12"]], never: ["Бауманск"] } },
  { id: "u17", store: "gadgets-bilingual", kind: "language", turns: ["do you have noise cancelling earbuds?"], lang: "ru", expect: { language: "en", first: "g20" } },
  { id: "u18", store: "gadgets-bilingual", kind: "language", turns: ["how much is shipping to a CDEK pickup point?"], lang: "ru", expect: { language: "en", first: "gfaq-delivery", says: ["290"] } },
  { id: "u19", store: "gadgets-bilingual", kind: "language", turns: ["какая гарантия на наушники?"], lang: "en", expect: { language: "ru", first: "gfaq-warranty", says: [["12 месяцев", "12 мес", "год"]], never: ["in stock", "out of stock"] } },
  { id: "u20", store: "gadgets-bilingual", kind: "language", turns: ["Can you send a power bank to Kazakhstan?"], lang: "ru", expect: { language: "en", first: "gfaq-abroad", says: [["cannot", "can't", "not ship", "don't ship", "do not ship", "не отправляем"]] } },
  { id: "u21", store: "gadgets-bilingual", kind: "leads", turns: ["Здравствуйте, меня зовут Артём, 8-915-300-44-55, нужно штук 30 пауэрбанков с логотипом компании, перезвоните"], expect: { says: ["Артём"], noProducts: true, handoff: false } },
  { id: "u22", store: "gadgets-bilingual", kind: "leads", turns: ["можно с живым оператором поговорить?"], expect: { handoff: true, noProducts: true, never: NOT_FOUND_RU } },
  { id: "u23", store: "gadgets-bilingual", kind: "leads", turns: ["hi, I'm Kate, kate.m@example.com, my earbuds stopped charging after 2 months, please get back to me"], expect: { says: ["Kate"], noProducts: true, handoff: false, language: "en" } },
  { id: "u24", store: "gadgets-bilingual", kind: "leads", turns: ["перезвоните мне по гарантии +79263334455"], expect: { noProducts: true, handoff: false, never: NOT_FOUND_RU } },
  { id: "u25", store: "gadgets-bilingual", kind: "right-product", turns: ["что-нибудь чтобы ноут и телефон заряжать от одной розетки"], expect: { first: "g08" } },
  { id: "u26", store: "gadgets-bilingual", kind: "right-product", turns: ["наушники для бега чтоб не выпадали"], expect: { first: "g23" } },
  { id: "u27", store: "gadgets-bilingual", kind: "right-product", turns: ["вечно теряю ключи, есть что-нибудь чтобы находить?"], expect: { first: "g37" } },
  { id: "u28", store: "gadgets-bilingual", kind: "right-product", turns: ["как подключить обычные проводные наушники к телефону, там нет разъема"], expect: { first: "g36" } },

  // ── The other stores ──
  { id: "u29", store: "books-ru", kind: "variants", turns: ["«Дом на краю карты» в мягкой обложке есть?"], expect: { first: "b08", says: [["твёрд", "тверд"], "электрон"], never: ["out of stock"] } },
  { id: "u30", store: "pets-en", kind: "variants", turns: ["yak chew for a big dog?"], expect: { first: "p10", says: [SOLD_OUT_EN_ANY] } },
  { id: "u31", store: "demo", kind: "variants", turns: ["трейл раннеры 44 размер есть?"], expect: { first: "1006", says: [["8 990", "8,990", "8990"]], never: ["нет в наличии"] } },
  { id: "u32", store: "pets-en", kind: "listings", turns: ["litter?"], lang: "en", expect: { items: ["p27", "p28"] } },
  { id: "u33", store: "demo", kind: "listings", turns: ["что есть из спальников"], expect: { items: ["1018", "1019", "1020", "1021"] } },
  { id: "u34", store: "books-ru", kind: "follow-ups", turns: ["сколько стоит «Последний рейс Кассиопеи»?", "а в электронке есть?"], expect: { first: "b07", says: ["690"] } },
  { id: "u35", store: "home-bilingual", kind: "follow-ups", turns: ["нужен халат", "а L/XL есть?"], expect: { first: "h12", says: [SOLD_OUT_RU_ANY, "S/M"] } },
  { id: "u36", store: "demo", kind: "follow-ups", turns: ["Покажи палатки", "а для зимы что-нибудь?"], expect: { first: "1017", says: [SOLD_OUT_RU_ANY] } },
  { id: "u37", store: "pets-en", kind: "orders", turns: ["wheres my stuff?? ordered on tuesday"], expect: { first: "pfaq-tracking", says: ["tracking"] } },
  { id: "u38", store: "demo", kind: "orders", turns: ["Order 1042 - when will it arrive?"], lang: "en", expect: { first: "faq-tracking", noProducts: true, never: ["showroom"] } },
  { id: "u39", store: "pets-en", kind: "language", turns: ["Есть корм для пожилых собак?"], lang: "en", expect: { language: "ru", first: "p03" } },
  { id: "u40", store: "demo", kind: "language", turns: ["сколько идёт доставка в Казахстан?"], lang: "en", expect: { language: "ru", anyOf: ["faq-international", "policy-shipping-ru", "policy-shipping-en"], says: [["5–12", "5-12"]] } },
  { id: "u41", store: "books-ru", kind: "leads", turns: ["хочу поговорить с продавцом"], expect: { handoff: true, noProducts: true, never: NOT_FOUND_RU } },
  { id: "u42", store: "home-bilingual", kind: "leads", turns: ["Hello, I'm Tom, tom@example.org. I need 40 bath towels for a small guesthouse, could your manager email me a quote?"], expect: { says: ["Tom"], noProducts: true, handoff: false } },
  { id: "u43", store: "books-ru", kind: "right-product", turns: ["что подарить другу, который любит готовить и ходит за грибами"], expect: { first: "b22" } },
  { id: "u44", store: "home-bilingual", kind: "right-product", turns: ["штора чтобы утром солнце не будило"], expect: { first: "h31" } },
  { id: "u45", store: "demo", kind: "right-product", turns: ["носки чтоб не натирало в жару"], expect: { first: "1035" } },
];

const NOT_FOUND_EN = ["couldn't find", "could not find", "didn't find", "did not find"];

export const UNSEEN2_QUESTIONS: ShopperQuestion[] = [
  // ── Kids' shop (English by default, EUR; Russian-speaking shoppers too) ──
  { id: "v01", store: "kids-en", kind: "variants", turns: ["splash rain jacket yellow in 116?"], expect: { first: "k28", says: [SOLD_OUT_EN_ANY, "Navy"] } },
  { id: "v02", store: "kids-en", kind: "variants", turns: ["how much is the 100 piece magnetic tiles"], expect: { first: "k03", says: [["79.90", "79,90"], SOLD_OUT_EN_ANY] } },
  { id: "v03", store: "kids-en", kind: "variants", turns: ["RD-610-S in stock? his head is 52cm"], expect: { first: "k14", says: [["29.90", "29,90"]] } },
  { id: "v04", store: "kids-en", kind: "variants", turns: ["сколько стоит пижама с динозаврами на 6-8 лет?"], expect: { first: "k27", says: [["24.90", "24,90"], SOLD_OUT_RU_ANY], language: "ru" } },
  { id: "v05", store: "kids-en", kind: "listings", turns: ["shoes?"], lang: "en", expect: { items: ["k36", "k37", "k38", "k39"] } },
  { id: "v06", store: "kids-en", kind: "listings", turns: ["any puzzels for a 3 year old"], expect: { items: ["k17", "k46"], notItems: ["k16"] } },
  { id: "v07", store: "kids-en", kind: "listings", turns: ["какие у вас мягкие игрушки?"], expect: { items: ["k06", "k07", "k47"], language: "ru" } },
  { id: "v08", store: "kids-en", kind: "listings", turns: ["arts and crafts?"], lang: "en", expect: { items: ["k20", "k21", "k22"] } },
  { id: "v09", store: "kids-en", kind: "follow-ups", turns: ["show me the ride-ons", "anything under 50 euro?"], expect: { first: "k13", notItems: ["k12", "k45"] } },
  { id: "v10", store: "kids-en", kind: "follow-ups", turns: ["need a snowsuit for my 2 year old", "is 98 available?", "ok and the next size up?"], expect: { first: "k29", says: ["104", "89"] } },
  {
    id: "v11",
    store: "kids-en",
    kind: "follow-ups",
    turns: ["gift for a 5 year old?", "under 25 euro pls"],
    expect: { anyOf: ["k06", "k47", "k09", "k15", "k17", "k18", "k19", "k20", "k21", "k22", "k43", "k41"], notItems: ["k03", "k04", "k08", "k10", "k11", "k12", "k13", "k23", "k24"] },
  },
  { id: "v12", store: "kids-en", kind: "follow-ups", turns: ["how much is the wooden train set", "any cheaper wooden toys?"], expect: { anyOf: ["k01", "k02", "k46"], notItems: ["k10", "k08"] } },
  { id: "v13", store: "kids-en", kind: "orders", turns: ["ordered the balance bike last week and still nothing?? order LA-10482"], expect: { first: "kfaq-tracking", noProducts: true, never: ["Tērbatas"] } },
  { id: "v14", store: "kids-en", kind: "orders", turns: ["just ordered 10 min ago, can i still add a sun hat to it?"], expect: { first: "kfaq-cancel", says: [["1 hour", "one hour", "60 min"]] } },
  { id: "v15", store: "kids-en", kind: "orders", turns: ["hi, my order", "LA-20931, still says processing after 4 days"], expect: { noProducts: true, says: [["hello@littleacorn.example", "+371 6700 1234"]], never: ["Tērbatas"] } },
  { id: "v16", store: "kids-en", kind: "language", turns: ["доставка в Германию сколько стоит?"], lang: "en", expect: { language: "ru", first: "kfaq-shipping", says: [["7,90", "7.90"]] } },
  { id: "v17", store: "kids-en", kind: "language", turns: ["есть детский микроскоп? сколько стоит"], lang: "en", expect: { language: "ru", first: "k24", says: ["59"], never: ["in stock", "out of stock"] } },
  { id: "v18", store: "kids-en", kind: "language", turns: ["do you have wellies in size 24?"], lang: "ru", expect: { language: "en", first: "k38", says: [["19.90", "19,90"]] } },
  { id: "v19", store: "kids-en", kind: "leads", turns: ["Здравствуйте, я Ольга, +371 2955 1234, хочу заказать беговел внуку на день рождения, перезвоните пожалуйста"], expect: { says: ["Ольга"], noProducts: true, handoff: false, language: "ru" } },
  { id: "v20", store: "kids-en", kind: "leads", turns: ["is there an actual human i can chat with? this bot isnt helping"], expect: { handoff: true, noProducts: true, never: NOT_FOUND_EN, language: "en" } },
  { id: "v21", store: "kids-en", kind: "leads", turns: ["We're a kindergarten in Jurmala and need about 15 kids' bike helmets, please email a quote to office@saulite.example. Thanks, Marta"], expect: { says: ["Marta"], noProducts: true, handoff: false } },
  { id: "v22", store: "kids-en", kind: "right-product", turns: ["friend just had a baby, what's a nice present?"], expect: { first: "k40" } },
  { id: "v23", store: "kids-en", kind: "right-product", turns: ["my 4yo is scared of the dark at bedtime, anything that helps?"], expect: { first: "k43" } },
  { id: "v24", store: "kids-en", kind: "right-product", turns: ["podarok synu 9 let, lyubit rassmatrivat zhukov i listya"], expect: { first: "k24" } },

  // ── The other stores ──
  { id: "v25", store: "pets-en", kind: "variants", turns: ["blue reflective collar in medium?"], expect: { first: "p11", says: [SOLD_OUT_EN_ANY, ["Red / M", "Red / S", "Red / L", "Blue / S", "Blue / L"]] } },
  { id: "v26", store: "home-bilingual", kind: "variants", turns: ["сковородка чугунная 28 см сколько стоит"], expect: { first: "h13", says: [["3 790", "3790", "3,790"], SOLD_OUT_RU_ANY] } },
  { id: "v27", store: "home-bilingual", kind: "listings", turns: ["what candles do you have"], lang: "en", expect: { items: ["h23", "h24"] } },
  { id: "v28", store: "demo", kind: "listings", turns: ["фонарики какие есть"], expect: { items: ["1028", "1029", "1030"] } },
  { id: "v29", store: "books-ru", kind: "follow-ups", turns: ["что есть из фэнтези?", "а вторая часть есть в бумаге?"], expect: { first: "b09", says: ["990"] } },
  { id: "v30", store: "pets-en", kind: "follow-ups", turns: ["need a bed for my old lab, his joints are bad", "what sizes?", "is XL in stock?"], expect: { first: "p17", says: [SOLD_OUT_EN_ANY, ["79.99", "36 × 28", "L (36"]] } },
  { id: "v31", store: "gadgets-bilingual", kind: "orders", turns: ["можно поменять адрес доставки в заказе?"], expect: { first: "gfaq-cancel", noProducts: true, says: [["Мои заказы", "640-12-12"]] } },
  { id: "v32", store: "demo", kind: "orders", turns: ["пришли ботинки, не подошёл размер, как вернуть?"], expect: { anyOf: ["policy-returns-ru", "faq-returns", "policy-returns-en"], says: [["30 дней", "30 days"]], language: "ru" } },
  {
    id: "v33",
    store: "books-ru",
    kind: "language",
    turns: ["do you ship to Finland?"],
    lang: "ru",
    expect: { language: "en", first: "bpolicy-shipping", says: [["other countries", "don't deliver", "do not deliver", "don't ship", "do not ship", "only within Russia", "only in Russia", "не доставляем"]] },
  },
  { id: "v34", store: "gadgets-bilingual", kind: "language", turns: ["can I pay in instalments?"], lang: "ru", expect: { language: "en", first: "gfaq-payment", says: [["Долями", "4 payments", "four payments", "4 instalments", "4 installments", "4 платежа"]] } },
  { id: "v35", store: "books-ru", kind: "language", turns: ["how much is courier delivery in St Petersburg?"], lang: "ru", expect: { language: "en", first: "bfaq-delivery", says: ["290"] } },
  {
    id: "v36",
    store: "demo",
    kind: "leads",
    turns: ["Hi, I'm Daniel, +7 916 555-12-34. We're planning a group hike for 12 people and need tents and sleeping bags, can a manager call me back?"],
    lang: "en",
    expect: { says: ["Daniel"], noProducts: true, handoff: false, language: "en" },
  },
  { id: "v37", store: "pets-en", kind: "leads", turns: ["i need to speak to a manager, my order came with a torn bag of food"], expect: { handoff: true, noProducts: true, never: NOT_FOUND_EN } },
  { id: "v38", store: "home-bilingual", kind: "right-product", turns: ["lightest frying pan you have? my wrists hurt"], lang: "en", expect: { first: "h14" } },
  { id: "v39", store: "gadgets-bilingual", kind: "right-product", turns: ["чем заряжать телефон в машине"], expect: { first: "g10" } },
  { id: "v40", store: "demo", kind: "right-product", turns: ["горелка полегче чтоб в кружку влезала"], expect: { first: "1042" } },
];

const PRICE_1890 = ["1 890", "1890", "1,890"];

export const UNSEEN3_QUESTIONS: ShopperQuestion[] = [
  // ── Beauty shop (Russian by default, RUB; some English-speaking shoppers) ──
  { id: "w01", store: "beauty-ru", kind: "variants", turns: ["тональник skin veil в 03 есть?"], expect: { first: "c18", says: [SOLD_OUT_RU_ANY, ["Светло-бежев", "Тёплый беж", "Теплый беж", "Фарфор", "Песочн"]], never: ["out of stock"] } },
  { id: "w02", store: "beauty-ru", kind: "variants", turns: ["скока стоит сыворотка с витамином С на 50 мл"], expect: { first: "c05", says: [["3 290", "3290", "3,290"], SOLD_OUT_RU_ANY, "30 мл"] } },
  { id: "w03", store: "beauty-ru", kind: "variants", turns: ["LP-240-05 в наличии?"], expect: { first: "c24", says: [SOLD_OUT_RU_ANY, ["Розовый нюд", "Терракот", "Вишн"]] } },
  { id: "w04", store: "beauty-ru", kind: "variants", turns: ["шампунь color keep литровый почем?"], expect: { first: "c27", says: [PRICE_1890], never: ["нет в наличии"] } },
  { id: "w05", store: "beauty-ru", kind: "listings", turns: ["какие сывортки есть?"], expect: { items: ["c05", "c06", "c07"] } },
  { id: "w06", store: "beauty-ru", kind: "listings", turns: ["покажите тушь"], expect: { items: ["c21", "c22"], notItems: ["c23"] } },
  { id: "w07", store: "beauty-ru", kind: "listings", turns: ["что у вас есть для жирной кожи"], expect: { items: ["c02", "c06", "c09"], notItems: ["c03", "c10"] } },
  { id: "w08", store: "beauty-ru", kind: "follow-ups", turns: ["покажи помады", "а красная есть?"], expect: { first: "c24", says: [SOLD_OUT_RU_ANY, ["Вишн", "Терракот"]] } },
  { id: "w09", store: "beauty-ru", kind: "follow-ups", turns: ["сколько стоит ночной крем с церамидами?", "а что-то подешевле для сухой кожи?"], expect: { first: "c01", notItems: ["c03", "c02"] } },
  { id: "w10", store: "beauty-ru", kind: "follow-ups", turns: ["есть маска для волос с кератином?", "а банка побольше сколько?"], expect: { first: "c30", says: ["500 мл", PRICE_1890] } },
  { id: "w11", store: "beauty-ru", kind: "follow-ups", turns: ["хочу духи, что-нибудь свежее", "белый чай сколько стоит?", "а 100 мл есть?"], expect: { first: "c37", says: [SOLD_OUT_RU_ANY, "50 мл"] } },
  { id: "w12", store: "beauty-ru", kind: "orders", turns: ["где мой заказ? оформляла в понедельник"], expect: { first: "cfaq-tracking", says: ["трек"], noProducts: true, never: ["Рубинштейна"] } },
  { id: "w13", store: "beauty-ru", kind: "orders", turns: ["хочу отменить заказ, случайно не тот оттенок выбрала"], expect: { first: "cfaq-cancel", says: [["Мои заказы", "407-55-00"]] } },
  { id: "w14", store: "beauty-ru", kind: "orders", turns: ["заказ так и не пришёл", "номер BR-55817"], expect: { noProducts: true, says: [["трек", "Мои заказы", "hello@barkhat.example", "407-55-00"]], never: ["Рубинштейна"] } },
  { id: "w15", store: "beauty-ru", kind: "language", turns: ["do you have a sunscreen for the face?"], expect: { language: "en", first: "c15" } },
  { id: "w16", store: "beauty-ru", kind: "language", turns: ["how much is delivery to Moscow?"], lang: "ru", expect: { language: "en", first: "cfaq-delivery", says: ["350"] } },
  { id: "w17", store: "beauty-ru", kind: "language", turns: ["are your products original or fakes?"], lang: "ru", expect: { language: "en", first: "cfaq-authentic", says: [["official", "distributor", "certificat", "дистрибьютор", "сертификат"]] } },
  { id: "w18", store: "beauty-ru", kind: "language", turns: ["есть retinol serum?"], expect: { language: "ru", first: "c07", never: ["in stock", "out of stock"] } },
  { id: "w19", store: "beauty-ru", kind: "leads", turns: ["Здравствуйте, я Алина, +7 911 234-56-78, хотим заказать 30 подарочных наборов для сотрудниц к 8 марта, перезвоните пожалуйста"], expect: { says: ["Алина"], noProducts: true, handoff: false } },
  { id: "w20", store: "beauty-ru", kind: "leads", turns: ["позовите консультанта, хочу с живым человеком поговорить"], expect: { handoff: true, noProducts: true, never: NOT_FOUND_RU } },
  { id: "w21", store: "beauty-ru", kind: "leads", turns: ["hi, Sofia here, sofia.k@example.com - I got a rash after the vitamin C serum, please have someone email me"], expect: { says: ["Sofia"], noProducts: true, handoff: false, language: "en" } },
  { id: "w22", store: "beauty-ru", kind: "right-product", turns: ["что-нибудь от отёков под глазами по утрам"], expect: { first: "c08" } },
  { id: "w23", store: "beauty-ru", kind: "right-product", turns: ["kozha krasneet ot vsego podryad, kakoy krem vzyat?"], expect: { first: "c04" } },
  { id: "w24", store: "beauty-ru", kind: "right-product", turns: ["чем брызгать волосы чтобы утюжок не палил"], expect: { first: "c32" } },

  // ── The other stores ──
  { id: "w25", store: "demo", kind: "variants", turns: ["спальник полюс, у меня рост 192 — какой брать и почем?"], expect: { first: "1018", says: ["Long", ["18 990", "18990", "18,990"]] } },
  { id: "w26", store: "kids-en", kind: "variants", turns: ["light up sneakers in 32?"], expect: { first: "k37", says: [SOLD_OUT_EN_ANY, ["EU 30", "EU 28", "EU 26"]] } },
  { id: "w27", store: "books-ru", kind: "listings", turns: ["что есть из канцелярии?"], expect: { items: ["b28", "b29", "b31"] } },
  { id: "w28", store: "home-bilingual", kind: "listings", turns: ["towels?"], lang: "en", expect: { items: ["h10", "h11"] } },
  { id: "w29", store: "gadgets-bilingual", kind: "listings", turns: ["колонки какие есть"], expect: { items: ["g25", "g26"] } },
  { id: "w30", store: "pets-en", kind: "follow-ups", turns: ["deshedding brush?", "how much is the large one"], expect: { first: "p33", says: ["24.99"] } },
  { id: "w31", store: "demo", kind: "follow-ups", turns: ["какие термосы есть?", "а для супа что-нибудь?"], expect: { first: "1026" } },
  { id: "w32", store: "books-ru", kind: "orders", turns: ["оплатила предзаказ «Сада на крыше», можно его отменить?"], expect: { first: "bfaq-preorder", says: [["в любой момент", "до отправки"]] } },
  { id: "w33", store: "pets-en", kind: "orders", turns: ["ordered food 4 days ago and the tracking hasnt updated since"], expect: { first: "pfaq-tracking", says: ["care@whiskerbark.example"] } },
  { id: "w34", store: "kids-en", kind: "language", turns: ["можно забрать заказ самому в Риге?"], lang: "en", expect: { language: "ru", first: "kfaq-pickup", says: ["Tērbatas"] } },
  { id: "w35", store: "home-bilingual", kind: "language", turns: ["Is there gift wrapping?"], lang: "ru", expect: { language: "en", first: "hfaq-gift", says: ["250"] } },
  { id: "w36", store: "kids-en", kind: "leads", turns: ["Labdien! I'm Ilze, 29 123 456, we'd like 20 gift cards for our staff, can someone call me?"], expect: { says: ["Ilze"], noProducts: true, handoff: false } },
  { id: "w37", store: "gadgets-bilingual", kind: "leads", turns: ["мне нужен менеджер, пришли сломанные наушники"], expect: { handoff: true, noProducts: true, never: NOT_FOUND_RU } },
  { id: "w38", store: "pets-en", kind: "right-product", turns: ["my dog eats way too fast and then throws up, anything for that?"], expect: { first: "p24", says: [SOLD_OUT_EN_ANY] } },
  { id: "w39", store: "home-bilingual", kind: "right-product", turns: ["чем укрыть ноги на диване вечером, чтобы было уютно"], expect: { first: "h26" } },
  { id: "w40", store: "demo", kind: "right-product", turns: ["на зимнюю рыбалку ноги мёрзнут, что обуть?"], expect: { first: "1007" } },
];

const PRICE_18990 = ["18 990", "18990", "18,990"];
const PRICE_7990 = ["7 990", "7990", "7,990"];

/**
 * The fourth unseen set: pairs of one kind, x(2k-1) in "unseen4-tune" and x(2k) in "unseen4-held-out", each half
 * balanced by kind (4 variants, 4 listings, 4 follow-ups, 3 orders, 3 language, 3 leads, 3 right-product) and over
 * all seven stores.
 */
export const UNSEEN4_QUESTIONS: ShopperQuestion[] = [
  // ── Variants: the asked variant's own stock (and price), and one in stock ──
  { id: "x01", store: "pets-en", kind: "variants", turns: ["covered litter box in white, in stock??"], expect: { first: "p29", says: [SOLD_OUT_EN_ANY, "Grey"] } },
  { id: "x02", store: "gadgets-bilingual", kind: "variants", turns: ["наушники anc pro в белом есть?"], expect: { first: "g20", says: [SOLD_OUT_RU_ANY, ["Чёрн", "Черн"], PRICE_7990] } },
  { id: "x03", store: "books-ru", kind: "variants", turns: ["онегин в мягкой обложке скока стоит"], expect: { first: "b05", says: ["380", SOLD_OUT_RU_ANY, "720"] } },
  { id: "x04", store: "kids-en", kind: "variants", turns: ["bike helmet size M for my 7yo, have it?"], expect: { first: "k14", says: [SOLD_OUT_EN_ANY, ["50–54", "50-54"]] } },
  { id: "x05", store: "beauty-ru", kind: "variants", turns: ["консилер cover up в среднем оттенке есть?"], expect: { first: "c19", says: [SOLD_OUT_RU_ANY, ["Светл", "Тёмн", "Темн"]], never: ["out of stock"] } },
  { id: "x06", store: "home-bilingual", kind: "variants", turns: ["dutch oven in blue how much"], lang: "en", expect: { first: "h16", says: [["8,990", "8990", "8 990"], SOLD_OUT_EN_ANY, ["Red", "Cream"]] } },
  { id: "x07", store: "demo", kind: "variants", turns: ["storm pro в XL остался?"], expect: { first: "1001", says: [SOLD_OUT_RU_ANY, PRICE_18990] } },
  { id: "x08", store: "beauty-ru", kind: "variants", turns: ["ночной жасмин 100 мл почем"], expect: { first: "c38", says: [PRICE_7990], never: SOLD_OUT_RU_ANY } },

  // ── Listings: every item of a small category, none of the neighbouring one ──
  { id: "x09", store: "kids-en", kind: "listings", turns: ["kids shoes?"], expect: { items: ["k36", "k37", "k38", "k39"] } },
  { id: "x10", store: "books-ru", kind: "listings", turns: ["фантастика есть какая нибудь?"], expect: { items: ["b06", "b07", "b32"], notItems: ["b08", "b09"] } },
  { id: "x11", store: "gadgets-bilingual", kind: "listings", turns: ["павербанки какие есть"], expect: { items: ["g15", "g16", "g17"], notItems: ["g18"] } },
  { id: "x12", store: "pets-en", kind: "listings", turns: ["anything for fish?"], expect: { items: ["p30", "p31"], notItems: ["p32"] } },
  { id: "x13", store: "home-bilingual", kind: "listings", turns: ["подушки какие есть"], expect: { items: ["h08", "h09"], notItems: ["h05", "h06", "h07"] } },
  { id: "x14", store: "demo", kind: "listings", turns: ["фонарики какие есть?"], expect: { items: ["1028", "1029", "1030"] } },
  { id: "x15", store: "beauty-ru", kind: "listings", turns: ["что есть для губ?"], expect: { items: ["c24", "c25"], notItems: ["c21", "c22"] } },
  { id: "x16", store: "gadgets-bilingual", kind: "listings", turns: ["smartwatches?"], lang: "en", expect: { items: ["g28", "g29"], notItems: ["g30"] } },

  // ── Follow-ups: the refinement applied to what was shown ──
  { id: "x17", store: "demo", kind: "follow-ups", turns: ["спальники покажи", "а детский есть?"], expect: { first: "1021", says: [["3 490", "3490", "3,490"]] } },
  { id: "x18", store: "home-bilingual", kind: "follow-ups", turns: ["шторы какие есть", "а блэкаут 280 в высоту есть?"], expect: { first: "h31", says: [SOLD_OUT_RU_ANY, "260"] } },
  { id: "x19", store: "pets-en", kind: "follow-ups", turns: ["cat food?", "something for a kitten"], expect: { first: "p06" } },
  { id: "x20", store: "beauty-ru", kind: "follow-ups", turns: ["шампуни какие есть", "а от перхоти?", "сколько стоит?"], expect: { first: "c28", says: ["590"] } },
  { id: "x21", store: "gadgets-bilingual", kind: "follow-ups", turns: ["зарядки для айфона", "а в машину?"], expect: { first: "g10", says: [["1 690", "1690", "1,690"]] } },
  { id: "x22", store: "kids-en", kind: "follow-ups", turns: ["puzzles for a 3 year old?", "a big one for the floor"], expect: { first: "k17" } },
  { id: "x23", store: "books-ru", kind: "follow-ups", turns: ["есть что-то почитать про деньги?", "а электронная сколько?"], expect: { first: "b14", says: ["399"] } },
  { id: "x24", store: "demo", kind: "follow-ups", turns: ["рюкзаки какие есть", "а для ребёнка?"], expect: { first: "1012", says: [["2 490", "2490", "2,490"]] } },

  // ── Orders: the order flow or tracking answer, no product list ──
  { id: "x25", store: "home-bilingual", kind: "orders", turns: ["zakaz ne prishel uzhe nedelyu, gde on?"], expect: { first: "hfaq-tracking", noProducts: true } },
  { id: "x26", store: "books-ru", kind: "orders", turns: ["статус заказа не меняется уже 4 дня"], expect: { first: "bfaq-tracking", says: ["help@pereplet.example"], noProducts: true } },
  { id: "x27", store: "kids-en", kind: "orders", turns: ["can i still cancel my order? placed it 20 min ago"], expect: { first: "kfaq-cancel", says: [["My orders", "6700 1234"]], noProducts: true } },
  { id: "x28", store: "pets-en", kind: "orders", turns: ["order says shipped but i never got a tracking link"], expect: { first: "pfaq-tracking", says: ["tracking"], noProducts: true } },
  { id: "x29", store: "beauty-ru", kind: "orders", turns: ["можно забрать заказ в шоуруме? когда он будет готов"], expect: { first: "cfaq-pickup", says: ["Рубинштейна"], noProducts: true } },
  { id: "x30", store: "gadgets-bilingual", kind: "orders", turns: ["хочу изменить заказ, адрес не тот указал"], expect: { first: "gfaq-cancel", says: [["Мои заказы", "640-12-12"]], noProducts: true } },

  // ── Language: the shopper's language, whatever the page's or the shop's ──
  { id: "x31", store: "gadgets-bilingual", kind: "language", turns: ["do you ship to Kazakhstan?"], lang: "ru", expect: { language: "en", first: "gfaq-abroad", says: ["990"] } },
  { id: "x32", store: "beauty-ru", kind: "language", turns: ["can I return a lipstick if the shade doesn't suit me?"], lang: "ru", expect: { language: "en", anyOf: ["cpolicy-returns-en", "cpolicy-returns"], says: [["unopened", "cannot be returned", "can't be returned", "вскрытые"]] } },
  { id: "x33", store: "books-ru", kind: "language", turns: ["hi, do you deliver books to Latvia?"], lang: "ru", expect: { language: "en", first: "bpolicy-shipping", says: [["не доставляем", "only within Russia", "only in Russia", "not deliver", "don't deliver", "do not ship", "don't ship"]] } },
  { id: "x34", store: "home-bilingual", kind: "language", turns: ["как стирать льняное бельё?"], lang: "en", expect: { language: "ru", first: "hfaq-linen-care", says: ["40"] } },
  { id: "x35", store: "pets-en", kind: "language", turns: ["есть когтеточка для кота?"], lang: "en", expect: { language: "ru", anyOf: ["p20", "p21"] } },
  { id: "x36", store: "kids-en", kind: "language", turns: ["сколько стоит доставка в Литву?"], lang: "en", expect: { language: "ru", first: "kfaq-shipping", says: [["4,90", "4.90"]] } },

  // ── Leads: a lead confirmed without a product list or a second form; the form when a person is asked for ──
  { id: "x37", store: "demo", kind: "leads", turns: ["Здравствуйте, это Дмитрий, нужно 10 палаток на турклуб, будет скидка? тел 8 916 222-33-44"], expect: { says: ["Дмитрий"], noProducts: true, handoff: false } },
  { id: "x38", store: "beauty-ru", kind: "leads", turns: ["соедините с оператором пожалуйста"], expect: { handoff: true, noProducts: true, never: NOT_FOUND_RU } },
  { id: "x39", store: "kids-en", kind: "leads", turns: ["can i talk to someone real pls"], expect: { handoff: true, noProducts: true, never: NOT_FOUND_EN } },
  { id: "x40", store: "home-bilingual", kind: "leads", turns: ["Hi, Emma here (emma.w@example.com), we're furnishing a small guesthouse and need 12 duvets, please get in touch"], expect: { says: ["Emma"], noProducts: true, handoff: false, language: "en" } },
  { id: "x41", store: "beauty-ru", kind: "leads", turns: ["меня зовут Ксюша, 89112223344, хочу записаться на подбор тона в шоуруме, перезвоните"], expect: { says: ["Ксюша"], noProducts: true, handoff: false } },
  { id: "x42", store: "books-ru", kind: "leads", turns: ["я Павел, pavel@example.ru, ищу старое издание Булгакова 1973 года, если найдёте — напишите мне"], expect: { says: ["Павел"], noProducts: true, handoff: false } },

  // ── Right product: the one the need points to ──
  { id: "x43", store: "home-bilingual", kind: "right-product", turns: ["нужна сковородка на века, чтобы и на индукцию и в духовку"], expect: { first: "h13" } },
  { id: "x44", store: "pets-en", kind: "right-product", turns: ["my cat kicks litter all over the floor and the box stinks"], expect: { first: "p29" } },
  { id: "x45", store: "books-ru", kind: "right-product", turns: ["подарок маме, не знаю какую книгу, пусть сама выберет"], expect: { first: "b30" } },
  { id: "x46", store: "demo", kind: "right-product", turns: ["ночью в походе темно, а руки нужны свободные"], expect: { first: "1028" } },
  { id: "x47", store: "kids-en", kind: "right-product", turns: ["toddler scared of the dark at bedtime, what helps"], expect: { first: "k43" } },
  { id: "x48", store: "gadgets-bilingual", kind: "right-product", turns: ["в метро сосед вечно пялится в мой экран, что посоветуете"], expect: { first: "g06" } },
];

const PRICE_3490 = ["3 490", "3490", "3,490"];
const PRICE_17990 = ["17 990", "17990", "17,990"];
const PRICE_1690 = ["1 690", "1690", "1,690"];

/**
 * The fifth unseen set: pairs of one kind, y(2k-1) in "unseen5-tune" and y(2k) in "unseen5-held-out", each half
 * balanced by kind (4 variants, 4 listings, 4 follow-ups, 3 orders, 3 language, 3 leads, 3 right-product) and over
 * all seven stores (each 3 or 4 times a half).
 */
export const UNSEEN5_QUESTIONS: ShopperQuestion[] = [
  // ── Variants: the asked variant's own stock (and price), and one in stock ──
  { id: "y01", store: "home-bilingual", kind: "variants", turns: ["полотенце махровое синее 50 на 90 есть?"], expect: { first: "h10", says: [SOLD_OUT_RU_ANY, ["70×140", "70x140", "Белый", "Серый"]] } },
  { id: "y02", store: "gadgets-bilingual", kind: "variants", turns: ["чехол книжка на s24 коричневый есть?"], expect: { first: "g02", says: [SOLD_OUT_RU_ANY, ["Чёрн", "Черн", "Тёмно-син", "Темно-син"]] } },
  { id: "y03", store: "kids-en", kind: "variants", turns: ["fleece hoodie in 140?"], expect: { first: "k30", says: [SOLD_OUT_EN_ANY, "128"] } },
  { id: "y04", store: "pets-en", kind: "variants", turns: ["green cat collar w the bell, got it?"], expect: { first: "p13", says: [SOLD_OUT_EN_ANY, ["Pink", "Black"]] } },
  { id: "y05", store: "beauty-ru", kind: "variants", turns: ["мицелярка 500 мл скок стоит"], expect: { first: "c11", says: ["890"], never: ["out of stock", ...SOLD_OUT_RU_ANY] } },
  { id: "y06", store: "demo", kind: "variants", turns: ["термобелье сибирь размер L есть? почем"], expect: { first: "1032", says: [PRICE_3490], never: SOLD_OUT_RU_ANY } },
  { id: "y07", store: "books-ru", kind: "variants", turns: ["тима и дракон в твердой обложке есть?"], expect: { first: "b19", says: [SOLD_OUT_RU_ANY, "450"] } },
  { id: "y08", store: "home-bilingual", kind: "variants", turns: ["скатерть праздник 140 на 250 в наличии?"], expect: { first: "h22", says: [SOLD_OUT_RU_ANY, "180"] } },

  // ── Listings: every item of a small category, none of the neighbouring one ──
  { id: "y09", store: "demo", kind: "listings", turns: ["перчатки?"], expect: { items: ["1036", "1037"], notItems: ["1038"] } },
  { id: "y10", store: "kids-en", kind: "listings", turns: ["wooden toys?"], expect: { items: ["k01", "k02", "k46", "k08", "k10"], notItems: ["k03"] } },
  { id: "y11", store: "gadgets-bilingual", kind: "listings", turns: ["колонку блютуз ищу, какие есть"], expect: { items: ["g25", "g26"], notItems: ["g19", "g21"] } },
  { id: "y12", store: "books-ru", kind: "listings", turns: ["стихи есть?"], expect: { items: ["b21", "b05"], notItems: ["b03"] } },
  { id: "y13", store: "beauty-ru", kind: "listings", turns: ["духи какие есть"], expect: { items: ["c37", "c38"], notItems: ["c36"] } },
  { id: "y14", store: "pets-en", kind: "listings", turns: ["cat beds?"], expect: { items: ["p18", "p19"], notItems: ["p17"] } },
  { id: "y15", store: "home-bilingual", kind: "listings", turns: ["lamps?"], lang: "en", expect: { items: ["h27", "h28"], notItems: ["h23"] } },
  { id: "y16", store: "demo", kind: "listings", turns: ["носки какие продаете"], expect: { items: ["1034", "1035"], notItems: ["1036"] } },

  // ── Follow-ups: the refinement applied to what was shown ──
  { id: "y17", store: "pets-en", kind: "follow-ups", turns: ["dry food for dogs?", "the puppy one, how much is the big bag"], expect: { first: "p02", says: ["$45.99"] } },
  { id: "y18", store: "gadgets-bilingual", kind: "follow-ups", turns: ["кабель лайтнинг нужен", "а 2 метра есть?"], expect: { first: "g12", says: [SOLD_OUT_RU_ANY, ["1 м", "790"]] } },
  { id: "y19", store: "books-ru", kind: "follow-ups", turns: ["комиксы есть?", "а цветной какой-нибудь?"], expect: { first: "b25", says: [PRICE_1690] } },
  { id: "y20", store: "beauty-ru", kind: "follow-ups", turns: ["крем для рук есть?", "а побольше объём?", "скока?"], expect: { first: "c33", says: ["590"] } },
  { id: "y21", store: "kids-en", kind: "follow-ups", turns: ["scooter for a 4 yo?", "blue one in stock?"], expect: { first: "k13", says: [["49.9", "49,9"]], never: ["out of stock", "sold out"] } },
  { id: "y22", store: "home-bilingual", kind: "follow-ups", turns: ["одеяла покажи", "а на лето полегче?"], expect: { first: "h07" } },
  { id: "y23", store: "demo", kind: "follow-ups", turns: ["tents?", "one just for me, how much"], lang: "en", expect: { first: "1015", says: [PRICE_17990] } },
  { id: "y24", store: "books-ru", kind: "follow-ups", turns: ["у Светловой что есть?", "а новая её в твёрдой есть?"], expect: { first: "b32", says: [[...SOLD_OUT_RU_ANY, "предзаказ"], "499"] } },

  // ── Orders: the order flow, pickup or tracking answer, no product list ──
  { id: "y25", store: "gadgets-bilingual", kind: "orders", turns: ["заберу сам, где вы находитесь и когда заказ будет готов?"], expect: { first: "gfaq-pickup", says: ["Бауманск"], noProducts: true } },
  { id: "y26", store: "kids-en", kind: "orders", turns: ["can i pick up my order at the riga shop instead? how soon"], expect: { first: "kfaq-pickup", says: [["Tērbatas", "Terbatas", "2 hours"]], noProducts: true } },
  { id: "y27", store: "beauty-ru", kind: "orders", turns: ["trek nomer tak i ne prishel, gde moya posylka?"], expect: { first: "cfaq-tracking", noProducts: true } },
  { id: "y28", store: "demo", kind: "orders", turns: ["ordered 4 days ago, no email no text, has it even shipped??"], expect: { first: "faq-tracking", noProducts: true } },
  { id: "y29", store: "pets-en", kind: "orders", turns: ["how do i skip or cancel my autoship order"], expect: { first: "pfaq-autoship", noProducts: true } },
  { id: "y30", store: "books-ru", kind: "orders", turns: ["самовывоз у вас есть? хочу забрать заказ сегодня"], expect: { first: "bfaq-pickup", says: ["Гороховой"], noProducts: true } },

  // ── Language: the shopper's language, whatever the page's or the shop's ──
  { id: "y31", store: "home-bilingual", kind: "language", turns: ["can you gift wrap it?"], lang: "ru", expect: { language: "en", first: "hfaq-gift", says: ["250"] } },
  { id: "y32", store: "beauty-ru", kind: "language", turns: ["are your products genuine, not fakes?"], lang: "ru", expect: { language: "en", first: "cfaq-authentic" } },
  { id: "y33", store: "kids-en", kind: "language", turns: ["подарочную упаковку делаете?"], lang: "en", expect: { language: "ru", first: "kfaq-gift-wrap", says: [["3,50", "3.50"]] } },
  { id: "y34", store: "beauty-ru", kind: "language", turns: ["how can I tell what skin type I have?"], lang: "ru", expect: { language: "en", first: "cfaq-skin-type" } },
  { id: "y35", store: "books-ru", kind: "language", turns: ["can I return an e-book if I didn't like it?"], lang: "ru", expect: { language: "en", first: "bpolicy-returns", says: [["cannot", "can't", "not returnable", "non-returnable", "not be returned", "aren't returnable", "are not returnable", "не подлежат"]] } },
  { id: "y36", store: "gadgets-bilingual", kind: "language", turns: ["а можно частями оплатить?"], lang: "en", expect: { language: "ru", first: "gfaq-payment", says: ["Долями"] } },

  // ── Leads: a lead confirmed without a product list or a second form; the form when a person is asked for ──
  { id: "y37", store: "gadgets-bilingual", kind: "leads", turns: ["Здрасте, я Марина из агентства, marina.k@example.ru, надо 25 чехлов на айфон с нашим логотипом, пришлите КП"], expect: { says: ["Марина"], noProducts: true, handoff: false } },
  { id: "y38", store: "pets-en", kind: "leads", turns: ["hi its Priya (priya.s@example.com), my dog got itchy after the oatmeal shampoo, can someone email me back"], expect: { says: ["Priya"], noProducts: true, handoff: false } },
  { id: "y39", store: "home-bilingual", kind: "leads", turns: ["дайте менеджера, бот не помогает"], expect: { handoff: true, noProducts: true, never: NOT_FOUND_RU } },
  { id: "y40", store: "kids-en", kind: "leads", turns: ["operator pls"], expect: { handoff: true, noProducts: true, never: NOT_FOUND_EN } },
  { id: "y41", store: "demo", kind: "leads", turns: ["Hi, Alex here, alex.t@example.com. Our school hiking club needs 15 headlamps, could you send a quote?"], lang: "en", expect: { says: ["Alex"], noProducts: true, handoff: false, language: "en" } },
  { id: "y42", store: "beauty-ru", kind: "leads", turns: ["меня зовут Алина, 8 921 444-55-66, хочу консультацию по уходу за проблемной кожей, перезвоните пожалуйста"], expect: { says: ["Алина"], noProducts: true, handoff: false } },

  // ── Right product: the one the need points to ──
  { id: "y43", store: "pets-en", kind: "right-product", turns: ["puppy pulls like crazy on walks, what helps"], expect: { first: "p16" } },
  { id: "y44", store: "home-bilingual", kind: "right-product", turns: ["гости придут, а вино пить не из чего"], expect: { first: "h21" } },
  { id: "y45", store: "beauty-ru", kind: "right-product", turns: ["кончики секутся, чем спасти"], expect: { first: "c31" } },
  { id: "y46", store: "gadgets-bilingual", kind: "right-product", turns: ["у ноута только usb-c, а монитор по hdmi, как подключить"], expect: { first: "g35" } },
  { id: "y47", store: "books-ru", kind: "right-product", turns: ["сыну 10 лет, любит дома опыты ставить, что почитать"], expect: { first: "b18" } },
  { id: "y48", store: "demo", kind: "right-product", turns: ["в походе воду из ручья пить, чем очистить"], expect: { anyOf: ["1040", "1041"], notItems: ["1024"] } },
];

/** Every question of the eval: the tune and held-out halves, the fresh set, the unseen set, then the second, third, fourth and fifth unseen sets. */
export const ALL_SHOPPER_QUESTIONS: ShopperQuestion[] = [...SHOPPER_QUESTIONS, ...FRESH_QUESTIONS, ...UNSEEN_QUESTIONS, ...UNSEEN2_QUESTIONS, ...UNSEEN3_QUESTIONS, ...UNSEEN4_QUESTIONS, ...UNSEEN5_QUESTIONS];
