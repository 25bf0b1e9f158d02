// Issue 8 items 2, 3 and 10: stored lead data never goes back to a client, a lead needs a way to
// reach the shopper, conversations end after inactivity, and a shop's model calls are capped per day.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withinModelBudget } from "~/chat/model-budget.server";
import { createOpenAIChatProvider } from "~/chat/providers/openai.server";
import type { Database } from "~/db/open.server";
import { openTestDatabase } from "../support/db";
import { isUnderstandRequest, startOpenAIWireServer, type OpenAIWireServer } from "../support/openai-wire-server";
import { createDemoShop, depsFor, runTurn } from "./support";

let db: Database;
let wire: OpenAIWireServer;
let shop: Awaited<ReturnType<typeof createDemoShop>>;

beforeAll(async () => {
  db = await openTestDatabase();
  wire = await startOpenAIWireServer();
  shop = await createDemoShop(db);
});
afterAll(async () => {
  await db.close();
  await wire.close();
});

const ask = (message: string, sessionId: string = randomUUID()) => runTurn(depsFor(db, shop.id), { shop, sessionId, message });
const leadEvents = (events: { type: string }[]) => events.filter((event) => event.type === "lead");
const leadRows = (sessionId: string) => db.prisma.lead.findMany({ where: { shopId: shop.id, sessionId } });
const HOUR = 3_600_000;

describe("a lead needs a way to reach the shopper", () => {
  it.each(["Где мой заказ?", "#100", "Do you have #100 in stock?", "Меня зовут Анна, где мой заказ 12345?", "I want to return my boots"])(
    "%s creates no lead and fires no lead event",
    async (message) => {
      const sessionId = randomUUID();
      const { events, reply } = await ask(message, sessionId);
      expect(leadEvents(events)).toEqual([]);
      expect(reply.collectedData).toEqual({});
      expect(await leadRows(sessionId)).toEqual([]);
    },
  );

  it("an email or a phone makes a lead; a call-back request with a phone too", async () => {
    const email = randomUUID();
    expect(leadEvents((await ask("Напишите мне на anna@example.ru", email)).events)).toHaveLength(1);
    expect(await leadRows(email)).toHaveLength(1);
    const callBack = randomUUID();
    const { reply } = await ask("Please call me back at +44 20 7946 0958", callBack);
    expect(reply.collectedData).toMatchObject({ phone: "+442079460958", preferredContact: "phone" });
    expect(await leadRows(callBack)).toHaveLength(1);
  });
});

describe("stored lead data is never sent back", () => {
  it("a reply and the lead event carry only what this turn typed; a later turn of the same session gets nothing", async () => {
    const sessionId = randomUUID();
    await ask("Меня зовут Анна, мой телефон 8 916 123 45 67", sessionId);
    const second = await ask("email anna@example.ru", sessionId);
    expect(second.reply.collectedData).toEqual({ email: "anna@example.ru" });
    expect(leadEvents(second.events)).toEqual([{ type: "lead", collectedData: { email: "anna@example.ru" } }]);

    // Anyone sending this session id (the next shopper on a shared browser, or a guesser) learns nothing.
    const stranger = await ask("Привет", sessionId);
    expect(stranger.reply.collectedData).toEqual({});
    expect(leadEvents(stranger.events)).toEqual([]);

    // An order number enriches the existing lead without echoing the stored contact.
    const order = await ask("мой заказ 12345", sessionId);
    expect(order.reply.collectedData).toEqual({ orderNumber: "12345", intent: "order_status" });
    const [row] = await leadRows(sessionId);
    expect(row).toMatchObject({ name: "Анна", phone: "+79161234567", email: "anna@example.ru", orderNumber: "12345" });
  });

  it("a model's report of contact details from earlier turns is dropped", async () => {
    const sessionId = randomUUID();
    const provider = createOpenAIChatProvider({ apiKey: "k", baseURL: wire.baseURL, model: "m", timeoutMs: 2_000 });
    await runTurn(depsFor(db, shop.id), { shop, sessionId, message: "I'm Kate, kate@example.com" });
    wire.enqueue("chat", {
      kind: "reply",
      content: "Our delivery takes 2-5 days.",
      toolCalls: [{ name: "record_shopper_details", arguments: JSON.stringify({ name: "Kate", email: "kate@example.com", intent: "delivery" }) }],
    });
    const { reply } = await runTurn(depsFor(db, shop.id, provider), { shop, sessionId, message: "How long is delivery?" });
    expect(reply.collectedData.email).toBeUndefined();
    expect(reply.collectedData.name).toBeUndefined();
  });
});

