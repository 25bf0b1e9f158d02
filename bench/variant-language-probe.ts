/**
 * Systematic probes of the offline chat path by FORM, not by question (issue 19, round 3): for every
 * product of the five eval stores with several variants, each variant asked for in many wordings and
 * in the language opposite to the page's; for every product, a price question in each language on the
 * other language's page. Counts how many asks of each form fail, and why.
 *
 *   PALOMPY_SHARED_DIR=../shared sh scripts/node22.sh tsx bench/variant-language-probe.ts [--show FORM] [--limit N]
 *
 * Colours are also asked in the other language than the catalog's ("in black" of «Чёрный»).
 *
 * Checks per ask: the asked product is the first source; the variant's own price is said; its stock is
 * said plainly (sold out -> "out of stock" and an in-stock variant of it named, when there is one); the
 * reply's language is the message's; the assistant's own words carry no letters of the other script
 * (the catalog's words — titles, variant titles, descriptions, tags — are taken out first).
 */
import { randomUUID } from "node:crypto";
import { answerTurn, type ChatDependencies } from "~/chat/answer.server";
import type { ChatReply } from "~/chat/events";
import { openDatabase, type Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { retrieve, retrieveAll } from "~/knowledge/retrieve.server";
import { importStore } from "./eval/shoppers/run-eval";
import type { StoreKey } from "./eval/shoppers/questions";
import { SHOPPER_STORES } from "./eval/shoppers/stores";
import type { StorePayload } from "./eval/shoppers/compact";

type Product = StorePayload["products"][number];
type Variant = Product["variants"][number];
type Lang = "ru" | "en";

interface Ask {
  form: string;
  turns: string[];
  page: Lang;
  language: Lang;
  product: Product;
  variant?: Variant;
}

const embedder = new LocalHashEmbedder();
const args = process.argv.slice(2);
const show = args.includes("--show") ? args[args.indexOf("--show") + 1] : undefined;
const limit = args.includes("--limit") ? Number(args[args.indexOf("--limit") + 1]) : 6;
const reasonFilter = args.includes("--reason") ? args[args.indexOf("--reason") + 1] : undefined;
const storeFilter = args.includes("--store") ? args[args.indexOf("--store") + 1] : undefined;

const opposite = (lang: Lang): Lang => (lang === "ru" ? "en" : "ru");
const cyr = (text: string) => /[\u0400-\u04ff]/u.test(text);

function variantAsks(product: Product): Ask[] {
  const asks: Ask[] = [];
  if ((product.variants ?? []).length < 2) return asks;
  const name = product.name;
  for (const variant of product.variants) {
    const option = variant.title;
    const lower = option.toLowerCase();
    const push = (form: string, turns: string[], language: Lang) => asks.push({ form, turns, page: opposite(language), language, product, variant });
    push("ru: Есть {name} в {option}?", [`Есть ${name} в ${lower}?`], "ru");
    push("ru: {name} {option} сколько стоит?", [`${name} ${option} сколько стоит?`], "ru");
    push("en: Do you have the {name} in {option}?", [`Do you have the ${name} in ${option}?`], "en");
    push("en: how much is {name} {option}", [`how much is ${name} ${lower}`], "en");
    if (variant.sku !== product.sku) {
      push("ru: {sku} есть в наличии?", [`${variant.sku} есть в наличии?`], "ru");
      push("en: Is {sku} in stock?", [`Is ${variant.sku} in stock?`], "en");
      push("ru: артикул {sku} сколько стоит", [`артикул ${variant.sku.toLowerCase()} сколько стоит`], "ru");
    }
    push("ru follow-up: Сколько стоит {name}? / а {option} есть?", [`Сколько стоит ${name}?`, `а ${lower} есть?`], "ru");
    push("en follow-up: How much is the {name}? / got it in {option}?", [`How much is the ${name}?`, `got it in ${lower}?`], "en");
    push("ru follow-up: {name} / {option} в наличии?", [`${name}`, `${option} в наличии?`], "ru");
    push("en follow-up: {name} / is {option} available?", [`${name}`, `is ${option} available?`], "en");
  }
  return asks;
}

// The probe's own colour words (English, Russian nominative; ё as written in catalogs), to ask for a colour in the other language.
const PROBE_COLOURS: [string, string][] = [
  ["black", "чёрный"], ["white", "белый"], ["red", "красный"], ["blue", "синий"], ["green", "зелёный"], ["yellow", "жёлтый"],
  ["pink", "розовый"], ["grey", "серый"], ["brown", "коричневый"], ["orange", "оранжевый"], ["beige", "бежевый"], ["lavender", "лавандовый"],
  ["mint", "мятный"], ["lime", "лаймовый"], ["sand", "песочный"], ["graphite", "графитовый"], ["khaki", "хаки"],
];
const ruStem = (word: string) => word.toLowerCase().replace(/ё/g, "е").slice(0, -2);

function colourAsks(product: Product): Ask[] {
  const asks: Ask[] = [];
  if ((product.variants ?? []).length < 2) return asks;
  for (const variant of product.variants) {
    const title = variant.title.toLowerCase().replace(/ё/g, "е");
    const english = PROBE_COLOURS.find(([, ru]) => title.length > 3 && ruStem(ru) === title.slice(0, ruStem(ru).length) && title.length - ruStem(ru).length <= 3)?.[0];
    const russian = PROBE_COLOURS.find(([en]) => en === title)?.[1];
    const push = (form: string, turns: string[], language: Lang) => asks.push({ form, turns, page: opposite(language), language, product, variant });
    if (english) {
      push("colour en of a Russian option: Do you have the {name} in {black}?", [`Do you have the ${product.name} in ${english}?`], "en");
      push("colour en follow-up: {name} / got it in {black}?", [`How much is the ${product.name}?`, `got it in ${english}?`], "en");
    }
    if (russian) {
      push("colour ru of an English option: {name} {чёрный} есть?", [`${product.name} ${russian} есть?`], "ru");
      push("colour ru follow-up: Сколько стоит {name}? / а {чёрный} есть?", [`Сколько стоит ${product.name}?`, `а ${russian} есть?`], "ru");
    }
  }
  return asks;
}

function productAsks(product: Product): Ask[] {
  return [
    { form: "lang ru on en page: Сколько стоит {name}?", turns: [`Сколько стоит ${product.name}?`], page: "en", language: "ru", product },
    { form: "lang en on ru page: How much is {name}?", turns: [`How much is ${product.name}?`], page: "ru", language: "en", product },
    { form: "lang ru on en page: {name} есть в наличии?", turns: [`${product.name} есть в наличии?`], page: "en", language: "ru", product },
    { form: "lang en on ru page: is {name} in stock?", turns: [`is ${product.name} in stock?`], page: "ru", language: "en", product },
  ];
}

const digits = (price: string) => (Number(price) % 1 ? Number(price).toFixed(2) : String(Number(price))).replace(".", "");
const flat = (text: string) => text.replace(/[\s\u00A0\u202F,.]/g, "");

/** The answer without the catalog's own words, so what remains is what the assistant wrote itself. */
function ownWords(answer: string, catalog: StorePayload): string {
  let text = answer.replace(/\]\([^)]*\)/g, "]");
  const pieces = catalog.products.flatMap((p) => [p.name, ...(p.variants ?? []).map((v) => v.title), ...p.tags, ...p.description.split(/(?<=[.!?])\s+/u)]);
  pieces.push(...catalog.faq.flatMap((f) => [f.question, ...f.answer.split(/(?<=[.!?])\s+/u)]), ...catalog.policies.flatMap((p) => [p.title, ...p.content.split(/(?<=[.!?])\s+/u)]));
  for (const piece of pieces.filter((p) => p.length > 1).sort((a, b) => b.length - a.length)) text = text.split(piece).join(" ");
  // A description cut short ("…") and the currency sign are the catalog's too.
  return text.replace(/[^.!?\n]*…/gu, " ").replace(/₽|руб/gu, " ");
}

