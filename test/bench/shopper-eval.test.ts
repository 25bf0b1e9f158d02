// The shopper-question eval (bench/eval/shoppers): its stores are valid import payloads of the
// promised shape, its questions point at items that exist, and its grader tells right from wrong.
import { describe, expect, it } from "vitest";
import { parseImportPayload } from "~/knowledge/payload";
import { gradeReply } from "../../bench/eval/shoppers/grade";
import {
  ALL_SHOPPER_QUESTIONS,
  FRESH_QUESTIONS,
  QUESTION_SPLITS,
  questionHalf,
  SEALED_SPLITS,
  SHOPPER_KINDS,
  SHOPPER_QUESTIONS,
  UNSEEN2_QUESTIONS,
  UNSEEN3_QUESTIONS,
  UNSEEN4_QUESTIONS,
  UNSEEN5_QUESTIONS,
  UNSEEN_QUESTIONS,
} from "../../bench/eval/shoppers/questions";
import type { QuestionResult } from "../../bench/eval/shoppers/run-eval";
import { SHOPPER_STORES } from "../../bench/eval/shoppers/stores";
import { shoppersMarkdown } from "../../bench/sections/shoppers";

const OWN_STORES = (["books-ru", "pets-en", "home-bilingual", "gadgets-bilingual"] as const).map((key) => SHOPPER_STORES[key]);

type Range = readonly [number, number];
const expectWithin = (count: number, [min, max]: Range) => {
  expect(count).toBeGreaterThanOrEqual(min);
  expect(count).toBeLessThanOrEqual(max);
};

/**
 * An unseen set's store: a valid payload of the promised size, unique product ids and variant SKUs,
 * every product with variants and tags, a sold-out product, sold-out and sale variants, prices by
 * variant, and a product's price its lowest variant's (as the platforms send it).
 */
function expectUnseenStoreShape(store: (typeof SHOPPER_STORES)[keyof typeof SHOPPER_STORES], size: { products: Range; faq: Range; policies: Range; pricedBySize: number }) {
  const parsed = parseImportPayload(store.payload);
  expect(parsed.ok, parsed.ok ? "" : parsed.message).toBe(true);
  const { products, faq, policies } = store.payload;
  expectWithin(products.length, size.products);
  expect(new Set(products.map((product) => product.id)).size).toBe(products.length);
  expect(products.every((product) => product.variants.length > 0 && product.tags.length > 0)).toBe(true);
  expect(products.some((product) => !product.available)).toBe(true);
  const variants = products.flatMap((product) => product.variants);
  expect(new Set(variants.map((variant) => variant.sku)).size).toBe(variants.length);
  expect(variants.some((variant) => !variant.available)).toBe(true);
  expect(variants.some((variant) => variant.compareAtPrice)).toBe(true);
  expect(products.filter((product) => new Set(product.variants.map((variant) => variant.price)).size > 1).length).toBeGreaterThanOrEqual(size.pricedBySize);
  expectWithin(faq.length, size.faq);
  expectWithin(policies.length, size.policies);
  for (const product of products) expect(Number(product.price)).toBe(Math.min(...product.variants.map((variant) => Number(variant.price))));
}

describe("the eval's own stores", () => {
  it.each(OWN_STORES.map((store) => [store.key, store] as const))("%s is a valid import payload with 30–40 products, variants, sold-out variants, FAQ with order tracking, policies", (_key, store) => {
    const parsed = parseImportPayload(store.payload);
    expect(parsed.ok, parsed.ok ? "" : parsed.message).toBe(true);
    const { products, faq, policies } = store.payload;
    expect(products.length).toBeGreaterThanOrEqual(30);
    expect(products.length).toBeLessThanOrEqual(40);
    expect(products.every((product) => product.variants.length > 0 && product.tags.length > 0)).toBe(true);
    const variants = products.flatMap((product) => product.variants);
    expect(variants.some((variant) => !variant.available)).toBe(true);
    expect(variants.some((variant) => variant.compareAtPrice)).toBe(true);
    expect(products.some((product) => new Set(product.variants.map((variant) => variant.price)).size > 1)).toBe(true);
    expect(faq.some((entry) => /track|отслед/i.test(entry.question))).toBe(true);
    expect(policies.length).toBeGreaterThan(0);
    // A product's price is its lowest variant's, as the platforms send it.
    for (const product of products) expect(Number(product.price)).toBe(Math.min(...product.variants.map((variant) => Number(variant.price))));
  });
});

