import { Agent, request as httpRequest } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CATALOG } from "~/demo/catalog";
import { DEMO_SURVEY } from "~/demo/survey";
import { WIDGET_EVENT_TYPES } from "~/analytics/event-types";
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../support/app-server";

/**
 * Issue 8: random and hostile requests to every route of the build (its route manifest, so routes
 * added later are fuzzed too) must never get a 5xx nor log an internal error, and the server must
 * still be healthy afterwards. Bounded by count and time; `FUZZ_SEED`, `FUZZ_RUNS` reproduce/extend.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const RUNS = Number(process.env.FUZZ_RUNS ?? 6000);
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 60_000);
const ROOT = path.resolve(__dirname, "../..");

interface RouteEntry {
  id: string;
  /** e.g. "/api/shops/:shopId/data" */
  pattern: string;
  /** What the route serves (its `allowedMethods`, else GET for a loader and POST for an action). */
  methods: string[];
}

/** Every route of the server build with its full URL pattern (index routes share their parent's). */
async function routeManifest(): Promise<RouteEntry[]> {
  const build = await import(/* @vite-ignore */ pathToFileURL(path.join(ROOT, "build/server/index.js")).href);
  const routes = build.routes as Record<string, { id: string; parentId?: string; path?: string; module: Record<string, unknown> }>;
  const methodsOf = (module: Record<string, unknown>): string[] => {
    if (Array.isArray(module.allowedMethods)) return module.allowedMethods.length ? module.allowedMethods : ["GET"];
    return [...(module.loader || module.default ? ["GET"] : []), ...(module.action ? ["POST"] : [])];
  };
  const fullPath = (id: string): string => {
    const route = routes[id];
    const parent = route.parentId ? fullPath(route.parentId) : "";
    return route.path ? `${parent}/${route.path}`.replace(/\/+/g, "/") : parent;
  };
  return Object.values(routes)
    .filter((route) => route.parentId !== undefined)
    .map((route) => ({ id: route.id, pattern: fullPath(route.id) || "/", methods: methodsOf(route.module) }));
}

interface Shot {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });
let sent = 0;
const statuses = new Map<number, number>();

