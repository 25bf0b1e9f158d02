/**
 * Asks every shopper question through the offline chat path (answerTurn without a model, the local
 * embedder, a fresh PGlite), exactly as test/chat/support.ts does for the shopper tests, and grades
 * the last turn of each conversation.
 */
import { randomUUID } from "node:crypto";
import { answerTurn, type ChatDependencies } from "~/chat/answer.server";
import type { ChatReply } from "~/chat/events";
import { openDatabase, type Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { parseImportPayload } from "~/knowledge/payload";
import { retrieve, retrieveAll } from "~/knowledge/retrieve.server";
import { importKnowledge } from "~/knowledge/store.server";
import { gradeReply, type Grade } from "./grade";
import { ALL_SHOPPER_QUESTIONS, questionHalf, SHOPPER_KINDS, type QuestionSplit, type ShopperKind, type ShopperQuestion, type StoreKey } from "./questions";
import { SHOPPER_STORES } from "./stores";

export interface QuestionResult {
  question: ShopperQuestion;
  half: QuestionSplit;
  grade: Grade;
  answer: string;
  sources: string[];
}

const embedder = new LocalHashEmbedder();

type Shop = { id: string; name: string; settings: unknown };

export async function importStore(db: Database, key: StoreKey): Promise<Shop> {
  const store = SHOPPER_STORES[key];
  const shop = await db.prisma.shop.create({ data: { name: store.name, settings: { contact: store.contact, ...(store.defaultLanguage ? { defaultLanguage: store.defaultLanguage } : {}) } } });
  const parsed = parseImportPayload(store.payload);
  if (!parsed.ok) throw new Error(`${key}: rejected by the import API (${parsed.status} at ${parsed.field}): ${parsed.message}`);
  await importKnowledge(db.prisma, embedder, shop.id, parsed.data, { mode: "full" });
  return shop;
}

function depsFor(db: Database, shopId: string): ChatDependencies {
  // The same settings as the shopper tests' depsFor (test/chat/support.ts).
  return {
    prisma: db.prisma,
    retrieve: (query, options) => retrieve(db.prisma, embedder, shopId, query, options),
    retrieveAll: (requests) => retrieveAll(db.prisma, embedder, shopId, requests),
    similarityThreshold: 0.15,
    contextTokenBudget: 1_800,
    conversationIdleHours: 24,
  };
}

async function ask(db: Database, shop: Shop, sessionId: string, message: string, lang?: string): Promise<ChatReply> {
  let reply: ChatReply | undefined;
  for await (const event of answerTurn(depsFor(db, shop.id), { shop, sessionId, message, ...(lang ? { lang } : {}) })) {
    if (event.type === "done") reply = event.reply;
  }
  if (!reply) throw new Error(`no done event for "${message}"`);
  return reply;
}

export async function runShopperEval(questions: ShopperQuestion[] = ALL_SHOPPER_QUESTIONS): Promise<QuestionResult[]> {
  const db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
  try {
    const shops = new Map<StoreKey, Shop>();
    for (const key of new Set(questions.map((question) => question.store))) shops.set(key, await importStore(db, key));
    const results: QuestionResult[] = [];
    for (const question of questions) {
      const shop = shops.get(question.store)!;
      const sessionId = randomUUID();
      let reply: ChatReply | undefined;
      for (const turn of question.turns) reply = await ask(db, shop, sessionId, turn, question.lang);
      results.push({
        question,
        half: questionHalf(question.id),
        grade: gradeReply(reply!, question.expect),
        answer: reply!.answer,
        sources: reply!.sources.map((source) => source.id),
      });
    }
    return results;
  } finally {
    await db.close();
  }
}

export interface Counts {
  right: number;
  partly: number;
  wrong: number;
  n: number;
}

export interface KindRow {
  kind: ShopperKind | "all";
  tune: Counts;
  heldOut: Counts;
  fresh: Counts;
  unseenTune: Counts;
  unseenHeldOut: Counts;
  unseen2: Counts;
  unseen3: Counts;
  unseen4Tune: Counts;
  unseen4HeldOut: Counts;
  unseen5Tune: Counts;
  unseen5HeldOut: Counts;
}

function countVerdicts(list: QuestionResult[]): Counts {
  return {
    right: list.filter((result) => result.grade.verdict === "right").length,
    partly: list.filter((result) => result.grade.verdict === "partly").length,
    wrong: list.filter((result) => result.grade.verdict === "wrong").length,
    n: list.length,
  };
}

export function tallyByKind(results: QuestionResult[]): KindRow[] {
  const count = (list: QuestionResult[], split: QuestionSplit) => countVerdicts(list.filter((result) => result.half === split));
  const row = (kind: KindRow["kind"], list: QuestionResult[]): KindRow => ({
    kind,
    tune: count(list, "tune"),
    heldOut: count(list, "held-out"),
    fresh: count(list, "fresh"),
    unseenTune: count(list, "unseen-tune"),
    unseenHeldOut: count(list, "unseen-held-out"),
    unseen2: count(list, "unseen2"),
    unseen3: count(list, "unseen3"),
    unseen4Tune: count(list, "unseen4-tune"),
    unseen4HeldOut: count(list, "unseen4-held-out"),
    unseen5Tune: count(list, "unseen5-tune"),
    unseen5HeldOut: count(list, "unseen5-held-out"),
  });
  return [...SHOPPER_KINDS.map((kind) => row(kind, results.filter((result) => result.question.kind === kind))), row("all", results)];
}

/** One split's verdicts per store, in the order the stores first appear, then all of them. */
export function tallyByStore(results: QuestionResult[], split: QuestionSplit): { store: StoreKey | "all"; counts: Counts }[] {
  const inSplit = results.filter((result) => result.half === split);
  const stores = [...new Set(inSplit.map((result) => result.question.store))];
  return [
    ...stores.map((store) => ({ store, counts: countVerdicts(inSplit.filter((result) => result.question.store === store)) })),
    { store: "all" as const, counts: countVerdicts(inSplit) },
  ];
}