describe("the fifth store (kids-en, for the unseen2 set)", () => {
  const store = SHOPPER_STORES["kids-en"];

  it("is a valid import payload with 35–50 products, variants of their own price and stock, a sold-out product, sales, 8–12 FAQ entries and 3 policies", () => {
    expectUnseenStoreShape(store, { products: [35, 50], faq: [8, 12], policies: [3, 3], pricedBySize: 1 });
    expect(store.payload.faq.some((entry) => /track/i.test(entry.question))).toBe(true);
  });

  it("is English by default, unlike the other four", () => {
    expect(store.defaultLanguage).toBe("en");
    expect(OWN_STORES.every((other) => other.defaultLanguage === undefined)).toBe(true);
  });
});

describe("the sixth store (beauty-ru, for the unseen3 set)", () => {
  const store = SHOPPER_STORES["beauty-ru"];

  it("is a valid import payload with 30–45 products, variants of their own SKU, price and stock, a sold-out product, sales, dearer large sizes, 6–10 FAQ entries and 2–3 policies", () => {
    expectUnseenStoreShape(store, { products: [30, 45], faq: [6, 10], policies: [2, 3], pricedBySize: 5 });
    const { faq, policies } = store.payload;
    for (const topic of [/отслед/i, /доставк/i]) expect(faq.some((entry) => topic.test(entry.question)), String(topic)).toBe(true);
    expect(policies.some((policy) => /возврат|return/i.test(policy.title))).toBe(true);
  });

  it("names Russian as its default language explicitly, unlike the first four stores", () => {
    expect(store.defaultLanguage).toBe("ru");
    expect(OWN_STORES.every((other) => other.defaultLanguage === undefined)).toBe(true);
  });
});