function check(ask: Ask, reply: ChatReply, catalog: StorePayload): string[] {
  const failed: string[] = [];
  const answer = reply.answer.replace(/[\u00A0\u202F]/g, " ");
  const lower = answer.toLowerCase();
  if (reply.sources[0]?.id !== ask.product.id) failed.push("first");
  if (reply.language !== ask.language) failed.push("language");
  const own = ownWords(answer, catalog);
  if (ask.language === "en" ? cyr(own) : /[a-z]{3,}/iu.test(own.replace(/[\w.-]+@[\w.-]+/g, "").replace(/\b[A-Z0-9-]{3,}\b/g, ""))) failed.push("own words in other script");
  const soldOutSaid = ask.language === "ru" ? /нет в наличии|распродан|закончил/u.test(lower) : /out of stock|sold out/u.test(lower);
  if (ask.variant) {
    if (!flat(answer).includes(digits(ask.variant.price))) failed.push("variant price");
    if (!answer.includes(ask.variant.title) && !lower.includes(ask.variant.title.toLowerCase())) failed.push("variant named");
    const inStockSaid = ask.language === "ru" ? /(?<!нет )в наличии|есть в наличии/u.test(lower) : /(?<!out of )\bin stock\b|available/u.test(lower);
    if (ask.variant.available) {
      if (!inStockSaid) failed.push("in stock said");
    } else {
      if (!soldOutSaid) failed.push("sold out said");
      const alternatives = ask.product.variants.filter((v) => v.available);
      if (alternatives.length && !alternatives.some((v) => answer.includes(v.title))) failed.push("in-stock alternative");
    }
  } else {
    if (!flat(answer).includes(digits(ask.product.price))) failed.push("price");
    if (!ask.product.available && !soldOutSaid) failed.push("sold out said");
  }
  return failed;
}

