import type { ContextChunk } from "./context";
import { isGreeting, isPolicyQuestion, isPriceQuestion, isShoppingQuestion } from "./intents";
import { hasAny, type CollectedData } from "./lead-fields";
import { formatPrice, parseAmount } from "./price-format";
import type { ShopProfile } from "./shop-profile";
import type { ListingRequest } from "./listing";
import { variantsOf, type ProductTexts, type VariantLine } from "./variants";
import { chooseVariantProduct, type VariantChoice } from "./variant-choice";
import { hasCyrillic, stem } from "~/knowledge/text";

export type ComposedKind = "products" | "passage" | "greeting" | "lead_ack" | "unknown";

export interface ComposedAnswer {
  kind: ComposedKind;
  text: string;
  /** The chunks the answer was built from, best first (its sources). */
  used: ContextChunk[];
}

export interface ComposeInput {
  message: string;
  language: "ru" | "en";
  /** Relevant chunks only, best first. */
  chunks: ContextChunk[];
  profile: ShopProfile;
  /** What the shopper shared this turn, to acknowledge it. */
  collected?: CollectedData;
  /** The text retrieval searched for (the message, or with the previous turn for a follow-up). */
  topic?: string;
  /** Every chunk text of the products in `chunks`, where the variant lines are (else the chunks' own texts). */
  productTexts?: ProductTexts;
}

const MAX_PRODUCTS = 3;

/**
 * The answer without a language model: extractive, from the best chunks. Products are listed
 * with name, price and link; a FAQ answer or the matching sentences of a policy are quoted;
 * when nothing relevant was found it says so and tells the shopper how to reach the store.
 */
export function composeOfflineAnswer(input: ComposeInput): ComposedAnswer {
  const t = TEXTS[input.language];
  const contactGiven = !!input.collected && hasAny(pickContact(input.collected));
  const acknowledgement = contactGiven ? `\n\n${t.thanksForContact(input.collected?.name)}` : "";

  const top = input.chunks[0];
  if (!top) {
    if (isGreeting(input.message)) return { kind: "greeting", text: t.greeting(input.profile.name, input.profile.assistantName), used: [] };
    if (contactGiven) return { kind: "lead_ack", text: t.leadOnly(input.collected?.name), used: [] };
    return { kind: "unknown", text: t.unknown(input.profile), used: [] };
  }

  const priceQuestion = isPriceQuestion(input.message);
  // What the message itself names before what the earlier turn it continues named («а Эльбрус есть?» after the Storm Pro).
  const named = uniqueItems([...productsNamedIn(input.message, input.chunks), ...productsNamedIn(input.topic ?? input.message, input.chunks)]);
  // "Can I return boots I already wore?": the returns policy answers, not the boots.
  const policy = isPolicyQuestion(input.message) ? input.chunks.find((chunk) => chunk.sourceType === "faq" || chunk.sourceType === "policy") : undefined;
  if (policy) return passageAnswer(policy, input.message, t, acknowledgement);
  // "Сколько стоит термос Арктика?" may rank the delivery FAQ first ("сколько стоит" matches it);
  // a price question that names a product is about that product. Likewise a shopper looking for
  // something ("Нужна тёплая куртка", "Do you have…") wants products even when a care or sizing
  // FAQ full of the same words ranks first.
  const shopping = isShoppingQuestion(input.message) && input.chunks.some((chunk) => chunk.sourceType === "product");
  const fallback = input.chunks.filter((chunk) => chunk.sourceType === "product");
  // "Storm Pro in XL?", "JKT-1042-M", «красный термос»: the asked variant, its own price and stock.
  const variantAsk = askedVariant(
    input.message,
    uniqueItems([...named, ...fallback]),
    (product) => input.productTexts?.get(product.sourceId) ?? input.chunks.filter((chunk) => chunk.sourceType === "product" && chunk.sourceId === product.sourceId).map((chunk) => chunk.text),
    named[0],
    !!named[0] && namedInFull(input.message, named[0]),
  );
  // «… 44 размер есть?»: whether a found product comes in the option the message names is a product question,
  // even when the sizing FAQ shares more of its words.
  const stockOfOption = asksStock(input.message) && !!variantAsk?.matched.length;
  if (top.sourceType === "product" || (priceQuestion && named.length > 0) || shopping || stockOfOption) {
    // An out-of-stock product is not recommended as if on sale; asked about by name, it is shown (and said to be out of stock).
    const offered = input.chunks.filter((chunk) => chunk.sourceType === "product" && !isOutOfStock(chunk));
    const askedFor = named.filter((chunk) => !isOutOfStock(chunk) || namedInFull(input.topic ?? input.message, chunk));
    if (variantAsk) return { kind: "products", text: variantText(variantAsk, input.language) + acknowledgement, used: [variantAsk.product] };
    const products = uniqueItems([...askedFor, ...(offered.length ? offered : fallback)]).slice(0, MAX_PRODUCTS);
    // «Река без берегов есть?», "is the Canvas Tote in stock?": the product the message names in full, and its stock said plainly.
    const stockOf = asksStock(input.message) ? askedFor.find((chunk) => namedClearly(input.message, chunk)) : undefined;
    if (stockOf) return { kind: "products", text: t.singleProduct({ ...describeProduct(stockOf, input.language), stockAsked: true }) + acknowledgement, used: [stockOf] };
    if (priceQuestion || products.length === 1) {
      return { kind: "products", text: t.singleProduct(describeProduct(products[0], input.language)) + acknowledgement, used: [products[0]] };
    }
    const lines = products.map((product) => t.productLine(describeProduct(product, input.language)));
    return { kind: "products", text: `${t.productsIntro}\n${lines.join("\n")}\n${t.productsOutro}${acknowledgement}`, used: products };
  }

  return passageAnswer(top, input.message, t, acknowledgement);
}