describe("the questions", () => {
  it("are 60+ with unique ids, every kind in both halves", () => {
    expect(SHOPPER_QUESTIONS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(SHOPPER_QUESTIONS.map((question) => question.id)).size).toBe(SHOPPER_QUESTIONS.length);
    for (const kind of SHOPPER_KINDS) {
      for (const half of ["tune", "held-out"]) {
        expect(SHOPPER_QUESTIONS.some((question) => question.kind === kind && questionHalf(question.id) === half), `${kind} in ${half}`).toBe(true);
      }
    }
    expect(SHOPPER_QUESTIONS.filter((question) => question.kind === "follow-ups").every((question) => question.turns.length === 2)).toBe(true);
  });

  it("split by the rule written in questions.ts: odd numbers tune, even numbers held out, f… fresh, u… halved the same way", () => {
    expect([questionHalf("q01"), questionHalf("q02"), questionHalf("q69"), questionHalf("f02"), questionHalf("u01"), questionHalf("u02"), questionHalf("u45")]).toEqual([
      "tune",
      "held-out",
      "tune",
      "fresh",
      "unseen-tune",
      "unseen-held-out",
      "unseen-tune",
    ]);
  });

  it("the fresh set: 24+ questions, every kind, follow-ups and orders weighed most, ids unique across the eval", () => {
    expect(FRESH_QUESTIONS.length).toBeGreaterThanOrEqual(24);
    expect(FRESH_QUESTIONS.every((question) => questionHalf(question.id) === "fresh")).toBe(true);
    for (const kind of SHOPPER_KINDS) expect(FRESH_QUESTIONS.some((question) => question.kind === kind), kind).toBe(true);
    const count = (kind: string) => FRESH_QUESTIONS.filter((question) => question.kind === kind).length;
    for (const kind of SHOPPER_KINDS.filter((kind) => kind !== "follow-ups" && kind !== "orders")) {
      expect(count("follow-ups")).toBeGreaterThan(count(kind));
      expect(count("orders")).toBeGreaterThanOrEqual(count(kind));
    }
    expect(new Set(ALL_SHOPPER_QUESTIONS.map((question) => question.id)).size).toBe(ALL_SHOPPER_QUESTIONS.length);
  });

  it("the unseen set: 40+ questions, every kind at least five times, most of them over the gadget shop, ids unique across the eval", () => {
    expect(UNSEEN_QUESTIONS.length).toBeGreaterThanOrEqual(40);
    expect(UNSEEN_QUESTIONS.every((question) => questionHalf(question.id).startsWith("unseen-"))).toBe(true);
    // Both halves hold every kind, so each can be reported by kind.
    for (const kind of SHOPPER_KINDS) {
      for (const half of ["unseen-tune", "unseen-held-out"]) expect(UNSEEN_QUESTIONS.some((question) => question.kind === kind && questionHalf(question.id) === half), `${kind} in ${half}`).toBe(true);
    }
    for (const kind of SHOPPER_KINDS) expect(UNSEEN_QUESTIONS.filter((question) => question.kind === kind).length, kind).toBeGreaterThanOrEqual(5);
    expect(UNSEEN_QUESTIONS.filter((question) => question.store === "gadgets-bilingual").length).toBeGreaterThanOrEqual(25);
    expect(UNSEEN_QUESTIONS.some((question) => question.kind === "follow-ups" && question.turns.length === 3)).toBe(true);
    expect(new Set(ALL_SHOPPER_QUESTIONS.map((question) => question.id)).size).toBe(ALL_SHOPPER_QUESTIONS.length);
  });

  it("the second unseen set: v01–v40, one split of its own, every kind at least five times, ~24 over the kids' shop and the rest over all five others", () => {
    expect(UNSEEN2_QUESTIONS.map((question) => question.id)).toEqual(Array.from({ length: 40 }, (_, index) => `v${String(index + 1).padStart(2, "0")}`));
    expect(UNSEEN2_QUESTIONS.every((question) => questionHalf(question.id) === "unseen2")).toBe(true);
    expect([questionHalf("v01"), questionHalf("v02"), questionHalf("u02"), questionHalf("q02")]).toEqual(["unseen2", "unseen2", "unseen-held-out", "held-out"]);
    for (const kind of SHOPPER_KINDS) expect(UNSEEN2_QUESTIONS.filter((question) => question.kind === kind).length, kind).toBeGreaterThanOrEqual(5);
    expect(UNSEEN2_QUESTIONS.filter((question) => question.store === "kids-en")).toHaveLength(24);
    expect(new Set(UNSEEN2_QUESTIONS.filter((question) => question.store !== "kids-en").map((question) => question.store))).toEqual(new Set(["books-ru", "pets-en", "home-bilingual", "gadgets-bilingual", "demo"]));
    expect(UNSEEN2_QUESTIONS.some((question) => question.kind === "follow-ups" && question.turns.length === 3)).toBe(true);
    expect(ALL_SHOPPER_QUESTIONS).toEqual(expect.arrayContaining(UNSEEN2_QUESTIONS));
    expect(new Set(ALL_SHOPPER_QUESTIONS.map((question) => question.id)).size).toBe(ALL_SHOPPER_QUESTIONS.length);
  });

  it("the third unseen set: w01–w40, one split of its own, every kind at least five times, 24 over the beauty shop and the rest over all six others", () => {
    expect(UNSEEN3_QUESTIONS.map((question) => question.id)).toEqual(Array.from({ length: 40 }, (_, index) => `w${String(index + 1).padStart(2, "0")}`));
    expect(UNSEEN3_QUESTIONS.every((question) => questionHalf(question.id) === "unseen3")).toBe(true);
    expect([questionHalf("w01"), questionHalf("w02"), questionHalf("v02"), questionHalf("u02"), questionHalf("q02")]).toEqual(["unseen3", "unseen3", "unseen2", "unseen-held-out", "held-out"]);
    for (const kind of SHOPPER_KINDS) expect(UNSEEN3_QUESTIONS.filter((question) => question.kind === kind).length, kind).toBeGreaterThanOrEqual(5);
    expect(UNSEEN3_QUESTIONS.filter((question) => question.store === "beauty-ru")).toHaveLength(24);
    expect(new Set(UNSEEN3_QUESTIONS.filter((question) => question.store !== "beauty-ru").map((question) => question.store))).toEqual(
      new Set(["books-ru", "pets-en", "home-bilingual", "gadgets-bilingual", "kids-en", "demo"]),
    );
    expect(UNSEEN3_QUESTIONS.some((question) => question.kind === "follow-ups" && question.turns.length === 3)).toBe(true);
    expect(ALL_SHOPPER_QUESTIONS).toEqual(expect.arrayContaining(UNSEEN3_QUESTIONS));
    expect(new Set(ALL_SHOPPER_QUESTIONS.map((question) => question.id)).size).toBe(ALL_SHOPPER_QUESTIONS.length);
  });

  it.each([
    { set: "fourth", prefix: "x", questions: UNSEEN4_QUESTIONS, tune: "unseen4-tune", heldOut: "unseen4-held-out" },
    { set: "fifth", prefix: "y", questions: UNSEEN5_QUESTIONS, tune: "unseen5-tune", heldOut: "unseen5-held-out" },
  ] as const)("the $set unseen set: 48 questions in pairs of one kind and different stores, odd ids tune and even ids held out, each half balanced by kind and over all seven stores", ({ prefix, questions, tune, heldOut }) => {
    expect(questions.map((question) => question.id)).toEqual(Array.from({ length: 48 }, (_, index) => `${prefix}${String(index + 1).padStart(2, "0")}`));
    expect([`${prefix}01`, `${prefix}02`, `${prefix}47`, `${prefix}48`].map(questionHalf)).toEqual([tune, heldOut, tune, heldOut]);
    expect(QUESTION_SPLITS).toEqual(expect.arrayContaining([tune, heldOut]));
    for (let index = 0; index < questions.length; index += 2) {
      expect(questions[index + 1].kind, questions[index].id).toBe(questions[index].kind);
      expect(questions[index + 1].store, questions[index].id).not.toBe(questions[index].store);
    }
    const allStores = new Set(Object.keys(SHOPPER_STORES));
    const perHalf: Record<string, number> = { variants: 4, listings: 4, "follow-ups": 4, orders: 3, language: 3, leads: 3, "right-product": 3 };
    for (const half of [tune, heldOut]) {
      const inHalf = questions.filter((question) => questionHalf(question.id) === half);
      expect(inHalf).toHaveLength(24);
      for (const kind of SHOPPER_KINDS) expect(inHalf.filter((question) => question.kind === kind).length, `${half} ${kind}`).toBe(perHalf[kind]);
      expect(new Set(inHalf.map((question) => question.store)), half).toEqual(allStores);
      for (const store of allStores) expectWithin(inHalf.filter((question) => question.store === store).length, [3, 4]);
    }
    expect(questions.some((question) => question.kind === "follow-ups" && question.turns.length === 3)).toBe(true);
    expect(ALL_SHOPPER_QUESTIONS).toEqual(expect.arrayContaining(questions));
  });

  it("tells the sets apart by their ids' first letter", () => {
    expect(["w02", "u02", "q02", "f02", "v02"].map(questionHalf)).toEqual(["unseen3", "unseen-held-out", "held-out", "fresh", "unseen2"]);
    expect(new Set(ALL_SHOPPER_QUESTIONS.map((question) => question.id)).size).toBe(ALL_SHOPPER_QUESTIONS.length);
  });

  it("seal the held-out halves nobody may look into (unseen2, unseen3, unseen4-held-out, unseen5-held-out) and no split that is tuned on", () => {
    expect([...SEALED_SPLITS].sort()).toEqual(["unseen2", "unseen3", "unseen4-held-out", "unseen5-held-out"]);
  });

  it("expect only ids that exist in their store", () => {
    for (const question of ALL_SHOPPER_QUESTIONS) {
      const { payload } = SHOPPER_STORES[question.store];
      const known = new Set([...payload.products, ...payload.faq, ...payload.policies].map((item) => item.id));
      const { first, items = [], anyOf = [], notItems = [] } = question.expect;
      for (const id of [...(first ? [first] : []), ...items, ...anyOf, ...notItems]) expect(known.has(id), `${question.id}: ${id}`).toBe(true);
    }
  });
});