describe("a conversation ends after the idle window", () => {
  it("history older than the window no longer steers a follow-up, and an old lead is not enriched", async () => {
    const sessionId = randomUUID();
    await ask("Расскажите про палатку Эльбрус 3 — мой email elbrus@example.ru", sessionId);
    const fresh = await ask("а сколько она стоит?", sessionId);
    expect(fresh.reply.sources[0]).toMatchObject({ type: "product", id: "1014" });

    const past = new Date(Date.now() - 25 * HOUR);
    await db.prisma.chatLog.updateMany({ where: { shopId: shop.id, sessionId }, data: { createdAt: past } });
    await db.prisma.$executeRaw`UPDATE leads SET updated_at = ${past} WHERE session_id = ${sessionId}::uuid`;
    const later = await ask("а сколько она стоит?", sessionId);
    expect(later.reply.sources[0]?.id).not.toBe("1014");
    expect(later.reply.sessionIdleHours).toBe(24);

    const order = await ask("мой заказ 777123", sessionId);
    expect(leadEvents(order.events)).toEqual([]);
    expect((await leadRows(sessionId))[0].orderNumber).toBeNull();
  });
});

describe("a turn known to have no lead to enrich", () => {
  it("sends no enrichment: what the opening statement found decides, so its reply need not wait for the log row", async () => {
    const sessionId = randomUUID();
    await ask("Напишите мне на known@example.ru", sessionId);
    const since = new Date(Date.now() - HOUR);
    const turn = (leadOpen: boolean) => runTurn(depsFor(db, shop.id), { shop, sessionId, message: leadOpen ? "мой заказ 2002" : "мой заказ 1001", recent: { since, turns: [], leadOpen } });
    expect(leadEvents((await turn(false)).events)).toEqual([]);
    expect((await leadRows(sessionId))[0].orderNumber).toBeNull();
    expect(leadEvents((await turn(true)).events)).toEqual([{ type: "lead", collectedData: { orderNumber: "2002", intent: "order_status" } }]);
    expect((await leadRows(sessionId))[0].orderNumber).toBe("2002");
  });
});

describe("per-shop daily model budget", () => {
  it("past the cap the offline composer answers, counted per shop in the database", async () => {
    const provider = createOpenAIChatProvider({ apiKey: "k", baseURL: wire.baseURL, model: "m", timeoutMs: 2_000 });
    const other = await createDemoShop(db, "Other shop");
    const deps = (shopId: string) => ({ ...depsFor(db, shopId, provider), allowModelCall: () => withinModelBudget(db.prisma, shopId, 2) });
    wire.reset();
    const replies = [];
    for (let i = 0; i < 3; i++) {
      wire.enqueue("chat", { kind: "reply", content: "Delivery takes 2-5 days." });
      replies.push((await runTurn(deps(shop.id), { shop, sessionId: randomUUID(), message: "How long is delivery?" })).reply);
    }
    expect(wire.requests.filter((request) => request.path.endsWith("/chat/completions") && !isUnderstandRequest(request.body))).toHaveLength(2);
    const logs = await db.prisma.chatLog.findMany({ where: { id: { in: replies.map((reply) => reply.messageId) } }, orderBy: { createdAt: "asc" } });
    expect(logs.map((log) => log.provider)).toEqual(["openai", "openai", "offline"]);
    expect(logs[2].fallbackReason).toBe("model_budget_exhausted");
    expect(replies[2].answer.length).toBeGreaterThan(0);

    // Another shop's budget is its own.
    wire.enqueue("chat", { kind: "reply", content: "Delivery takes 2-5 days." });
    const otherReply = (await runTurn(deps(other.id), { shop: other, sessionId: randomUUID(), message: "How long is delivery?" })).reply;
    expect((await db.prisma.chatLog.findUniqueOrThrow({ where: { id: otherReply.messageId } })).provider).toBe("openai");
  });
});