async function ask(db: Database, shop: { id: string; name: string; settings: unknown }, turns: string[], lang: Lang): Promise<ChatReply> {
  const deps: ChatDependencies = {
    prisma: db.prisma,
    retrieve: (query, options) => retrieve(db.prisma, embedder, shop.id, query, options),
    retrieveAll: (requests) => retrieveAll(db.prisma, embedder, shop.id, requests),
    similarityThreshold: 0.15,
    contextTokenBudget: 1_800,
    conversationIdleHours: 24,
  };
  const sessionId = randomUUID();
  let reply: ChatReply | undefined;
  for (const message of turns) {
    for await (const event of answerTurn(deps, { shop, sessionId, message, lang })) if (event.type === "done") reply = event.reply;
  }
  return reply!;
}

const db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
interface FormRow {
  n: number;
  failed: number;
  reasons: Map<string, number>;
  examples: string[];
}
const byForm = new Map<string, FormRow>();
/** The stores written for the sealed sets (unseen2, unseen3): probing their catalogs would tune on them. */
const SEALED_STORES = new Set<StoreKey>(["kids-en", "beauty-ru"]);
try {
  for (const key of Object.keys(SHOPPER_STORES) as StoreKey[]) {
    if ((storeFilter && key !== storeFilter) || (!storeFilter && SEALED_STORES.has(key))) continue;
    const store = SHOPPER_STORES[key];
    const shop = await importStore(db, key);
    const asks = store.payload.products.flatMap((product) => [...variantAsks(product), ...colourAsks(product), ...productAsks(product)]);
    for (const entry of asks) {
      const reply = await ask(db, shop, entry.turns, entry.page);
      const failed = check(entry, reply, store.payload);
      const row: FormRow = byForm.get(entry.form) ?? { n: 0, failed: 0, reasons: new Map(), examples: [] };
      row.n++;
      if (failed.length) {
        row.failed++;
        for (const reason of failed) row.reasons.set(reason, (row.reasons.get(reason) ?? 0) + 1);
        if (row.examples.length < limit && (!reasonFilter || failed.includes(reasonFilter))) row.examples.push(`[${key}] ${entry.turns.join(" / ")} (page ${entry.page}) -> ${failed.join(", ")}\n      ${reply.answer.replace(/\n/g, " ⏎ ").slice(0, 400)}`);
      }
      byForm.set(entry.form, row);
    }
  }
} finally {
  await db.close();
}
let total = 0;
let totalFailed = 0;
for (const [form, row] of byForm) {
  total += row.n;
  totalFailed += row.failed;
  const reasons = [...row.reasons].sort((a, b) => b[1] - a[1]).map(([reason, count]) => `${reason} ${count}`).join(", ");
  console.log(`${String(row.failed).padStart(4)} / ${String(row.n).padEnd(4)} ${form}${reasons ? `   [${reasons}]` : ""}`);
  if (show && form.includes(show)) for (const example of row.examples) console.log(`    ${example}`);
}
console.log(`${String(totalFailed).padStart(4)} / ${total} failed in all`);