const LISTED_ITEMS = 5;

/** A shown item with the options it comes in, offered when a refinement by option finds nothing. */
export interface ListingAlternative {
  item: ContextChunk;
  variants: VariantLine[];
}

/**
 * A kind of product listed: how many there are, the first few with prices (in the order given),
 * or, for a refinement that leaves nothing, that nothing matches.
 */
export function composeListing(input: {
  request: ListingRequest;
  items: ContextChunk[];
  language: "ru" | "en";
  collected?: CollectedData;
  alternatives?: ListingAlternative[];
}): ComposedAnswer {
  const t = TEXTS[input.language];
  // The kind's name in the answer's language when the catalog has it in several ("куртки", "jackets").
  const label = input.request.labels?.find((name) => hasCyrillic(name) === (input.language === "ru")) ?? input.request.query;
  const acknowledgement = input.collected && hasAny(pickContact(input.collected)) ? `\n\n${t.thanksForContact(input.collected.name)}` : "";
  if (!input.items.length) {
    // No price here: the item shown last turn is not in this turn's context, so its price is not quotable.
    const top = input.request.shown?.top;
    const cheaper = input.request.constraint.order === "asc" && !!top;
    const alternatives = cheaper ? [] : (input.alternatives ?? []).slice(0, LISTED_ITEMS);
    if (alternatives.length) {
      // What the shopper asked for may be an option in another language or wording: the options there are, in stock or not.
      const lines = alternatives.map(({ item, variants }) => t.optionsLine(item.url ? `[${item.title}](${item.url})` : item.title, variants.map((variant) => (variant.available === false ? t.soldOutOption(variant.title) : variant.title))));
      return { kind: "products", text: `${t.listingNone(label)} ${t.optionsIntro}\n${lines.join("\n")}${acknowledgement}`, used: alternatives.map(({ item }) => item) };
    }
    return { kind: "products", text: t.listingNone(label, cheaper ? top : undefined) + acknowledgement, used: [] };
  }
  const shown = input.items.slice(0, LISTED_ITEMS);
  const lines = shown.map((item) => t.productLine(describeProduct(item, input.language)));
  return {
    kind: "products",
    text: `${t.listingIntro(label, input.items.length, shown.length)}\n${lines.join("\n")}\n${t.listingOutro}${acknowledgement}`,
    used: shown,
  };
}

/** A FAQ answer or the matching sentences of a policy, quoted with its link, after `intro`. */
export function quotePassage(chunk: ContextChunk, message: string, language: "ru" | "en", intro: string): ComposedAnswer {
  const answer = passageAnswer(chunk, message, TEXTS[language], "");
  return { ...answer, text: `${intro} ${answer.text}` };
}