describe("the grader", () => {
  const expectation = { first: "p16", says: ["out of stock", "XL"], never: ["Sorry"], language: "en" as const };
  const reply = (answer: string, ids: string[], language = "en") => ({ answer, sources: ids.map((id) => ({ type: "product", id })), language, handoff: false });

  it("grades a known-right answer right", () => {
    const grade = gradeReply(reply('No-Pull Dog Harness: "L" is currently out of stock. In stock: XS, S, M, XL.', ["p16", "p17"]), expectation);
    expect(grade).toEqual({ verdict: "right", passed: 5, total: 5, failed: [] });
  });

  it("grades a known-wrong answer wrong, naming the failed checks", () => {
    const grade = gradeReply(reply("Sorry, I couldn't find that. Вот что нашлось.", ["p17"], "ru"), expectation);
    expect(grade.verdict).toBe("wrong");
    expect(grade.failed).toEqual(["first source p16 (got p17)", 'says "out of stock"', 'says "XL"', 'never says "Sorry"', "answers in en (got ru)"]);
  });

  it("grades the right item without its stock as partly, and reads no-break spaces in prices as spaces", () => {
    expect(gradeReply(reply("No-Pull Dog Harness, sizes XS–XL.", ["p16"]), expectation).verdict).toBe("partly");
    expect(gradeReply(reply("Твёрдая — 1\u00A0890\u202F₽", ["b04"], "ru"), { first: "b04", says: ["1 890 ₽"] }).verdict).toBe("right");
  });
});

