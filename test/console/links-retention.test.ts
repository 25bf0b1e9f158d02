import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { purgeExpiredData } from "~/retention/purge.server";
import { CONSOLE_LINK_TTL_MS, createConsoleLinkToken, redeemConsoleLink } from "~/shops/console-links.server";
import { createTestShop, openTestDatabase } from "../support/db";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.close());

describe("one-time console links", () => {
  it("open their shop once, and never after expiry, with another secret, or for a deleted shop", async () => {
    const shop = await createTestShop(db);
    const secret = "s3cret";
    const { token } = createConsoleLinkToken(secret, shop.id);
    expect(await redeemConsoleLink(db.prisma, "other-secret", token)).toBeNull();
    expect(await redeemConsoleLink(db.prisma, secret, token)).toBe(shop.id);
    expect(await redeemConsoleLink(db.prisma, secret, token)).toBeNull();

    const old = createConsoleLinkToken(secret, shop.id, Date.now() - CONSOLE_LINK_TTL_MS - 1000);
    expect(await redeemConsoleLink(db.prisma, secret, old.token)).toBeNull();
    const [payload, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), expiresAt: Date.now() + 10 ** 9 })).toString("base64url");
    expect(await redeemConsoleLink(db.prisma, secret, `${forged}.${signature}`)).toBeNull();
    const ghost = createConsoleLinkToken(secret, randomUUID());
    expect(await redeemConsoleLink(db.prisma, secret, ghost.token)).toBeNull();
    expect(await redeemConsoleLink(db.prisma, secret, "garbage")).toBeNull();
  });
});

describe("data retention", () => {
  it("deletes only what is older than each shop's retentionDays, and nothing younger than the default of shops without it", async () => {
    const keeps = await createTestShop(db, "No retention");
    const trims = await db.prisma.shop.create({ data: { name: "30 days", settings: { retentionDays: 30 } } });
    const now = new Date("2026-11-25T00:00:00Z");
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
    for (const shop of [keeps, trims]) {
      for (const age of [10, 40]) {
        await db.prisma.lead.create({ data: { shopId: shop.id, sessionId: randomUUID(), email: `${age}@x.example`, createdAt: daysAgo(age), updatedAt: daysAgo(age) } });
        await db.prisma.chatLog.create({
          data: { shopId: shop.id, sessionId: randomUUID(), conversationId: randomUUID(), message: `q${age}`, answer: "a", language: "en", provider: "offline", retrievalMs: 1, generationMs: 1, createdAt: daysAgo(age) },
        });
      }
    }
    const removed = await purgeExpiredData(db.prisma, { defaultDays: 365, now });
    expect(removed).toMatchObject({ chatLogs: 1, leads: 1 });
    expect(await db.prisma.lead.count({ where: { shopId: trims.id } })).toBe(1);
    expect((await db.prisma.lead.findFirstOrThrow({ where: { shopId: trims.id } })).email).toBe("10@x.example");
    expect(await db.prisma.lead.count({ where: { shopId: keeps.id } })).toBe(2);
    expect(await db.prisma.chatLog.count({ where: { shopId: keeps.id } })).toBe(2);
  });
});
