import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CATALOG } from "~/demo/catalog";
import { parseImportPayload } from "~/knowledge/payload";
import { importKnowledge } from "~/knowledge/store.server";
import { startTestApp, type TestApp } from "../support/app-server";
import { percentile, postJson, readEventStream } from "./http";

// Five turns must fit in one window on a loaded 2-core CI machine (a turn can take 400 ms there).
const WINDOW_MS = 3_000;
const PER_SESSION = 4;

let app: TestApp;
let shopA: { id: string; publicKey: string };
let shopB: { id: string; publicKey: string };

beforeAll(async () => {
  app = await startTestApp({
    PALOMPY_RATE_WINDOW_MS: String(WINDOW_MS),
    PALOMPY_RATE_CHAT_PER_SESSION: String(PER_SESSION),
    PALOMPY_RATE_CHAT_PER_IP: "100000",
    PALOMPY_RATE_CHAT_PER_SHOP: "100000",
    PALOMPY_RATE_PUBLIC_PER_IP: "100000",
    PALOMPY_EMBEDDER: "local",
  });
  const create = async (name: string) => (await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) })).json()) as { id: string; publicKey: string };
  shopA = await create("Palompy Outdoor");
  shopB = await create("Other Store");
  const parsed = parseImportPayload(DEMO_CATALOG);
  if (!parsed.ok) throw new Error(parsed.message);
  await importKnowledge(app.context.db.prisma, app.context.embedder, shopA.id, parsed.data, { mode: "full" });
  await importKnowledge(
    app.context.db.prisma,
    app.context.embedder,
    shopB.id,
    { products: [], faq: [{ id: "b-faq", question: "Do you sell surfboards?", answer: "Yes, surfboards from 30 000 ₽." }], policies: [], pages: [] },
    { mode: "full" },
  );
});
afterAll(() => app?.close());

const chat = (body: Record<string, unknown>, headers: Record<string, string> = {}) => postJson(`${app.url}/api/chat`, body, headers);
const turn = (publicKey: string, message: string, sessionId = randomUUID()) => ({ shopPublicKey: publicKey, sessionId, message });

