import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "~/db/open.server";
import { HttpError } from "~/http/errors";
import { Prisma } from "~/generated/prisma/client";
import { consumeRateLimits, consumeRateLimitsAlongside, consumeRateLimitsForSubject, enforceRateLimits, type RateLimitRule } from "~/http/rate-limit.server";
import { openTestDatabase } from "../support/db";

describe("rate limits kept in the database", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db?.close());

  const WINDOW = 60_000;
  const start = Date.UTC(2026, 10, 24, 12, 0, 0);
  const chatRules = (session: string, ip: string, shop: string): RateLimitRule[] => [
    { key: `t1:ip:${ip}`, limit: 5, windowMs: WINDOW },
    { key: `t1:session:${shop}:${session}`, limit: 3, windowMs: WINDOW },
    { key: `t1:shop:${shop}`, limit: 8, windowMs: WINDOW },
  ];

  it("refuses one address across sessions once its per-IP limit is used, naming that rule", async () => {
    const verdicts = [];
    for (let i = 0; i < 6; i++) verdicts.push(await consumeRateLimits(db.prisma, chatRules(`s${i}`, "10.0.0.1", "shop-a"), start + i));
    expect(verdicts.slice(0, 5).every((verdict) => verdict.allowed)).toBe(true);
    expect(verdicts[5]).toMatchObject({ allowed: false, key: "t1:ip:10.0.0.1" });
    expect(verdicts[5].retryAfterSeconds).toBe(60);
  });

  it("now and then a call deletes the expired counters, and only those", async () => {
    const later = start + 10 * WINDOW;
    await consumeRateLimits(db.prisma, [{ key: "t0:expired", limit: 5, windowMs: WINDOW }], start);
    await consumeRateLimits(db.prisma, [{ key: "t0:live", limit: 5, windowMs: WINDOW }], later);
    const random = vi.spyOn(Math, "random").mockReturnValue(0);
    try {
      expect((await consumeRateLimits(db.prisma, [{ key: "t0:sweeper", limit: 5, windowMs: WINDOW }], later)).allowed).toBe(true);
    } finally {
      random.mockRestore();
    }
    const keys = () => db.runner.query<{ key: string }>("SELECT key FROM rate_limit_counters WHERE key LIKE 't0:%' ORDER BY key");
    await expect.poll(async () => (await keys()).map((row) => row.key)).toEqual(["t0:live", "t0:sweeper"]);
  });

  it("refuses a whole shop across addresses and sessions once its per-shop limit is used", async () => {
    const verdicts = [];
    for (let i = 0; i < 9; i++) verdicts.push(await consumeRateLimits(db.prisma, chatRules(`s${i}`, `10.0.1.${i}`, "shop-b"), start + 1_000));
    expect(verdicts.slice(0, 8).every((verdict) => verdict.allowed)).toBe(true);
    expect(verdicts[8]).toMatchObject({ allowed: false, key: "t1:shop:shop-b" });
    // Another shop is not affected.
    expect((await consumeRateLimits(db.prisma, chatRules("s0", "10.0.2.1", "shop-c"), start + 1_000)).allowed).toBe(true);
  });

  it("counts again from zero in the next window, with Retry-After the rest of the current one", async () => {
    const rules: RateLimitRule[] = [{ key: "t2:session", limit: 1, windowMs: WINDOW }];
    expect((await consumeRateLimits(db.prisma, rules, start + 45_000)).allowed).toBe(true);
    const refused = await consumeRateLimits(db.prisma, rules, start + 45_000);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 15 });
    expect((await consumeRateLimits(db.prisma, rules, start + WINDOW + 1)).allowed).toBe(true);
  });

  it("throws a 429 with Retry-After for routes", async () => {
    const rules: RateLimitRule[] = [{ key: "t3:route", limit: 1, windowMs: WINDOW }];
    await enforceRateLimits(db.prisma, rules);
    const error = await enforceRateLimits(db.prisma, rules).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(429);
    expect(Number((error as HttpError).headers["retry-after"])).toBeGreaterThanOrEqual(1);
  });

  it("does not count a request refused by an earlier rule against the later ones (issue 8 item 10)", async () => {
    const rules = (session: string): RateLimitRule[] => [
      { key: `t4:session:${session}`, limit: 2, windowMs: WINDOW },
      { key: "t4:shop", limit: 5, windowMs: WINDOW },
    ];
    const flood = [];
    for (let i = 0; i < 10; i++) flood.push(await consumeRateLimits(db.prisma, rules("attacker"), start));
    expect(flood.filter((verdict) => verdict.allowed)).toHaveLength(2);
    expect(flood[9]).toMatchObject({ allowed: false, key: "t4:session:attacker" });
    // The eight refused requests left the shop's bucket alone: three other shoppers still get in.
    for (const shopper of ["a", "b", "c"]) expect((await consumeRateLimits(db.prisma, rules(shopper), start)).allowed).toBe(true);
    expect(await consumeRateLimits(db.prisma, rules("d"), start)).toMatchObject({ allowed: false, key: "t4:shop" });
  });

  it("counts a key named twice in one list twice, as two separate rules would", async () => {
    const rules: RateLimitRule[] = [
      { key: "t5:twice", limit: 3, windowMs: WINDOW },
      { key: "t5:twice", limit: 3, windowMs: WINDOW },
    ];
    expect((await consumeRateLimits(db.prisma, rules, start)).allowed).toBe(true);
    expect(await consumeRateLimits(db.prisma, rules, start)).toMatchObject({ allowed: false, key: "t5:twice" });
    const [row] = await db.runner.query<{ count: number }>("SELECT count FROM rate_limit_counters WHERE key = 't5:twice'");
    expect(Number(row.count)).toBe(4);
  });

  it("skips rules without a limit and counts the rest", async () => {
    const rules: RateLimitRule[] = [
      { key: "t6:off", limit: 0, windowMs: WINDOW },
      { key: "t6:on", limit: 1, windowMs: WINDOW },
    ];
    expect((await consumeRateLimits(db.prisma, rules, start)).allowed).toBe(true);
    expect(await consumeRateLimits(db.prisma, rules, start)).toMatchObject({ allowed: false, key: "t6:on" });
    expect(await db.runner.query("SELECT count FROM rate_limit_counters WHERE key = 't6:off'")).toEqual([]);
  });

  it("reads a column alongside the counters in the same statement, whatever the verdict and however the rules are counted", async () => {
    const column = Prisma.sql`(SELECT count(*)::int FROM rate_limit_counters WHERE key LIKE ${"t7:%"})`;
    const rules: RateLimitRule[] = [{ key: "t7:one", limit: 1, windowMs: WINDOW }];
    // Read in the statement's snapshot: before its own upsert.
    expect(await consumeRateLimitsAlongside(db.prisma, rules, column, start)).toEqual({ verdict: { allowed: true, retryAfterSeconds: 0 }, alongside: 0 });
    expect(await consumeRateLimitsAlongside(db.prisma, rules, column, start)).toMatchObject({ verdict: { allowed: false, key: "t7:one" }, alongside: 1 });
    const twice: RateLimitRule[] = [
      { key: "t7:twice", limit: 5, windowMs: WINDOW },
      { key: "t7:twice", limit: 5, windowMs: WINDOW },
    ];
    expect(await consumeRateLimitsAlongside(db.prisma, twice, column, start)).toMatchObject({ verdict: { allowed: true }, alongside: 2 });
    expect(await consumeRateLimitsAlongside(db.prisma, [], Prisma.sql`${"plain"}::text`, start)).toEqual({ verdict: { allowed: true, retryAfterSeconds: 0 }, alongside: "plain" });
  });

  describe("with the row the later rules are keyed on looked up in the same statement", () => {
    // A subject of the test's own: rows of a VALUES list, so the counters are what is tested.
    const subject = (id: string | null, active = true) => ({
      select: Prisma.sql`SELECT * FROM (VALUES (${id}::text, ${active}::boolean)) AS row (id, active) WHERE id IS NOT NULL`,
      countsWhen: Prisma.sql`subject.active`,
    });
    const subjectRules = (session: string) => [
      { keyPrefix: "t8:session:", keySuffix: `:${session}`, limit: 2, windowMs: WINDOW },
      { keyPrefix: "t8:shop:", limit: 3, windowMs: WINDOW },
    ];
    const counter = async (key: string) =>
      Number((await db.prisma.$queryRaw<{ count: number }[]>`SELECT count FROM rate_limit_counters WHERE key = ${key}`)[0]?.count ?? 0);

    it("counts the address first, then the row's own rules keyed by its id, and reads the row and a column over its id", async () => {
      const address: RateLimitRule[] = [{ key: "t8:ip:a", limit: 10, windowMs: WINDOW }];
      const column = (id: Prisma.Sql) => Prisma.sql`'read for ' || ${id}`;
      const counted = await consumeRateLimitsForSubject(db.prisma, address, subject("shop-1"), subjectRules("s1"), column, start);
      expect(counted).toEqual({ verdict: { allowed: true, retryAfterSeconds: 0 }, subject: { id: "shop-1", active: true }, alongside: "read for shop-1" });
      expect([await counter("t8:ip:a"), await counter("t8:session:shop-1:s1"), await counter("t8:shop:shop-1")]).toEqual([1, 1, 1]);
      await consumeRateLimitsForSubject(db.prisma, address, subject("shop-1"), subjectRules("s1"), column, start);
      const refused = await consumeRateLimitsForSubject(db.prisma, address, subject("shop-1"), subjectRules("s1"), column, start);
      // The session's refusal names its full key and leaves the shop's counter to other sessions.
      expect(refused.verdict).toMatchObject({ allowed: false, key: "t8:session:shop-1:s1" });
      expect(await counter("t8:shop:shop-1")).toBe(2);
    });

    it("counts only the address when the row is missing or its rules do not apply, and nothing after a refused address", async () => {
      const address: RateLimitRule[] = [{ key: "t9:ip:b", limit: 2, windowMs: WINDOW }];
      const missing = await consumeRateLimitsForSubject(db.prisma, address, subject(null), subjectRules("s2"), undefined, start);
      expect(missing).toEqual({ verdict: { allowed: true, retryAfterSeconds: 0 }, subject: null, alongside: null });
      const inactive = await consumeRateLimitsForSubject(db.prisma, address, subject("shop-2", false), subjectRules("s2"), undefined, start);
      expect(inactive.subject).toEqual({ id: "shop-2", active: false });
      expect(await counter("t8:shop:shop-2")).toBe(0);
      const refused = await consumeRateLimitsForSubject(db.prisma, address, subject("shop-3"), subjectRules("s2"), undefined, start);
      expect(refused.verdict).toMatchObject({ allowed: false, key: "t9:ip:b" });
      expect(refused.subject).toEqual({ id: "shop-3", active: true });
      expect([await counter("t9:ip:b"), await counter("t8:session:shop-3:s2"), await counter("t8:shop:shop-3")]).toEqual([3, 0, 0]);
    });
  });
});
