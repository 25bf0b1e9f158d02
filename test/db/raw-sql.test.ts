import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logChatTurn, type ChatLogEntry } from "~/chat/chat-log.server";
import { conversationSoFarColumn, conversationSoFarOf, loadRecentTurns } from "~/chat/conversation.server";
import { leadEnrichment } from "~/chat/leads.server";
import type { Database } from "~/db/open.server";
import { rawQueriesGeneric, rawQuery } from "~/db/raw-sql.server";
import { Prisma } from "~/generated/prisma/client";
import { consumeRateLimits } from "~/http/rate-limit.server";
import { findShopByPublicKey } from "~/shops/shops.server";
import { openTestDatabase, testPostgresUrl } from "../support/db";

/**
 * The chat turn's hot statements bypass Prisma (app/db/raw-sql.server.ts): what they read and
 * write must be exactly what Prisma reads and writes for the same rows.
 */
describe(`raw SQL on the request lane (${testPostgresUrl ? "PostgreSQL" : "embedded database"})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("reads a shop by its public key as the same row Prisma reads, every column", async () => {
    const shop = await db.prisma.shop.create({
      data: {
        name: "Row shop",
        platform: "woocommerce",
        domain: "row.example",
        settings: { tone: "warm", synonyms: [["куртка", "пуховик"]], contact: { email: "a@row.example" } },
        apiKeyHash: randomUUID(),
        apiKeyRotatedAt: new Date("2026-12-01T10:00:00.123Z"),
        handoffEmailConfirmed: "a@row.example",
      },
    });
    const viaPrisma = await db.prisma.shop.findUnique({ where: { publicKey: shop.publicKey } });
    const { storefrontOrigins, ...viaRaw } = (await findShopByPublicKey(db.prisma, shop.publicKey))!;
    expect(viaRaw).toEqual(viaPrisma);
    expect(Object.keys(viaRaw).sort()).toEqual(Object.keys(viaPrisma!).sort());
    expect(storefrontOrigins).toEqual([]);
    // The storefront origins its platform reports come in the same statement, of this shop only.
    await db.prisma.wooConnection.create({ data: { shopId: shop.id, siteUrl: "https://row.example", pluginTokenHash: randomUUID(), pluginVersion: "1.0.0", webhookSecretEnc: "x" } });
    const other = await db.prisma.shop.create({ data: { name: "Other shop", platform: "shopify", domain: "other.myshopify.com" } });
    await db.prisma.shopifyInstallation.create({ data: { shopId: other.id, scopes: "read_products", primaryDomain: "https://other.example" } });
    expect((await findShopByPublicKey(db.prisma, shop.publicKey))!.storefrontOrigins).toEqual(["https://row.example"]);
    expect((await findShopByPublicKey(db.prisma, other.publicKey))!.storefrontOrigins).toEqual(["https://other.example"]);
    expect(await findShopByPublicKey(db.prisma, randomUUID())).toBeNull();
    expect(await findShopByPublicKey(db.prisma, "not-a-uuid")).toBeNull();
  });

  it("logs a chat turn that Prisma reads back field for field: JSON arrays stay JSON, no state is SQL NULL", async () => {
    const shop = await db.prisma.shop.create({ data: { name: "Log shop" } });
    const sessionId = randomUUID();
    const entry: ChatLogEntry = {
      shopId: shop.id,
      sessionId,
      conversationId: randomUUID(),
      message: "Есть ли куртка в XL?",
      answer: "Да — 18 990 ₽.",
      language: "ru",
      context: [{ chunkId: randomUUID(), score: 0.5 }],
      sources: [{ title: "Storm Pro", url: "https://shop.example/storm" }],
      provider: "offline",
      model: null,
      promptTokens: null,
      completionTokens: 12,
      retrievalMs: 3,
      generationMs: 1,
      fallbackReason: null,
      unanswered: false,
      pageUrl: null,
    };
    const logFirst = logChatTurn(db.prisma, entry);
    await logFirst.written;
    const first = logFirst.id;
    const logSecond = logChatTurn(db.prisma, { ...entry, message: "а подешевле?", state: { listing: { kind: ["куртки"], query: "куртки" } } });
    await logSecond.written;
    const second = logSecond.id;
    const rows = await db.prisma.chatLog.findMany({ where: { shopId: shop.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((row) => row.id).sort()).toEqual([first, second].sort());
    const byId = new Map(rows.map((row) => [row.id, row]));
    const { state: _none, ...firstEntry } = entry;
    expect(byId.get(first)).toMatchObject({ ...firstEntry, state: null, feedbackVote: null });
    expect(byId.get(second)!.state).toEqual({ listing: { kind: ["куртки"], query: "куртки" } });
    const stateIsNull = await db.prisma.chatLog.count({ where: { id: first, state: { equals: Prisma.DbNull } } });
    expect(stateIsNull).toBe(1);

    const turns = await loadRecentTurns(db.prisma, shop.id, sessionId, 4, new Date(Date.now() - 60_000));
    expect(turns.map((turn) => turn.message).sort()).toEqual(["а подешевле?", "Есть ли куртка в XL?"].sort());
    expect(turns.find((turn) => turn.message === "а подешевле?")!.state).toEqual({ listing: { kind: ["куртки"], query: "куртки" } });
    expect(turns[0].sources).toEqual(entry.sources);
    expect(await loadRecentTurns(db.prisma, shop.id, sessionId, 4, new Date(Date.now() + 60_000))).toEqual([]);
  });

  it("writes a turn's lead enrichment in the log row's statement: only a lead of this shop and session in the window, fields it lacks kept", async () => {
    const shop = await db.prisma.shop.create({ data: { name: "Enrich shop" } });
    const other = await db.prisma.shop.create({ data: { name: "Other enrich shop" } });
    const sessionId = randomUUID();
    const entry: ChatLogEntry = {
      shopId: shop.id, sessionId, conversationId: randomUUID(), message: "мой заказ 4521", answer: "…", language: "ru", context: [], sources: [],
      provider: "offline", model: null, promptTokens: null, completionTokens: null, retrievalMs: 1, generationMs: 1, fallbackReason: null, unanswered: false, pageUrl: null,
    };
    const since = new Date(Date.now() - 60_000);
    const enrich = (shopId: string) => leadEnrichment({ shopId, sessionId, data: { orderNumber: "4521", intent: "order_status" }, activeSince: since });

    const log = async (alongside: Prisma.Sql) => {
      const { id, written } = logChatTurn(db.prisma, entry, alongside);
      return { id, ...(await written) };
    };
    const none = await log(enrich(shop.id));
    expect(none.alongsideChanged).toBe(false);
    expect(await db.prisma.lead.count({ where: { sessionId } })).toBe(0);

    await db.prisma.lead.create({ data: { shopId: other.id, sessionId, email: "other@example.org" } });
    const otherShops = await log(enrich(shop.id));
    expect(otherShops.alongsideChanged).toBe(false);
    await db.prisma.lead.create({ data: { shopId: shop.id, sessionId, email: "anna@example.ru", intent: "contact_request", notes: "палатка" } });
    const enriched = await log(enrich(shop.id));
    expect(enriched.alongsideChanged).toBe(true);
    expect(await db.prisma.lead.findFirst({ where: { shopId: shop.id, sessionId } })).toMatchObject({ email: "anna@example.ru", orderNumber: "4521", intent: "order_status", notes: "палатка" });
    expect(await db.prisma.lead.findFirst({ where: { shopId: other.id, sessionId } })).toMatchObject({ email: "other@example.org", orderNumber: null });
    const logged = await db.prisma.chatLog.findMany({ where: { shopId: shop.id, sessionId } });
    expect(logged.map((row) => row.id).sort()).toEqual([none.id, otherShops.id, enriched.id].sort());

    // Outside the conversation's window the lead is not enriched.
    const later = leadEnrichment({ shopId: shop.id, sessionId, data: { orderNumber: "9999" }, activeSince: new Date(Date.now() + 60_000) });
    expect((await log(later)).alongsideChanged).toBe(false);
    expect((await db.prisma.lead.findFirst({ where: { shopId: shop.id, sessionId } }))!.orderNumber).toBe("4521");
  });

  it("reads the conversation so far with whether the session left a lead: only this shop's, only within the window", async () => {
    const shop = await db.prisma.shop.create({ data: { name: "Open lead shop" } });
    const other = await db.prisma.shop.create({ data: { name: "Other open lead shop" } });
    const sessionId = randomUUID();
    const since = new Date(Date.now() - 60_000);
    const read = async (at: Date = since) => {
      const [row] = await rawQuery<{ conversation: unknown }>(db.prisma, Prisma.sql`SELECT ${conversationSoFarColumn(Prisma.sql`${shop.id}::uuid`, sessionId, at)} AS conversation`);
      return conversationSoFarOf(row?.conversation, at);
    };
    expect(await read()).toEqual({ since, turns: [], leadOpen: false });
    await db.prisma.lead.create({ data: { shopId: other.id, sessionId, email: "other@example.org" } });
    expect((await read()).leadOpen).toBe(false);
    await db.prisma.lead.create({ data: { shopId: shop.id, sessionId, phone: "+79161234567" } });
    expect((await read()).leadOpen).toBe(true);
    // A lead left before the conversation's window belongs to an ended conversation.
    expect((await read(new Date(Date.now() + 60_000))).leadOpen).toBe(false);
  });

  it("counts rate limits on the lane and refuses past the limit", async () => {
    const key = `raw-sql:${randomUUID()}`;
    const rules = [{ key, limit: 2, windowMs: 60_000 }];
    expect((await consumeRateLimits(db.prisma, rules)).allowed).toBe(true);
    expect((await consumeRateLimits(db.prisma, rules)).allowed).toBe(true);
    expect(await consumeRateLimits(db.prisma, rules)).toMatchObject({ allowed: false, key });
  });

  it("runs inside a transaction on the transaction's own connection (sees its uncommitted rows)", async () => {
    const name = `tx-${randomUUID()}`;
    const seen = await db.prisma.$transaction(async (tx) => {
      await tx.shop.create({ data: { name } });
      return rawQuery<{ name: string }>(tx, Prisma.sql`SELECT name FROM shops WHERE name = ${name}`);
    });
    expect(seen).toEqual([{ name }]);
  });

  it("keeps a statement marked prepared prepared on the embedded database only, and survives a replaced connection", async () => {
    const statement = () => rawQuery<{ answer: number }>(db.prisma, Prisma.sql`SELECT ${41}::int + 1 AS answer`, { prepared: true });
    const prepared = async () =>
      (await rawQuery<{ statement: string }>(db.prisma, Prisma.sql`SELECT statement FROM pg_prepared_statements WHERE statement LIKE ${"%+ 1 AS answer"}`)).map((row) => row.statement);
    expect(await statement()).toEqual([{ answer: 42 }]);
    expect(await statement()).toEqual([{ answer: 42 }]);
    expect(await prepared()).toEqual(db.kind === "pglite" ? ["SELECT $1::int + 1 AS answer"] : []);
    // A broken connection is replaced: on the embedded database the new one is the same session,
    // where the old one's statements are still prepared, and preparing one again would fail.
    const client = await db.pool.connect();
    client.release(true);
    expect(await statement()).toEqual([{ answer: 42 }]);
    expect(await prepared()).toEqual(db.kind === "pglite" ? ["SELECT $1::int + 1 AS answer"] : []);
  });

  it("plans a statement marked generic once on the embedded database: every value arrives as sent, and its plan setting is left behind by no execution", async () => {
    const planMode = async () => (await rawQuery<{ mode: string }>(db.prisma, Prisma.sql`SELECT current_setting('plan_cache_mode') AS mode`))[0].mode;
    const echo = (text: string, list: Array<string | null>, n: number | null) =>
      rawQuery<{ text: string; list: Array<string | null>; n: number | null; mode: string }>(
        db.prisma,
        Prisma.sql`SELECT ${text}::text AS text, ${list}::text[] AS list, ${n}::int AS n, current_setting('plan_cache_mode') AS mode`,
        { generic: true },
      );
    // Values a shopper's words or a shop's synonyms could carry, sent inline after the first execution.
    const values = ["plain", "it's", "back\\slash", "E'\\x41'", "кириллица «ёлка»", "", 'a"b,c{d} NULL', "'); DROP TABLE shops; --"];
    const modes = new Set<string>();
    for (const value of values) {
      const [row] = await echo(value, [value, null, "NULL", ""], value.length || null);
      expect(row).toMatchObject({ text: value, list: [value, null, "NULL", ""], n: value.length || null });
      modes.add(row.mode);
    }
    // Within the statement the plan is forced generic, and only there.
    expect([...modes]).toEqual(db.kind === "pglite" ? ["force_generic_plan"] : ["auto"]);
    expect(await planMode()).toBe("auto");
    expect(await db.prisma.shop.count()).toBeGreaterThan(0);
    // A session that lost its prepared statements has it prepared again.
    await db.pool.query("DEALLOCATE ALL");
    expect((await echo("again", [], 1))[0]).toMatchObject({ text: "again", list: [], n: 1 });

    const divide = (by: number) => rawQuery<{ x: number }>(db.prisma, Prisma.sql`SELECT 12 / ${by}::int AS x`, { generic: true });
    expect(await divide(3)).toEqual([{ x: 4 }]);
    await expect(divide(0)).rejects.toThrow(/division by zero/);
    expect(await planMode()).toBe("auto");
    expect(await divide(4)).toEqual([{ x: 3 }]);
  });

  it("runs several statements marked generic at once: each one's rows in order, values as sent, and a lost or unknown prepared statement found out", async () => {
    const echo = (text: string, n: number) => Prisma.sql`SELECT ${text}::text AS text, ${n}::int AS n, current_setting('plan_cache_mode') AS mode`;
    const count = (n: number) => Prisma.sql`SELECT g AS n FROM generate_series(1, ${n}::int) g`;
    const hostile = "'); DROP TABLE shops; --";
    const batch = () => rawQueriesGeneric<Record<string, unknown>>(db.prisma, [echo(hostile, 1), count(3), echo("second «ёлка»", 2), count(0)]);
    const expected = [
      [{ text: hostile, n: 1, mode: db.kind === "pglite" ? "force_generic_plan" : "auto" }],
      [{ n: 1 }, { n: 2 }, { n: 3 }],
      [{ text: "second «ёлка»", n: 2, mode: db.kind === "pglite" ? "force_generic_plan" : "auto" }],
      [],
    ];
    expect(await batch()).toEqual(expected);
    expect(await batch()).toEqual(expected);
    // The session lost what this connection prepared; then it has one this connection does not know of.
    await db.pool.query("DEALLOCATE ALL");
    expect(await batch()).toEqual(expected);
    await db.pool.query("DEALLOCATE ALL");
    await rawQuery(db.prisma, count(1), { generic: true });
    expect(await batch()).toEqual(expected);
    expect((await rawQuery<{ mode: string }>(db.prisma, Prisma.sql`SELECT current_setting('plan_cache_mode') AS mode`))[0].mode).toBe("auto");
    // A failed message leaves the statements it prepared in the session (PREPARE outlives the aborted transaction).
    const fresh = (n: number) => Prisma.sql`SELECT ${n}::int + 1 AS m`;
    await expect(rawQueriesGeneric(db.prisma, [fresh(1), Prisma.sql`SELECT 1 / ${0}::int AS x`])).rejects.toThrow(/division by zero/);
    expect(await rawQueriesGeneric(db.prisma, [fresh(2), count(1)])).toEqual([[{ m: 3 }], [{ n: 1 }]]);
  });
});
