import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { answerTurn, type ChatDependencies, type ChatTurnInput } from "~/chat/answer.server";
import type { ChatEvent, ChatReply } from "~/chat/events";
import type { ChatModelProvider } from "~/chat/providers/types";
import { DEMO_CATALOG, DEMO_STORE } from "~/demo/catalog";
import type { Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { parseImportPayload } from "~/knowledge/payload";
import { retrieve, retrieveAll } from "~/knowledge/retrieve.server";
import { importKnowledge } from "~/knowledge/store.server";
import { openTestDatabase } from "../support/db";

export const embedder = new LocalHashEmbedder();

/** A shop with the demo catalogue imported (local embedder), as the demo store has it. */
export async function createDemoShop(db: Database, name: string = DEMO_STORE.name) {
  const shop = await db.prisma.shop.create({
    data: { name, settings: { contact: { email: DEMO_STORE.supportEmail, phone: DEMO_STORE.supportPhone } } },
  });
  const parsed = parseImportPayload(DEMO_CATALOG);
  if (!parsed.ok) throw new Error(parsed.message);
  await importKnowledge(db.prisma, embedder, shop.id, parsed.data, { mode: "full" });
  return shop;
}

export function depsFor(db: Database, shopId: string, provider?: ChatModelProvider): ChatDependencies {
  return {
    prisma: db.prisma,
    retrieve: (query, options) => retrieve(db.prisma, embedder, shopId, query, options),
    retrieveAll: (requests) => retrieveAll(db.prisma, embedder, shopId, requests),
    provider,
    similarityThreshold: 0.15,
    contextTokenBudget: 1_800,
    conversationIdleHours: 24,
  };
}

export async function runTurn(deps: ChatDependencies, input: ChatTurnInput): Promise<{ events: ChatEvent[]; reply: ChatReply }> {
  const events: ChatEvent[] = [];
  for await (const event of answerTurn(deps, input)) events.push(event);
  const done = events.find((event) => event.type === "done");
  if (!done || done.type !== "done") throw new Error(`no done event: ${JSON.stringify(events)}`);
  return { events, reply: done.reply };
}

type TestShop = { id: string; name: string; settings: unknown };

/**
 * A test file's own database with one shop, opened before its tests and closed after them, and one
 * offline chat turn on it (a new session unless one is given).
 */
function shopForFile<Shop extends TestShop>(create: (db: Database) => Promise<Shop>) {
  const running = {} as { db: Database; shop: Shop };
  beforeAll(async () => {
    running.db = await openTestDatabase();
    running.shop = await create(running.db);
  });
  afterAll(async () => {
    await running.db?.close();
  });
  const ask = (message: string, sessionId: string = randomUUID(), extra: { lang?: string } = {}) =>
    runTurn(depsFor(running.db, running.shop.id), { shop: running.shop, sessionId, message, ...extra });
  return { running, ask };
}

/** The demo shop (createDemoShop) for a test file. */
export function demoShopForFile() {
  return shopForFile((db) => createDemoShop(db));
}

/** A shop of a test file's own catalog (an import payload), with its name and contact email. */
export function payloadShopForFile(payload: unknown, name: string, email: string) {
  return shopForFile(async (db) => {
    const shop = await db.prisma.shop.create({ data: { name, settings: { contact: { email } } } });
    const parsed = parseImportPayload(payload);
    if (!parsed.ok) throw new Error(parsed.message);
    await importKnowledge(db.prisma, embedder, shop.id, parsed.data, { mode: "full" });
    return shop;
  });
}

/** The product ids a reply cites, in order. */
export const productIds = (reply: { sources: { type: string; id: string }[] }) => reply.sources.filter((source) => source.type === "product").map((source) => source.id);