describe("the shoppers section", () => {
  const wrong = (id: string, store: QuestionResult["question"]["store"], lastTurn: string): QuestionResult => ({
    question: { id, store, kind: "listings", turns: [lastTurn], expect: { items: ["x"] } },
    half: questionHalf(id),
    grade: { verdict: "wrong", passed: 0, total: 1, failed: [`lists x for ${id}`] },
    answer: "",
    sources: [],
  });

  it("counts the unseen2 and unseen3 sets by kind and by store but lists neither's misses, while it lists the others'", () => {
    const markdown = shoppersMarkdown([wrong("q02", "books-ru", "tuned-on turn"), wrong("v07", "kids-en", "sealed v turn"), wrong("w05", "beauty-ru", "sealed w turn")]);
    expect(markdown).toContain("Unseen3: fully right");
    expect(markdown).toContain("Unseen3 by store:");
    expect(markdown).toMatch(/\| beauty-ru \| 0 \/ 1 \(0 partly, 1 wrong\) \|/);
    expect(markdown).toContain("tuned-on turn");
    expect(markdown).not.toContain("sealed v turn");
    expect(markdown).not.toContain("sealed w turn");
    expect(markdown).not.toContain("lists x for w05");
  });

  it.each([
    { set: "fourth", label: "Unseen4", prefix: "x", tuneStore: "pets-en" as const },
    { set: "fifth", label: "Unseen5", prefix: "y", tuneStore: "home-bilingual" as const },
  ])("counts both halves of the $set unseen set by kind and by store, lists the tune half's misses and not the held-out half's", ({ label, prefix, tuneStore }) => {
    const markdown = shoppersMarkdown([wrong(`${prefix}01`, tuneStore, `${prefix} tune turn`), wrong(`${prefix}02`, "gadgets-bilingual", `sealed ${prefix} turn`)]);
    for (const heading of [`${label} tune: fully right`, `${label} held-out: fully right`, `${label} tune by store:`, `${label} held-out by store:`]) expect(markdown).toContain(heading);
    for (const store of [tuneStore, "gadgets-bilingual"]) expect(markdown).toMatch(new RegExp(`\\| ${store} \\| 0 / 1 \\(0 partly, 1 wrong\\) \\|`));
    expect(markdown).toContain(`${prefix} tune turn`);
    expect(markdown).toContain(`lists x for ${prefix}01`);
    expect(markdown).not.toContain(`sealed ${prefix} turn`);
    expect(markdown).not.toContain(`lists x for ${prefix}02`);
  });
});