function passageAnswer(chunk: ContextChunk, message: string, t: (typeof TEXTS)["ru" | "en"], acknowledgement: string): ComposedAnswer {
  const passage = bestPassage(chunk, message);
  const link = chunk.url ? ` ${t.moreAt(chunk.title, chunk.url)}` : "";
  const quoted = chunk.sourceType === "faq" ? "" : `${t.fromSection(chunk.title)} `;
  // The shop wrote this in the other language only: say so in the answer's, then quote it as written.
  const intro = writtenIn(passage) === t.otherLanguage.code ? `${t.otherLanguage.intro} ${quoted}` : quoted;
  return { kind: "passage", text: `${intro}${passage}${link}${acknowledgement}`, used: [chunk] };
}

/**
 * The variant of one of these products that the message names ("in XL?" after the harnesses), with
 * its own price and stock; undefined when it names none.
 */
export function composeVariantAnswer(input: { message: string; products: ContextChunk[]; productTexts: ProductTexts; language: "ru" | "en" }): ComposedAnswer | undefined {
  const ask = askedVariant(input.message, input.products, (product) => input.productTexts.get(product.sourceId) ?? [product.text]);
  return ask ? { kind: "products", text: variantText(ask, input.language), used: [ask.product] } : undefined;
}

/** The product (named ones first, then the one the message describes best) whose variants the message names (variant-choice.ts). */
function askedVariant(message: string, products: ContextChunk[], textsOf: (product: ContextChunk) => string[], named?: ContextChunk, namedInMessage = false): VariantChoice | undefined {
  const candidates = products.map((product) => {
    const texts = textsOf(product);
    return { product, texts, all: variantsOf(texts) };
  });
  return chooseVariantProduct(message, candidates, named, namedInMessage);
}

const MAX_VARIANT_LINES = 4;

function variantText(ask: VariantChoice, language: "ru" | "en"): string {
  const t = TEXTS[language];
  const money = (amount: number | undefined) => (amount === undefined ? undefined : formatPrice(amount, ask.product.currency, language));
  const lines = ask.matched.slice(0, MAX_VARIANT_LINES).map((variant) =>
    t.variantLine({
      title: variant.title,
      sku: variant.sku,
      price: money(variant.price ?? parseAmount(ask.product.price)),
      was: variant.compareAt !== undefined && variant.price !== undefined && variant.compareAt > variant.price ? money(variant.compareAt) : undefined,
      available: variant.available,
    }),
  );
  const parts = [t.variantIntro(ask.product.title), ...lines];
  if (!ask.matched.length) {
    // The product named has no such option: what it does come in, with prices, in stock first.
    const offered = [...ask.all].sort((a, b) => Number(b.available === true) - Number(a.available === true));
    parts.push(t.variantMissing(ask.values), t.variantsOffered(offered.slice(0, MAX_VARIANT_LINES).map((variant) => ({ title: variant.title, price: money(variant.price ?? parseAmount(ask.product.price)), available: variant.available }))));
  } else if (ask.matched.every((variant) => variant.available === false)) {
    // Sold out in what was asked: the variants that are on sale instead, never the sold-out ones,
    // with their prices when these are not the asked one's (the hardcover is not the paperback's
    // 380 ₽): one price for all when they share it, else each its own.
    const priceOf = (variant: (typeof ask.all)[number]) => variant.price ?? parseAmount(ask.product.price);
    const askedPrice = priceOf(ask.matched[0]);
    const onSale = ask.all.filter((variant) => variant.available === true);
    const prices = new Set(onSale.map(priceOf));
    const samePrice = prices.size === 1 ? [...prices][0] : undefined;
    const shared = prices.size === 1 && samePrice !== askedPrice ? money(samePrice) : undefined;
    const inStock = onSale.map((variant) => ({ title: variant.title, price: prices.size > 1 ? money(priceOf(variant)) : undefined }));
    parts.push(inStock.length ? t.variantsInStock(inStock, shared) : t.noVariantsInStock);
  }
  if (ask.product.url) parts.push(t.moreAt(ask.product.title, ask.product.url));
  return parts.join(" ");
}

/** Most of the product's name is in the text: the shopper asks about this very product. */
function namedInFull(text: string, chunk: ContextChunk): boolean {
  const stems = new Set(stemsOf(text));
  const titleStems = [...new Set(stemsOf(chunk.title))];
  return titleStems.filter((stem) => stems.has(stem)).length >= Math.ceil(titleStems.length * 0.75);
}

