import { describe, expect, it } from "vitest";
import type { ContextChunk } from "~/chat/context";
import { isFollowUp, retrievalQuery, withoutContactDetails } from "~/chat/conversation.server";
import { findPrices, guardPrices, splitSentences as splitAnswerSentences } from "~/chat/guardrails/prices";
import { classifyScope } from "~/chat/guardrails/scope";
import { asksForPerson } from "~/chat/handoff-intent";
import { isGreeting, isOrderStatusQuestion, isPolicyQuestion, isPriceQuestion, isShoppingQuestion, isTrivia, priceConstraint } from "~/chat/intents";
import { detectLanguage } from "~/chat/language";
import { extractLeadFields } from "~/chat/lead-extractor";
import { composeOfflineAnswer, tokensOf } from "~/chat/offline-composer";
import { buildContextMessage } from "~/chat/prompt";
import { shopProfile } from "~/chat/shop-profile";
import { understandByRules } from "~/chat/understand";
import { loadConfig } from "~/config.server";
import { bearerTokenOf } from "~/http/admin-auth.server";
import { numericAttributes } from "~/knowledge/attributes";
import { chunkText, splitSentences as splitKnowledgeSentences } from "~/knowledge/chunker";
import { csvToImportPayload } from "~/knowledge/csv-payload";
import { htmlToPlainText } from "~/knowledge/html-to-text";
import { MAX_ANSWER_LENGTH, MAX_CONTENT_LENGTH, MAX_DESCRIPTION_LENGTH } from "~/knowledge/payload";
import { identifierTokens } from "~/knowledge/retrieve.server";
import { contentWords } from "~/knowledge/text";
import { maskPersonalData } from "~/log.server";

/**
 * Every function that runs regular expressions over outside input, fed strings built to make a
 * backtracking pattern take polynomial time, at the longest length that input can have. A linear
 * pattern handles them in well under a millisecond per kilobyte; the order-number pattern this
 * guards against took 10.9 s on 456 characters. The bound is generous for a loaded 2-core CI and
 * still a thousand times below the bug: it is a bound, not a benchmark.
 */
const BOUND_MS = 50;
/** Texts of tens of kilobytes pass through linear work (HTML parsing, chunking) that costs more per call. */
const BOUND_LONG_TEXT_MS = 250;

const CHAT_MAX = loadConfig({ NODE_ENV: "test" }).chat.maxMessageChars;
/** Node's default limit on the request head: no header or path is longer. */
const HEADER_MAX = 16 * 1024;
const LOG_LINE_MAX = 64 * 1024;

const SPACES = [" ", "\t", "\u00a0", "\n", "\u3000", " \t"];
const PREFIXES = [
  "order", "Order number", "order #", "order no.", "my order is", "заказ", "Заказа", "номер заказа", "мой заказ", "заказ №", "#", "№",
  "my name is", "меня зовут", "моё имя", "I'm", "это", "call me", "Bearer", "bearer", "до", "under", "less than", "от", "over", "$", "руб",
  "ignore", "ignore all", "игнорируй", "отмени", "покажи", "покажи свои", "системный", "write", "напиши", "юридический", "diagnos",
  "привет", "hi", "а сколько", "цена", "<item", "</store_data", "<a", "<!--", "[", "[a](", "**", "&#", "+7", "8 (", "1", "1.", "a@", "a@b", "\"", "«",
];
const REPEATED = [
  "order ", "заказ", "заказб", "заказ ", "#1", "№1", "a@", "@a", "a.", "-", ".", "!", "!\"", "\"", "»", "[(", "[a](", "**a", "<ITEM<U", "<a", "--<A", "&#1",
  "цена'", "привет", "hi ", "bypass all ", "ignore previous ", "отменип", "игнорируй ", "какойджёлсвоёпс", "кюридическа", "1 ", "1-", "1.", "(1)", "+1 ", "1\u00a0",
  "/", "[0]", "a", "я", "0", "a-", "a.b", "до 1 ", "$1 ", "1 кг ", "1kg", "1,", "1 000 ", "мое имя ", "my name is ", "x\n", "a,", "\"a\",", "|",
];

/** The attack strings for one length: runs, prefixed runs, repeated fragments, each with a failing end. */
function attacks(length: number): string[] {
  const out: string[] = [];
  const fill = (unit: string, room: number) => unit.repeat(Math.max(0, Math.floor(room / unit.length)));
  for (const space of SPACES) {
    out.push(fill(space, length));
    for (const prefix of PREFIXES) {
      const body = fill(space, length - prefix.length - 1);
      out.push(`${prefix}${body}x`, `${prefix}${body}`);
    }
  }
  for (const unit of REPEATED) out.push(fill(unit, length), `${fill(unit, length - 2)}\u0000x`, `${fill(unit, length - 1)}\n`);
  out.push(`a${fill("@a", length - 1)}`, `${fill("1", length - 1)}x`, `#${fill("1", length - 1)}`, fill("1 ", length), `+${fill("1(", length - 1)}`);
  return out;
}

/** The call's time; a slow one is repeated and the fastest counts, so a GC pause or a busy core is no failure. */
function timeOf(run: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
    if (best <= BOUND_MS) break;
  }
  return best;
}

const profile = shopProfile({ name: "Shop", settings: {} });
const chunk = (text: string) =>
  ({ sourceType: "policy", sourceId: "p1", title: "Returns", url: "https://shop.example/returns", price: null, currency: null, text, score: 1 }) as unknown as ContextChunk;