function send(base: string, shot: Shot): Promise<Answer> {
  sent++;
  return new Promise((resolve, reject) => {
    // Framed explicitly: node:http sends a DELETE/OPTIONS body with no length at all otherwise.
    const headers = shot.body === undefined ? shot.headers : { ...shot.headers, "content-length": String(Buffer.byteLength(shot.body)) };
    const req = httpRequest(`${base}${shot.path}`, { method: shot.method, headers, agent, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer in 20 s to ${shot.method} ${shot.path}`)));
    req.on("error", reject);
    req.end(shot.body);
  });
}

// ---- arbitraries ---------------------------------------------------------------------------------

/** Any UTF-16 code unit, so NULs, controls and lone surrogates all show up. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const HOSTILE_STRINGS = [
  "", " ", "\u0000", "a\u0000b", "\ud800", "x\udfffy", "\u202e", "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd",
  "/\\evil.example/phish", "/\t/evil.example", "javascript:alert(1)", "%00", "%ZZ", "NaN", "null", "__proto__", "constructor",
  "a".repeat(3000), "я".repeat(2100), "😀".repeat(600),
];
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: codeUnit, maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
);
const hostileNumber = fc.oneof(fc.constantFrom(0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
const hostileScalar = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileScalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** The real value most of the time (so requests get past validation), something hostile otherwise. */
const mostly = <T,>(real: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: real }, { weight: 1, arbitrary: hostileValue });
/** An object whose fields are mostly right, sometimes wrong, sometimes missing, sometimes extra. */
function nearly(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const record = fc.record(Object.fromEntries(Object.entries(fields).map(([key, arb]) => [key, mostly(arb)])));
  const rarely = <T,>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
  const dropped = rarely(fc.constantFrom(...Object.keys(fields)));
  const extra = rarely(fc.dictionary(hostileString, hostileValue, { maxKeys: 2 }));
  return fc.tuple(record, dropped, extra).map(([known, drop, more]) => {
    const out: Record<string, unknown> = { ...(more ?? {}), ...known };
    if (drop) delete out[drop];
    return out;
  });
}

interface Ids {
  shopId: string;
  publicKey: string;
  otherShopId: string;
  surveyId: string;
  productIds: string[];
  messageIds: string[];
  /** A session with a widget page view on the demo shop, so pixel orders get past the session check. */
  viewedSessionId: string;
}

function bodiesFor(pattern: string, ids: Ids): fc.Arbitrary<unknown> {
  const publicKey = fc.oneof({ weight: 5, arbitrary: fc.constant(ids.publicKey) }, { weight: 1, arbitrary: fc.uuid() });
  const sessionId = fc.uuid({ version: 4 });
  const message = fc.oneof(fc.constantFrom("Do you have a warm jacket?", "Где мой заказ #1001?", "my email is anna@example.com"), hostileString);
  const product = nearly({ id: fc.oneof(fc.constantFrom(...ids.productIds), fc.string()), name: fc.string({ minLength: 1 }), description: fc.string(), price: fc.nat(), url: fc.constantFrom("/products/x", "https://cdn.example/x", "/\\evil.example"), image: fc.constantFrom("/i.png", "//evil.example/i.png") });
  const templates: Record<string, fc.Arbitrary<unknown>> = {
    "/api/chat": nearly({ shopPublicKey: publicKey, sessionId, message, lang: fc.constantFrom("ru", "en", "xx"), page: nearly({ url: fc.webUrl(), title: fc.string() }) }),
    "/api/chat/feedback": nearly({ shopPublicKey: publicKey, sessionId, messageId: fc.constantFrom(...ids.messageIds), vote: fc.constantFrom("up", "down"), comment: fc.string() }),
    "/api/analytics/events": nearly({
      shopPublicKey: publicKey,
      sessionId,
      events: fc.array(nearly({ type: fc.constantFrom(...WIDGET_EVENT_TYPES), occurredAt: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(Date.now(), new Date().toISOString()) }, { weight: 1, arbitrary: fc.constantFrom("1999-01-01T00:00:00Z", 4102444800000, "2026-13-45") }), pageUrl: fc.webUrl(), metadata: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })) }), { minLength: 1, maxLength: 3 }).chain((events) => fc.oneof({ weight: 9, arbitrary: fc.constant(events) }, { weight: 1, arbitrary: fc.constant(Array.from({ length: 51 }, () => events[0])) })),
    }),
    "/api/pixel/orders": nearly({
      shopPublicKey: publicKey,
      orderId: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.nat()),
      sessionId: fc.oneof({ weight: 3, arbitrary: fc.constant(ids.viewedSessionId) }, { weight: 1, arbitrary: sessionId }),
      currency: fc.constantFrom("EUR", "usd", "euro"),
      total: fc.oneof(fc.double({ noNaN: true }), fc.constantFrom("129.90", "-1", "1e3")),
      holdoutGroup: fc.constantFrom("treatment", "control", "other"),
      lineItems: fc.array(nearly({ productId: fc.constantFrom(...ids.productIds), variantId: fc.string(), quantity: fc.integer() }), { maxLength: 3 }),
    }),
    "/api/surveys/:surveyId/responses": nearly({ shopPublicKey: publicKey, sessionId, answers: fc.dictionary(fc.constantFrom(...DEMO_SURVEY.questions.map((q) => q.id)), hostileValue), metadata: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })) }),
    "/api/shops": nearly({ name: fc.string({ minLength: 1 }), platform: fc.constantFrom("standalone", "shopify", "woocommerce"), domain: fc.domain() }),
    "/api/shops/:shopId/data": nearly({ products: fc.array(product, { maxLength: 5 }), faq: fc.array(nearly({ question: fc.string({ minLength: 1 }), answer: fc.string({ minLength: 1 }) }), { maxLength: 3 }) }),
  };
  return fc.oneof({ weight: 3, arbitrary: templates[pattern] ?? fc.dictionary(hostileString, hostileValue, { maxKeys: 5 }) }, { weight: 1, arbitrary: hostileValue });
}

/** The body as bytes: mostly JSON, sometimes broken, deeply nested, oversized or not JSON at all. */
function rawBody(value: fc.Arbitrary<unknown>): fc.Arbitrary<string | Buffer | undefined> {
  return fc.oneof(
    { weight: 8, arbitrary: value.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: value.map((v) => JSON.stringify(v) ?? "").chain((json) => fc.nat({ max: Math.max(0, json.length - 1) }).map((cut) => json.slice(0, cut))) },
    { weight: 1, arbitrary: fc.constantFrom("[".repeat(5000), '{"a":'.repeat(3000), "1e99999", '"\\ud800"', '{"__proto__":{"polluted":1}}', "\u0000", "null", "", "x=1&y=2") },
    { weight: 1, arbitrary: fc.nat({ max: 80_000 }).map((size) => JSON.stringify({ message: "x".repeat(size) })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** A URL can only carry well-formed text: lone surrogates become U+FFFD on the way (as in browsers). */
const encode = (value: string) => encodeURIComponent(Buffer.from(value, "utf8").toString("utf8"));

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "SEARCH", "PURGE"];

function shots(routes: RouteEntry[], ids: Ids): fc.Arbitrary<Shot> {
  const paramValue = (name: string): fc.Arbitrary<string> => {
    const real: Record<string, string[]> = {
      shopId: [ids.shopId, ids.otherShopId],
      surveyId: [ids.surveyId],
      sourceType: ["product", "faq", "policy", "page"],
      sourceId: ids.productIds,
      handle: DEMO_CATALOG.products.slice(0, 3).map((p) => (p.url ?? "").split("/").pop() ?? ""),
    };
    const hostileSegment = fc.oneof(hostileString.map(encode), fc.constantFrom("%00", "%ZZ", "..%2F..%2F", "%ED%A0%80", "a%2Fb"));
    return fc.oneof({ weight: 3, arbitrary: real[name] ? fc.constantFrom(...real[name]) : fc.uuid() }, { weight: 1, arbitrary: fc.uuid() }, { weight: 2, arbitrary: hostileSegment });
  };
  const fillPath = (pattern: string) =>
    fc.tuple(...pattern.split("/").map((segment) => {
      if (segment === "*") return fc.array(paramValue("*"), { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/"));
      if (segment.startsWith(":")) return paramValue(segment.slice(1).replace(/\?$/, ""));
      return fc.constant(segment);
    })).map((parts) => parts.join("/") || "/");
  const query = fc.oneof(
    fc.constant(""),
    fc.constant(`?shopPublicKey=${ids.publicKey}&lang=ru`),
    fc.dictionary(fc.constantFrom("shopPublicKey", "lang", "page", "pageSize", "sourceType", "mode", "wait", "confirmRemoval", "shop", "_data", "index"), fc.oneof(fc.constantFrom(ids.publicKey, "full", "merge", "1", "-1", "99999999999", "true"), hostileString), { maxKeys: 4 })
      .map((params) => `?${Object.entries(params).map(([k, v]) => `${k}=${encode(v)}`).join("&")}`),
    fc.constantFrom("?lang=%00", "?page=%ZZ", "?a=%ED%A0%80", "?" + "x=1&".repeat(500)),
  );
  const headers = fc.record(
    {
      "content-type": fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/html", "application/json; charset=latin1", "*/*"),
      accept: fc.constantFrom("application/json", "text/event-stream", "text/html", "*/*", "application/xml"),
      authorization: fc.constantFrom(`Bearer ${TEST_ADMIN_TOKEN}`, `Bearer ${TEST_ADMIN_TOKEN}`, "Bearer wrong", "Bearer ", "Basic YTpi", `bearer   ${TEST_ADMIN_TOKEN}  `),
      "x-forwarded-for": fc.constantFrom("1.2.3.4", "::1, 10.0.0.1", "garbage"),
      "content-encoding": fc.constantFrom("gzip", "identity"),
      origin: fc.constantFrom("https://evil.example", "null"),
    },
    { requiredKeys: [] },
  );
  return fc
    .constantFrom(...routes)
    .chain((route) =>
      fc.record({
        method: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...route.methods) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
        path: fc.tuple(fillPath(route.pattern), query).map(([p, q]) => p + q),
        headers,
        body: rawBody(bodiesFor(route.pattern, ids)),
      }),
    )
    .map((shot) => {
      // HEAD and GET requests carry no body (clients and proxies drop it anyway).
      const body = shot.method === "GET" || shot.method === "HEAD" ? undefined : shot.body;
      return { ...shot, body };
    });
}

// ---- the test ------------------------------------------------------------------------------------

describe("fuzzing every route of the build", () => {
  let app: TestApp;
  let ids: Ids;
  let routes: RouteEntry[];
  const internalErrors: string[] = [];
  const originalConsoleError = console.error;
  const originalConsoleWarn = console.warn;

  beforeAll(async () => {
    app = await startTestApp({
      PALOMPY_DEMO: "1",
      SHOPIFY_API_KEY: undefined,
      SHOPIFY_API_SECRET: undefined,
      // The WooCommerce connector answers 503 without a key: configure it so its routes are fuzzed too.
      PALOMPY_SECRET_KEY: "fuzz-secret-key-fuzz-secret-key-0123456789",
      // High enough that most requests reach the handlers instead of the limiter.
      PALOMPY_RATE_CHAT_PER_SESSION: "100000",
      PALOMPY_RATE_CHAT_PER_IP: "100000",
      PALOMPY_RATE_CHAT_PER_SHOP: "100000",
      PALOMPY_RATE_PUBLIC_PER_IP: "100000",
      PALOMPY_RATE_ADMIN_PER_IP: "100000",
      PALOMPY_RATE_ADMIN_AUTH_FAILURES_PER_IP: "100000",
    });
    const prisma = app.context.db.prisma;
    const demo = app.report.demo!;
    const other = await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name: "Other shop" }) });
    const survey = await prisma.survey.findFirstOrThrow({ where: { shopId: demo.shopId } });
    const chat = await app.admin("/api/chat", { method: "POST", body: JSON.stringify({ shopPublicKey: demo.publicKey, sessionId: crypto.randomUUID(), message: "warm jacket?" }) });
    const viewedSessionId = crypto.randomUUID();
    const view = await fetch(`${app.url}/api/analytics/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ shopPublicKey: demo.publicKey, sessionId: viewedSessionId, events: [{ type: "page_view", occurredAt: Date.now() }] }),
    });
    expect(view.status).toBe(202);
    ids = {
      viewedSessionId,
      shopId: demo.shopId,
      publicKey: demo.publicKey,
      otherShopId: ((await other.json()) as { id: string }).id,
      surveyId: survey.id,
      productIds: DEMO_CATALOG.products.slice(0, 5).map((p) => String(p.id)),
      messageIds: [((await chat.json()) as { messageId: string }).messageId, crypto.randomUUID()],
    };
    routes = await routeManifest();
    // An internal error may hide behind a 4xx or inside an SSE stream: the log tells.
    console.error = (...args: unknown[]) => {
      const line = args.map((arg) => (arg instanceof Error ? arg.stack : String(arg))).join(" ");
      if (/unexpected error|chat turn failed/.test(line)) internalErrors.push(line.slice(0, 2000));
      originalConsoleError(...args);
    };
    // Remix warns about every malformed %-escape it sees; thousands of them would bury the report.
    console.warn = (...args: unknown[]) => {
      if (!/could not be decoded/.test(String(args[0]))) originalConsoleWarn(...args);
    };
  });
  afterAll(async () => {
    console.error = originalConsoleError;
    console.warn = originalConsoleWarn;
    agent.destroy();
    await app?.close();
  });

  it("covers the whole route manifest, including the API and admin endpoints", () => {
    const patterns = routes.map((route) => route.pattern);
    for (const expected of ["/api/chat", "/api/chat/feedback", "/api/analytics/events", "/api/pixel/orders", "/api/shops", "/api/shops/:shopId/data", "/api/surveys/active"]) {
      expect(patterns).toContain(expected);
    }
  });

  it("never answers 5xx, always the JSON error shape under /api, and logs no internal error", async () => {
    const started = Date.now();
    const before = sent;
    try {
      await fc.assert(
        fc.asyncProperty(shots(routes, ids), async (shot) => {
          const answer = await send(app.url, shot);
          const where = `${shot.method} ${shot.path.slice(0, 200)} → ${answer.status} ${answer.text.slice(0, 300)}`;
          if (answer.status >= 500) throw new Error(`5xx: ${where}`);
          // 431 (headers or URL too long) comes from Node's HTTP parser, before any application code.
          if (shot.path.startsWith("/api/") && answer.status >= 400 && answer.status !== 431 && shot.method !== "HEAD") {
            if (!answer.contentType.includes("application/json")) throw new Error(`not JSON: ${where}`);
            const code = (JSON.parse(answer.text) as { error?: { code?: unknown } }).error?.code;
            if (typeof code !== "string") throw new Error(`not the error shape: ${where}`);
          }
          if (internalErrors.length > 0) throw new Error(`internal error logged for ${where}:\n${internalErrors.join("\n")}`);
        }),
        { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, endOnFailure: true },
      );
    } finally {
      const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(" ");
      console.log(`fuzz: ${sent - before} requests to ${routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED}; FUZZ_SEED=${SEED} reproduces): ${byStatus}`);
    }
    expect(sent - before).toBeGreaterThan(500);
  }, 180_000);

  it("is healthy afterwards: /healthz, /readyz and a normal chat answer", async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    const reply = await fetch(`${app.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ shopPublicKey: ids.publicKey, sessionId: crypto.randomUUID(), message: "Do you have a warm winter jacket?" }),
    });
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as { answer: string }).answer.length).toBeGreaterThan(0);
  });
});