/** Named in full, or by three words of its name at least (a book's title without its author). */
function namedClearly(text: string, chunk: ContextChunk): boolean {
  const stems = new Set(stemsOf(text));
  return namedInFull(text, chunk) || new Set(stemsOf(chunk.title).filter((stem) => stems.has(stem))).size >= 3;
}

// A question about stock: «в наличии», «есть?», "available", "in stock" (general words, any product).
const STOCK_WORDS = /(?<!\p{L})(?:в\s+наличии|есть|available|in\s+stock)(?!\p{L})/iu;
function asksStock(message: string): boolean {
  return STOCK_WORDS.test(message);
}

function isOutOfStock(chunk: ContextChunk): boolean {
  return /\bOut of stock\b/.test(chunk.text) && !/\bIn stock\b/.test(chunk.text);
}

/** Splits a composed answer into word-sized tokens, so it streams like a model's answer. */
export function* tokensOf(text: string): Generator<string> {
  for (const match of text.matchAll(/\S+\s*|\s+/g)) yield match[0];
}

interface VariantFacts {
  title: string;
  sku?: string;
  price?: string;
  was?: string;
  available?: boolean;
}

interface ProductFacts {
  name: string;
  price?: string;
  url?: string;
  snippet?: string;
  outOfStock: boolean;
  /** The shopper asked whether it is in stock: say so when it is, too. */
  stockAsked?: boolean;
}

function describeProduct(chunk: ContextChunk, language: "ru" | "en"): ProductFacts {
  const amount = parseAmount(chunk.price);
  const body = bodyOf(chunk);
  // The header says "Name — 1 590 ₽ (was 1 990 ₽)" when the product is on sale (chunker.ts).
  const header = chunk.text.split("\n")[0];
  const was = header.includes(" (was ") ? parseAmount(header.slice(header.lastIndexOf(" (was ") + 6).split(")")[0]) : undefined;
  return {
    name: chunk.title,
    price: amount === undefined ? undefined : formatPrice(amount, chunk.currency, language) + (was !== undefined && amount !== undefined && was > amount ? TEXTS[language].sale(formatPrice(was, chunk.currency, language)) : ""),
    url: chunk.url ?? undefined,
    snippet: firstSentence(body),
    outOfStock: isOutOfStock(chunk),
  };
}

/** The language a passage is written in, by its letters; undefined when it mixes both (a bilingual FAQ). */
function writtenIn(text: string): "ru" | "en" | undefined {
  const cyrillic = text.match(/[\u0400-\u04ff]/gu)?.length ?? 0;
  const latin = text.match(/[a-z]/giu)?.length ?? 0;
  if (cyrillic + latin === 0) return undefined;
  const share = cyrillic / (cyrillic + latin);
  return share > 0.8 ? "ru" : share < 0.2 ? "en" : undefined;
}