describe("POST /api/chat (offline composer)", () => {
  it("answers as JSON with sources, language, messageId and conversationId", async () => {
    const response = await chat(turn(shopA.publicKey, "Есть ли у вас трекинговые ботинки?"));
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = await response.json();
    expect(body).toMatchObject({ language: "ru", collectedData: {}, messageId: expect.any(String), conversationId: expect.any(String) });
    expect(body.answer).toContain("Трекинговые ботинки Altai Mid WP");
    expect(body.sources[0]).toMatchObject({ type: "product", id: "1005", title: "Трекинговые ботинки Altai Mid WP", url: expect.stringMatching(/^\/products\//), price: "16490.00" });
  });

  it("streams SSE: sources, tokens, lead, done — with no-cache and no proxy buffering", async () => {
    const started = performance.now();
    const sessionId = randomUUID();
    const response = await chat(turn(shopA.publicKey, "My name is Kate, kate@example.com. How do I return an item?", sessionId), { accept: "text/event-stream" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("cache-control")).toContain("no-cache");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const events = await readEventStream(response, started);
    const order = events.map((event) => event.event).filter((name, i, all) => name !== all[i - 1]);
    expect(order).toEqual(["sources", "token", "lead", "done"]);
    expect(events.filter((event) => event.event === "token").length).toBeGreaterThan(1);
    expect(events[0].data.sources[0]).toMatchObject({ type: "faq", id: "faq-returns" });
    const lead = events.find((event) => event.event === "lead")!;
    expect(lead.data.collectedData).toMatchObject({ name: "Kate", email: "kate@example.com" });
    const done = events.at(-1)!.data;
    expect(done.answer).toBe(events.filter((e) => e.event === "token").map((e) => e.data.text).join("").trim());
    expect(done.collectedData).toMatchObject({ name: "Kate", email: "kate@example.com" });
    const stored = await app.context.db.prisma.lead.findMany({ where: { shopId: shopA.id, sessionId } });
    expect(stored).toHaveLength(1);
  });

  it("answers CORS preflight for any origin", async () => {
    for (const path of ["/api/chat", "/api/chat/feedback"]) {
      const response = await fetch(`${app.url}${path}`, {
        method: "OPTIONS",
        headers: { origin: "https://some-store.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    }
  });

  it("rejects unknown keys (404), malformed bodies (400/422 naming the field) and oversize input (413)", async () => {
    const unknown = await chat(turn(randomUUID(), "hello"));
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatchObject({ code: "shop_not_found", field: "shopPublicKey" });

    const badSession = await chat({ shopPublicKey: shopA.publicKey, sessionId: "nope", message: "hi" });
    expect(badSession.status).toBe(422);
    expect((await badSession.json()).error.field).toBe("sessionId");

    const noMessage = await chat({ shopPublicKey: shopA.publicKey, sessionId: randomUUID() });
    expect(noMessage.status).toBe(422);
    expect((await noMessage.json()).error.field).toBe("message");

    const notJson = await postJson(`${app.url}/api/chat`, "{oops");
    expect(notJson.status).toBe(400);

    const long = await chat(turn(shopA.publicKey, "а".repeat(2_001)));
    expect(long.status).toBe(413);
    expect((await long.json()).error.field).toBe("message");

    const huge = await chat({ ...turn(shopA.publicKey, "hi"), page: { url: "x".repeat(20_000) } });
    expect(huge.status).toBe(413);
    expect(huge.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("limits a session with 429 + Retry-After, and lets it talk again after the window", async () => {
    const sessionId = randomUUID();
    // Start at the beginning of a window so the burst does not straddle two.
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS - (Date.now() % WINDOW_MS) + 20));
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < PER_SESSION + 1; i++) {
      const response = await chat(turn(shopA.publicKey, "Сколько стоит доставка?", sessionId));
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else await response.text();
    }
    expect(statuses).toEqual([...Array(PER_SESSION).fill(200), 429]);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited!.headers.get("access-control-allow-origin")).toBe("*");
    // Another session is unaffected.
    expect((await chat(turn(shopA.publicKey, "Сколько стоит доставка?"))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 50));
    expect((await chat(turn(shopA.publicKey, "Сколько стоит доставка?", sessionId))).status).toBe(200);
  });

  it("keeps tenants apart: shop B's key never gets shop A's sources", async () => {
    const response = await chat(turn(shopB.publicKey, "Есть ли у вас трекинговые ботинки Altai Mid WP?"));
    const body = await response.json();
    expect(body.sources.every((source: { id: string }) => source.id === "b-faq")).toBe(true);
    expect(body.answer).not.toContain("Altai");
    const own = await (await chat(turn(shopB.publicKey, "Do you sell surfboards?"))).json();
    expect(own.sources[0]).toMatchObject({ type: "faq", id: "b-faq" });
  });
});

describe("POST /api/chat/feedback", () => {
  it("records a vote on the shopper's own message only", async () => {
    const sessionId = randomUUID();
    const reply = await (await chat(turn(shopA.publicKey, "How do I return an item?", sessionId))).json();
    const feedback = (body: Record<string, unknown>) => postJson(`${app.url}/api/chat/feedback`, body);
    const base = { shopPublicKey: shopA.publicKey, sessionId, messageId: reply.messageId };

    // Another shop's key, or another session, cannot touch the row.
    expect((await feedback({ ...base, shopPublicKey: shopB.publicKey, vote: "down" })).status).toBe(404);
    expect((await feedback({ ...base, sessionId: randomUUID(), vote: "down" })).status).toBe(404);
    const untouched = await app.context.db.prisma.chatLog.findUniqueOrThrow({ where: { id: reply.messageId } });
    expect(untouched.feedbackVote).toBeNull();

    const bad = await feedback({ ...base, vote: "meh" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.field).toBe("vote");

    const ok = await feedback({ ...base, vote: "up", comment: "Helpful!" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    const row = await app.context.db.prisma.chatLog.findUniqueOrThrow({ where: { id: reply.messageId } });
    expect(row).toMatchObject({ feedbackVote: "up", feedbackComment: "Helpful!" });
  });
});

describe("measurements over HTTP (printed)", () => {
  it("server time per JSON turn without an LLM", async () => {
    const questions = ["Есть ли у вас трекинговые ботинки?", "How do I return an item?", "Сколько стоит доставка?", "Do you have a headlamp?", "Какая гарантия на палатки?"];
    const timings: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const response = await chat(turn(shopA.publicKey, questions[i % questions.length]));
      await response.json();
      timings.push(performance.now() - started);
    }
    console.log(`[measure] HTTP JSON turn, offline composer: p50 ${percentile(timings, 50).toFixed(1)} ms, p95 ${percentile(timings, 95).toFixed(1)} ms over ${timings.length} turns`);
  });
});