interface Target {
  name: string;
  maxLength: number;
  boundMs: number;
  run: (input: string) => unknown;
}

const chatTargets: Array<[string, (message: string) => unknown]> = [
  ["lead extraction", extractLeadFields],
  ["greeting", isGreeting],
  ["shopping question", isShoppingQuestion],
  ["price question", isPriceQuestion],
  ["policy question", isPolicyQuestion],
  ["order status question", isOrderStatusQuestion],
  ["price constraint", priceConstraint],
  ["trivia", isTrivia],
  ["understanding by rules", (message) => understandByRules(message, [{ message: "a warm jacket", answer: "Our down jacket.", sources: [], state: {}, language: "en" }])],
  ["language detection", (message) => detectLanguage(message, { lang: "en" })],
  ["scope guard", classifyScope],
  ["handoff request", asksForPerson],
  ["follow-up", isFollowUp],
  ["contact details removal", withoutContactDetails],
  ["retrieval query", (message) => retrievalQuery(message, [{ message: "a warm jacket", answer: "Our down jacket.", sources: [], state: {}, language: "en" }])],
  ["identifier tokens", identifierTokens],
  ["content words", contentWords],
  ["numeric attributes", numericAttributes],
  ["offline answer", (message) => composeOfflineAnswer({ message, language: "en", chunks: [chunk(message)], profile })],
  ["tokens of", (message) => [...tokensOf(message)]],
];

const TARGETS: Target[] = [
  ...chatTargets.map(([name, run]) => ({ name: `chat: ${name}`, maxLength: CHAT_MAX, boundMs: BOUND_MS, run })),
  // The model's answer is checked sentence by sentence (price guard) before it reaches the shopper.
  { name: "answer: price mentions", maxLength: 8_000, boundMs: BOUND_MS, run: findPrices },
  { name: "answer: price guard", maxLength: 8_000, boundMs: BOUND_LONG_TEXT_MS, run: (text) => guardPrices(text, { allowed: [10], items: [{ title: "Jacket", price: 10, display: "$10" }] }) },
  { name: "answer: sentences", maxLength: 8_000, boundMs: BOUND_MS, run: splitAnswerSentences },
  // Imported knowledge (JSON, CSV, Shopify, WooCommerce): texts at their schema limits.
  { name: "import: description attributes", maxLength: MAX_DESCRIPTION_LENGTH, boundMs: BOUND_LONG_TEXT_MS, run: numericAttributes },
  { name: "import: html to text", maxLength: MAX_CONTENT_LENGTH, boundMs: BOUND_LONG_TEXT_MS, run: htmlToPlainText },
  { name: "import: sentences", maxLength: MAX_CONTENT_LENGTH, boundMs: BOUND_LONG_TEXT_MS, run: splitKnowledgeSentences },
  { name: "import: chunking", maxLength: MAX_ANSWER_LENGTH, boundMs: BOUND_LONG_TEXT_MS, run: (text) => chunkText(text, { budget: 220, overlap: 30 }) },
  { name: "import: CSV", maxLength: MAX_CONTENT_LENGTH, boundMs: BOUND_LONG_TEXT_MS, run: (text) => csvToImportPayload(`type,id,description\nproduct,p1,"${text.replaceAll('"', '""')}"\n${text}`) },
  { name: "prompt: store data", maxLength: MAX_CONTENT_LENGTH, boundMs: BOUND_LONG_TEXT_MS, run: (text) => buildContextMessage([chunk(text)]) },
  // Request heads and the log lines that carry them.
  { name: "header: bearer token", maxLength: HEADER_MAX, boundMs: BOUND_MS, run: (value) => bearerTokenOf(new Request("http://127.0.0.1/", { headers: { authorization: value.replace(/[^\t\x20-\xff]/g, " ") } })) },
  { name: "log: masking", maxLength: HEADER_MAX, boundMs: BOUND_MS, run: maskPersonalData },
  { name: "log: masking", maxLength: LOG_LINE_MAX, boundMs: BOUND_LONG_TEXT_MS, run: maskPersonalData },
];

describe("regular expressions over outside input stay fast on adversarial strings at full length", () => {
  it("the chat limit is the configured one", () => {
    expect(CHAT_MAX).toBe(2_000);
  });

  for (const target of TARGETS) {
    it(`${target.name} (${target.maxLength.toLocaleString("en")} characters)`, () => {
      const slow: string[] = [];
      for (const input of attacks(target.maxLength)) {
        const ms = timeOf(() => target.run(input));
        if (ms > target.boundMs) slow.push(`${ms.toFixed(0)} ms: ${JSON.stringify(input.slice(0, 24))}… (${input.length} chars)`);
      }
      expect(slow).toEqual([]);
    });
  }
});

describe("the reported attack: a word that announces an order number, then a run of spaces", () => {
  // 456 characters took 10.9 s before the fix and the time grew with the 4th power of the length;
  // 200 spaces already take seconds on the old pattern, so this fails on it without hanging.
  const cases: Array<[string, string]> = [["order", " "], ["order", "\t"], ["заказ", "\u00a0"], ["номер заказа", " "], ["order number", " "]];
  for (const [word, space] of cases) {
    it(`${JSON.stringify(word)} + 200 × ${JSON.stringify(space)} + "x"`, () => {
      const attack = `${word}${space.repeat(200)}x`;
      expect(timeOf(() => extractLeadFields(attack))).toBeLessThan(BOUND_MS);
      expect(extractLeadFields(attack).orderNumber).toBeUndefined();
    });
  }
});