const TEXTS = {
  ru: {
    greeting: (store: string, assistant?: string) => `Здравствуйте! Я ${assistant ? `${assistant}, ` : ""}помощник магазина «${store}». Помогу подобрать товар и отвечу на вопросы о доставке, оплате и возврате. Что вы ищете?`,
    unknown: (profile: ShopProfile) => {
      const contacts = contactLine(profile, "ru");
      return `К сожалению, я не нашёл ответа на этот вопрос в информации магазина «${profile.name}». ${
        contacts ? `Свяжитесь, пожалуйста, с магазином: ${contacts} — там обязательно помогут.` : "Оставьте, пожалуйста, email или телефон — сотрудник магазина свяжется с вами."
      }`;
    },
    leadOnly: (name?: string) => `Спасибо${name ? `, ${name}` : ""}! Я передал ваши контакты магазину — с вами свяжутся. Чем ещё могу помочь?`,
    thanksForContact: (name?: string) => `Спасибо${name ? `, ${name}` : ""}, я передал ваши контакты магазину.`,
    singleProduct: (p: ProductFacts) =>
      `«${p.name}»${p.price ? ` стоит ${p.price}` : ""}${p.outOfStock ? " (сейчас нет в наличии)" : p.stockAsked ? ", есть в наличии" : ""}.${p.snippet ? ` ${p.snippet}` : ""}${p.url ? ` Подробнее: [${p.name}](${p.url})` : ""}`,
    productLine: (p: ProductFacts) =>
      `- ${p.url ? `[${p.name}](${p.url})` : p.name}${p.price ? ` — ${p.price}` : ""}${p.outOfStock ? " (нет в наличии)" : ""}${p.snippet ? `. ${p.snippet}` : ""}`,
    productsIntro: "Вот что нашлось в каталоге:",
    productsOutro: "Рассказать подробнее о каком-нибудь из них?",
    fromSection: (title: string) => `Из раздела «${title}»:`,
    otherLanguage: { code: "en", intro: "Магазин отвечает на это по-английски:" },
    variantIntro: (name: string) => `«${name}»:`,
    listingIntro: (label: string, total: number, shown: number) =>
      `По запросу «${label}» в каталоге ${total} ${plural(total, "товар", "товара", "товаров")}${total > shown ? `, вот первые ${shown}` : ""}:`,
    listingOutro: "Показать подешевле или рассказать подробнее о каком-нибудь из них?",
    listingNone: (label: string, cheaperThan?: string) =>
      cheaperThan ? `Дешевле, чем «${cheaperThan}», по запросу «${label}» в каталоге ничего нет — это самый недорогой вариант.` : `По этому уточнению среди «${label}» ничего не нашлось.`,
    optionsIntro: "Вот в каких вариантах они есть:",
    optionsLine: (name: string, options: string[]) => `- ${name}: ${options.join(", ")}`,
    soldOutOption: (title: string) => `${title} (нет в наличии)`,
    sale: (was: string) => ` (скидка, было ${was})`,
    variantLine: (v: VariantFacts) =>
      `вариант «${v.title}»${v.sku ? ` (артикул ${v.sku})` : ""}${v.price ? ` — ${v.price}` : ""}${v.was ? ` по скидке, обычная цена ${v.was}` : ""}${
        v.available === true ? ", есть в наличии" : v.available === false ? ", сейчас нет в наличии" : ""
      }.`,
    variantsInStock: (variants: VariantFacts[], shared?: string) => `В наличии: ${variants.map((v) => `${v.title}${v.price ? ` — ${v.price}` : ""}`).join(", ")}${shared ? ` — ${variants.length > 1 ? "по " : ""}${shared}` : ""}.`,
    noVariantsInStock: "Других вариантов сейчас тоже нет в наличии.",
    variantMissing: (values: string[]) => `${values.length > 1 ? "вариантов" : "варианта"} ${values.map((value) => `«${value}»`).join(", ")} у этого товара нет.`,
    variantsOffered: (variants: VariantFacts[]) =>
      `Он есть в вариантах: ${variants.map((v) => `«${v.title}»${v.price ? ` — ${v.price}` : ""}${v.available === false ? " (нет в наличии)" : ""}`).join(", ")}.`,
    moreAt: (title: string, url: string) => `Подробнее: [${title}](${url})`,
  },
  en: {
    greeting: (store: string, assistant?: string) => `Hello! I'm ${assistant ? `${assistant}, ` : ""}the shopping assistant for ${store}. I can help you find a product and answer questions about shipping, payment and returns. What are you looking for?`,
    unknown: (profile: ShopProfile) => {
      const contacts = contactLine(profile, "en");
      return `Sorry, I couldn't find the answer to that in ${profile.name}'s information. ${
        contacts ? `Please contact the store: ${contacts} — they'll be happy to help.` : "Leave your email or phone number and someone from the store will get back to you."
      }`;
    },
    leadOnly: (name?: string) => `Thank you${name ? `, ${name}` : ""}! I've passed your details to the store and they'll get back to you. Anything else I can help with?`,
    thanksForContact: (name?: string) => `Thank you${name ? `, ${name}` : ""}, I've passed your details to the store.`,
    singleProduct: (p: ProductFacts) =>
      `${p.name}${p.price ? ` costs ${p.price}` : ""}${p.outOfStock ? " (currently out of stock)" : p.stockAsked ? ", in stock" : ""}.${p.snippet ? ` ${p.snippet}` : ""}${p.url ? ` More: [${p.name}](${p.url})` : ""}`,
    productLine: (p: ProductFacts) =>
      `- ${p.url ? `[${p.name}](${p.url})` : p.name}${p.price ? ` — ${p.price}` : ""}${p.outOfStock ? " (out of stock)" : ""}${p.snippet ? `. ${p.snippet}` : ""}`,
    productsIntro: "Here's what I found in the catalogue:",
    productsOutro: "Would you like more details about any of them?",
    fromSection: (title: string) => `From "${title}":`,
    otherLanguage: { code: "ru", intro: "The store answers this in Russian:" },
    variantIntro: (name: string) => `${name}:`,
    listingIntro: (label: string, total: number, shown: number) =>
      `The catalogue has ${total} ${total === 1 ? "item" : "items"} for "${label}"${total > shown ? `; here are the first ${shown}` : ""}:`,
    listingOutro: "Would you like something cheaper, or more details about any of them?",
    listingNone: (label: string, cheaperThan?: string) =>
      cheaperThan ? `Nothing for "${label}" in the catalogue is cheaper than ${cheaperThan}: it is the least expensive one.` : `Nothing for "${label}" matches that.`,
    optionsIntro: "Here are the options they come in:",
    optionsLine: (name: string, options: string[]) => `- ${name}: ${options.join(", ")}`,
    soldOutOption: (title: string) => `${title} (out of stock)`,
    sale: (was: string) => ` (on sale, was ${was})`,
    variantLine: (v: VariantFacts) =>
      `"${v.title}"${v.sku ? ` (SKU ${v.sku})` : ""}${v.price ? ` costs ${v.price}` : ""}${v.was ? ` on sale, down from ${v.was}` : ""}${
        v.available === true ? ", in stock" : v.available === false ? ", currently out of stock" : ""
      }.`,
    variantsInStock: (variants: VariantFacts[], shared?: string) => `In stock: ${variants.map((v) => `${v.title}${v.price ? ` for ${v.price}` : ""}`).join(", ")}${shared ? ` — ${shared}${variants.length > 1 ? " each" : ""}` : ""}.`,
    noVariantsInStock: "No other option is in stock right now either.",
    variantMissing: (values: string[]) => `it does not come in ${values.map((value) => `"${value}"`).join(" or ")}.`,
    variantsOffered: (variants: VariantFacts[]) =>
      `It comes in: ${variants.map((v) => `"${v.title}"${v.price ? ` for ${v.price}` : ""}${v.available === false ? " (out of stock)" : ""}`).join(", ")}.`,
    moreAt: (title: string, url: string) => `More: [${title}](${url})`,
  },
} as const;

