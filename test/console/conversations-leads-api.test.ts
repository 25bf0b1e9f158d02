import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CATALOG } from "~/demo/catalog";
import { parseImportPayload } from "~/knowledge/payload";
import { importKnowledge } from "~/knowledge/store.server";
import { startTestApp, type TestApp } from "../support/app-server";

let app: TestApp;
type Shop = { id: string; publicKey: string; apiKey: string };
let shop: Shop;
let other: Shop;

const as = (who: Shop, pathname: string, init: RequestInit = {}) =>
  fetch(`${app.url}${pathname}`, { ...init, headers: { authorization: `Bearer ${who.apiKey}`, "content-type": "application/json" } });
const chat = async (publicKey: string, sessionId: string, message: string) => {
  const response = await fetch(`${app.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ shopPublicKey: publicKey, sessionId, message }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { messageId: string; conversationId: string };
};

let answeredConversation: string;
let unansweredConversation: string;

beforeAll(async () => {
  app = await startTestApp({ PALOMPY_RATE_ADMIN_PER_IP: "100000", PALOMPY_RATE_PUBLIC_PER_IP: "100000", PALOMPY_RATE_CHAT_PER_IP: "100000", PALOMPY_EMBEDDER: "local" });
  const create = async (name: string) => (await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) })).json()) as Shop;
  shop = await create("Palompy Outdoor");
  other = await create("Other");
  const parsed = parseImportPayload(DEMO_CATALOG);
  if (!parsed.ok) throw new Error(parsed.message);
  await importKnowledge(app.context.db.prisma, app.context.embedder, shop.id, parsed.data, { mode: "full" });

  const sessionA = randomUUID();
  const first = await chat(shop.publicKey, sessionA, "Do you have trekking boots?");
  await chat(shop.publicKey, sessionA, "My email is kate@example.com, please call me back");
  answeredConversation = first.conversationId;
  await fetch(`${app.url}/api/chat/feedback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId: sessionA, messageId: first.messageId, vote: "up" }),
  });
  unansweredConversation = (await chat(shop.publicKey, randomUUID(), "Do you have quantum flux capacitors?")).conversationId;
  await chat(other.publicKey, randomUUID(), "Hello from another shop");
});
afterAll(() => app?.close());

