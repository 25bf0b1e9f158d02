// Issue 19, round 13: on the embedded database a turn's reply does not wait for its log row. Every
// statement of the process runs on the one connection in the order it was sent, so what reads the
// row next (the next turn's history, a vote on the answer) runs after it; on a PostgreSQL server the
// reply waits, as another connection or instance may read first.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { recordFeedback, replyWaitsForLog } from "~/chat/chat-log.server";
import type { Database } from "~/db/open.server";
import { openTestDatabase, testPostgresUrl } from "../support/db";
import { createDemoShop, depsFor, runTurn } from "./support";

let db: Database;
let shop: Awaited<ReturnType<typeof createDemoShop>>;
const FAILING = "this turn has a log row the database refuses";

beforeAll(async () => {
  db = await openTestDatabase();
  shop = await createDemoShop(db);
  // A row the database refuses to write: what a turn does when its log write fails.
  await db.prisma.$executeRawUnsafe(`
    CREATE FUNCTION refuse_test_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
  await db.prisma.$executeRawUnsafe(`
    CREATE TRIGGER refuse_test_row BEFORE INSERT ON chat_logs
    FOR EACH ROW WHEN (NEW.message = '${FAILING}') EXECUTE FUNCTION refuse_test_row()`);
});
afterAll(async () => {
  await db.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const ask = (message: string, sessionId: string) => runTurn(depsFor(db, shop.id), { shop, sessionId, message });

describe(`a turn's log row and its reply (${testPostgresUrl ? "PostgreSQL" : "embedded database"})`, () => {
  it("the reply waits for the row only where another connection may read first", () => {
    expect(replyWaitsForLog(db.prisma)).toBe(Boolean(testPostgresUrl));
  });

  it("what reads the row next sees it: the follow-up's history and a vote sent the moment the reply arrives", async () => {
    const sessionId = randomUUID();
    const first = await ask("Какие куртки у вас есть?", sessionId);
    const [voted, followUp] = await Promise.all([
      recordFeedback(db.prisma, { shopId: shop.id, sessionId, messageId: first.reply.messageId, vote: "up" }),
      ask("а подешевле?", sessionId),
    ]);
    expect(voted).toBe(true);
    expect(followUp.reply.conversationId).toBe(first.reply.conversationId);
    // Cheaper than the jackets just shown: only the history says which those were.
    expect(followUp.reply.sources.map((source) => source.id)).toEqual(["1004"]);
    expect(await db.prisma.chatLog.count({ where: { shopId: shop.id, sessionId } })).toBe(2);
  });

  it("a log write that fails after the reply is reported, never unhandled; where the reply waits, the turn fails", async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (lines.push(String(chunk)), true));
    const sessionId = randomUUID();
    if (testPostgresUrl) {
      await expect(ask(FAILING, sessionId)).rejects.toThrow(/refused by the test/);
      return;
    }
    const { reply } = await ask(FAILING, sessionId);
    expect(reply.answer).not.toBe("");
    await expect.poll(() => lines.join("")).toMatch(/could not log a chat turn after its reply/);
    expect(await db.prisma.chatLog.count({ where: { shopId: shop.id, sessionId } })).toBe(0);
  });
});