function plural(n: number, one: string, few: string, many: string): string {
  const tens = n % 100;
  const units = n % 10;
  if (tens >= 11 && tens <= 14) return many;
  if (units === 1) return one;
  return units >= 2 && units <= 4 ? few : many;
}

export function contactLine(profile: ShopProfile, language: "ru" | "en"): string {
  const parts: string[] = [];
  if (profile.contactEmail) parts.push(profile.contactEmail);
  if (profile.contactPhone) parts.push(profile.contactPhone);
  if (profile.contactUrl) parts.push(language === "ru" ? `страница контактов ${profile.contactUrl}` : `the contact page ${profile.contactUrl}`);
  if (parts.length && profile.contactHours) parts.push(language === "ru" ? `часы работы: ${profile.contactHours}` : `hours: ${profile.contactHours}`);
  return parts.join(", ");
}

function pickContact(data: CollectedData): CollectedData {
  return { name: data.name, email: data.email, phone: data.phone };
}

/** The chunk without its header line (the title, or "name — price" for products). */
function bodyOf(chunk: ContextChunk): string {
  const [first, ...rest] = chunk.text.split("\n");
  const header = first.trim();
  return (header === chunk.title.trim() || header.startsWith(chunk.title.trim()) ? rest.join("\n") : chunk.text).trim();
}

function firstSentence(text: string, maxChars = 180): string | undefined {
  const description = text.split("Variants:\n")[0];
  const paragraph = description
    .split(/\n/)
    .map((line) => line.trim())
    .find((line) => /\p{L}{3,}/u.test(line) && !/^(?:Brand|SKU|Tags|Variants):/.test(line) && !/^- .* — /.test(line));
  if (!paragraph) return undefined;
  const sentence = paragraph.match(/^.+?[.!?…](?=\s|$)/u)?.[0] ?? paragraph;
  return sentence.length > maxChars ? `${withoutLastWord(sentence.slice(0, maxChars))}…` : sentence.replace(/[.!?…]?$/, ".");
}