describe("GET /api/shops/:id/conversations", () => {
  it("lists this shop's conversations with first question, turns, answered state, votes and lead", async () => {
    const response = await as(shop, `/api/shops/${shop.id}/conversations`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    const answered = body.items.find((item: { conversationId: string }) => item.conversationId === answeredConversation);
    expect(answered).toMatchObject({ firstQuestion: "Do you have trekking boots?", language: "en", turns: 2, thumbsUp: 1, thumbsDown: 0, hasLead: true });
    const unanswered = body.items.find((item: { conversationId: string }) => item.conversationId === unansweredConversation);
    expect(unanswered).toMatchObject({ turns: 1, hasLead: false });
    expect(unanswered.unansweredTurns).toBe(1);
    expect(JSON.stringify(body)).not.toContain("another shop");
  });

  it("filters by answered state, feedback, lead and date, and pages", async () => {
    const ids = async (query: string) =>
      ((await (await as(shop, `/api/shops/${shop.id}/conversations?${query}`)).json()).items as { conversationId: string }[]).map((item) => item.conversationId);
    expect(await ids("status=unanswered")).toEqual([unansweredConversation]);
    expect(await ids("feedback=up")).toEqual([answeredConversation]);
    expect(await ids("lead=true")).toEqual([answeredConversation]);
    expect(await ids("lead=false")).toEqual([unansweredConversation]);
    expect(await ids("from=2000-01-01&to=2000-12-31")).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await ids(`from=${today}&to=${today}`)).length).toBe(2);
    const page1 = await (await as(shop, `/api/shops/${shop.id}/conversations?pageSize=1`)).json();
    const page2 = await (await as(shop, `/api/shops/${shop.id}/conversations?pageSize=1&page=2`)).json();
    const page3 = await (await as(shop, `/api/shops/${shop.id}/conversations?pageSize=1&page=3`)).json();
    expect(page1.items).toHaveLength(1);
    expect(page2.items).toHaveLength(1);
    expect(page1.items[0].conversationId).not.toBe(page2.items[0].conversationId);
    expect(page3).toMatchObject({ items: [], total: 2 });
  });

  it("refuses bad query parameters naming the field", async () => {
    for (const [query, field] of [["pageSize=0", "pageSize"], ["from=yesterday", "from"], ["status=maybe", "status"], ["page=-1", "page"]]) {
      const response = await as(shop, `/api/shops/${shop.id}/conversations?${query}`);
      expect(response.status).toBe(422);
      expect((await response.json()).error.field).toBe(field);
    }
  });

  it("shows a transcript with sources, scores and provider; another shop's conversation is a 404", async () => {
    const response = await as(shop, `/api/shops/${shop.id}/conversations/${answeredConversation}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.turns).toHaveLength(2);
    expect(body.turns[0]).toMatchObject({ message: "Do you have trekking boots?", provider: "offline", feedback: { vote: "up" } });
    expect(body.turns[0].sources.length).toBeGreaterThan(0);
    expect(body.turns[0].context[0]).toMatchObject({ score: expect.any(Number), sourceType: expect.any(String) });
    expect(body.lead).toMatchObject({ email: "kate@example.com", status: "new" });
    expect((await as(other, `/api/shops/${other.id}/conversations/${answeredConversation}`)).status).toBe(404);
    expect((await as(shop, `/api/shops/${shop.id}/conversations/${randomUUID()}`)).status).toBe(404);
    expect((await as(shop, `/api/shops/${shop.id}/conversations/not-a-uuid`)).status).toBe(404);
  });
});

describe("leads", () => {
  it("lists, changes status (validated), and keeps other shops out", async () => {
    const list = await (await as(shop, `/api/shops/${shop.id}/leads`)).json();
    expect(list).toMatchObject({ total: 1, page: 1 });
    const lead = list.items[0];
    expect(lead).toMatchObject({ email: "kate@example.com", status: "new" });

    const bad = await as(shop, `/api/shops/${shop.id}/leads/${lead.id}`, { method: "PATCH", body: JSON.stringify({ status: "won" }) });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.field).toBe("status");
    const foreign = await as(other, `/api/shops/${other.id}/leads/${lead.id}`, { method: "PATCH", body: JSON.stringify({ status: "closed" }) });
    expect(foreign.status).toBe(404);
    const ok = await as(shop, `/api/shops/${shop.id}/leads/${lead.id}`, { method: "PATCH", body: JSON.stringify({ status: "contacted" }) });
    expect(ok.status).toBe(200);
    expect((await ok.json()).status).toBe("contacted");
    expect((await (await as(shop, `/api/shops/${shop.id}/leads?status=contacted`)).json()).total).toBe(1);
    expect((await (await as(shop, `/api/shops/${shop.id}/leads?status=closed`)).json()).total).toBe(0);
    expect((await (await as(other, `/api/shops/${other.id}/leads`)).json()).total).toBe(0);
  });

  it("exports every lead as streamed CSV across keyset pages, formula-safe, and only this shop's", async () => {
    const base = Date.UTC(2026, 0, 1);
    // Equal timestamps in pairs: the keyset must not skip or repeat rows that tie on created_at.
    const rows = Array.from({ length: 2_501 }, (_, i) => ({
      shopId: shop.id,
      sessionId: randomUUID(),
      name: i === 0 ? "=HYPERLINK(\"x\")" : `Shopper ${i}`,
      email: `s${i}@example.com`,
      notes: i === 1 ? 'said "hi", then left\nnew line' : null,
      createdAt: new Date(base + Math.floor(i / 2) * 1000),
    }));
    await app.context.db.prisma.lead.createMany({ data: rows });
    await app.context.db.prisma.lead.create({ data: { shopId: other.id, sessionId: randomUUID(), email: "foreign@example.com" } });

    const response = await as(shop, `/api/shops/${shop.id}/leads?format=csv&from=2026-01-01&to=2026-01-31`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="leads-/);
    const bytes = Buffer.from(await response.arrayBuffer());
    // A UTF-8 byte-order mark first, so spreadsheet apps read Cyrillic names correctly.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text).not.toContain("foreign@example.com");
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).toContain('"said ""hi"", then left\nnew line"');
    const emails = text.match(/s\d+@example\.com/g) ?? [];
    expect(emails).toHaveLength(2_501);
    expect(new Set(emails).size).toBe(2_501);
    expect(text.split("\r\n")[0]).toBe("createdAt,status,name,email,phone,intent,orderNumber,preferredContact,notes,pageUrl,id,sessionId");
    expect((await as(shop, `/api/shops/${shop.id}/leads?format=xml`)).status).toBe(422);
  });
});