/** "a cut wor" -> "a cut"; a loop because /\s+\S*$/ retries every space of a long run (quadratic). */
function withoutLastWord(text: string): string {
  let end = text.length;
  while (end > 0 && !/\s/.test(text[end - 1])) end--;
  return end === 0 ? text : text.slice(0, end).trimEnd();
}

function uniqueItems(chunks: ContextChunk[]): ContextChunk[] {
  const seen = new Set<string>();
  return chunks.filter((chunk) => {
    const key = `${chunk.sourceType}:${chunk.sourceId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The sentences of a FAQ answer or policy that share the most words with the question. */
function bestPassage(chunk: ContextChunk, question: string, maxChars = 600): string {
  const body = bodyOf(chunk) || chunk.text;
  if (body.length <= maxChars) return body.split("\n").map((line) => line.trim()).filter(Boolean).join("\n");
  const sentences = body.split(/(?<=[.!?…])\s+|\n+/u).map((sentence) => sentence.trim()).filter(Boolean);
  const stems = new Set(stemsOf(question));
  const scored = sentences.map((sentence, index) => ({ sentence, index, score: stemsOf(sentence).filter((stem) => stems.has(stem)).length }));
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen: typeof scored = [];
  let length = 0;
  for (const candidate of ranked) {
    if (length + candidate.sentence.length > maxChars && chosen.length > 0) continue;
    chosen.push(candidate);
    length += candidate.sentence.length + 1;
    if (chosen.length >= 4) break;
  }
  return chosen
    .sort((a, b) => a.index - b.index)
    .map((item) => item.sentence)
    .join(" ");
}

// A crude stem (first five letters) is enough to match "доставки" with "доставка", "returns" with "return".
function stemsOf(text: string): string[] {
  // Endings off before the cut: «Анны» and «Анна» are one name, as «Карениной» and «Каренина» are.
  return (text.toLowerCase().match(/\p{L}{3,}/gu) ?? []).map((word) => stem(word).slice(0, 5));
}

/**
 * Products the text names: at least two of the title's distinctive stems, or all of them when
 * the title has just one ("Палатка Эльбрус 3" needs "палат" and "эльбр"). Best match first.
 */
function productsNamedIn(text: string, chunks: ContextChunk[]): ContextChunk[] {
  const stems = new Set(stemsOf(text));
  const foreign = new Set(otherScriptWords(text).flatMap(stemsOf));
  const products = uniqueItems(chunks.filter((chunk) => chunk.sourceType === "product"));
  const titles = products.map((chunk) => new Set(stemsOf(chunk.title)));
  // A title word other found products share ("Sleeping Bag" of two sleeping bags) is the kind's name, not this product's:
  // "what sleeping bag for winter?" names no one of them.
  const shared = (stem: string) => titles.filter((title) => title.has(stem)).length > 1;
  return products
    .map((chunk, index) => {
      const titleStems = [...titles[index]];
      const matched = titleStems.filter((stem) => stems.has(stem));
      const hits = matched.length;
      // A word in the other script than the message's («дождевик Puddle», "the Арктика thermos") is a name: one names the product.
      const byName = titleStems.some((stem) => foreign.has(stem));
      const share = hits / Math.max(1, titleStems.length);
      // Its whole title still names it («Стражи Неба. Том 2» beside «… Том 1»: the number is no stem).
      const distinct = share === 1 || matched.some((stem) => !shared(stem));
      return { chunk, hits, share, named: (hits >= Math.min(2, titleStems.length) && hits > 0 && distinct) || byName };
    })
    .filter((entry) => entry.named)
    .sort((a, b) => b.share - a.share || b.hits - a.hits)
    .map((entry) => entry.chunk);
}

/** The words of the text written in the other script than most of its words (Latin in a Russian message, Cyrillic in an English one). */
function otherScriptWords(text: string): string[] {
  const words = text.match(/\p{L}{3,}/gu) ?? [];
  const cyrillic = words.filter((word) => hasCyrillic(word));
  const latin = words.filter((word) => !hasCyrillic(word));
  if (cyrillic.length === latin.length) return [];
  return cyrillic.length > latin.length ? latin : cyrillic;
}
