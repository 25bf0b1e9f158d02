import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { check, type Diagnostics } from "recheck";
import { describe, expect, it } from "vitest";
import { regexSites } from "./regex-inventory";

/**
 * Static ReDoS check (recheck) of every regular expression in app/, widget/ and server/: a pattern
 * whose matching time can grow faster than linearly with the input ("vulnerable") fails the test
 * with its file:line and recheck's attack string. The adversarial test (redos-adversarial.test.ts)
 * runs the patterns that see outside input against such strings at full length.
 *
 * recheck's fuzzer works against time limits, and on a busy machine it has called linear patterns
 * polynomial. So a "vulnerable" verdict counts once it is confirmed: its attack string (sized by
 * recheck to read about 10⁹ characters) is replayed in this very engine (V8, in a worker) and must
 * take at least CONFIRM_MS. A real polynomial or exponential pattern takes seconds on it; a false
 * alarm takes milliseconds. Unconfirmed alarms are printed, never silently dropped.
 *
 * recheck takes from milliseconds to seconds per pattern, so verdicts of "safe" are kept in
 * redos-verdicts.json, keyed by the exact pattern, flags and recheck version: a pattern that is
 * new or changed is checked now. PALOMPY_REDOS_RECORD=1 rewrites the file from this run (every
 * pattern checked afresh, stale entries dropped).
 */

const root = path.resolve(__dirname, "../..");
const VERDICTS_FILE = path.join(__dirname, "redos-verdicts.json");
const RECHECK_VERSION = (createRequire(import.meta.url)("recheck/package.json") as { version: string }).version;
const RECORD = process.env.PALOMPY_REDOS_RECORD === "1";

/**
 * Patterns built at run time from data, which no static tool can see. Each entry is the file and
 * the constructor's argument as written, with why it is safe; a new one fails the test until it is
 * listed here with its reason.
 */
const BUILT_FROM_DATA: Record<string, string> = {
  // Literal email/name of the redaction request, every metacharacter escaped: plain text search.
  "app/shopify/compliance.server.ts escape(email)": "escaped literal text",
  "app/shopify/compliance.server.ts `(?<![\\\\p{L}])${escape(name.trim())}(?![\\\\p{L}])`": "escaped literal text between two lookarounds",
  // Digits of a phone number with optional separators between them: separators and digits are
  // disjoint classes, so every character has one way to match.
  'app/shopify/compliance.server.ts `(?:\\\\+?\\\\d{1,3}[\\\\s().-]*)?${tail.split("").join("[\\\\s().-]*")}`': "digits and separators are disjoint",
  // A fixed key name passed by the caller ("id", "admin_graphql_api_id"…), then \s*:\s*(\d+).
  'app/shopify/webhooks.server.ts `"${key}"\\\\s*:\\\\s*(\\\\d+)`': "literal key, then disjoint classes",
};

/** Patterns recheck cannot decide (timeout, unsupported syntax) that the adversarial test covers. None today. */
const UNDECIDED_BUT_COVERED: Record<string, string> = {};

/** No overall timeout: a slow check on a busy machine must end in a verdict, not "unknown". */
const PARAMS = { timeout: null, randomSeed: 0 } as const;
/** A confirmed attack holds V8 this long at least (a linear pattern reads 10⁶ characters in about a millisecond). */
const CONFIRM_MS = 200;
/** Replays stop here: an exponential pattern would otherwise never return. */
const REPLAY_LIMIT_MS = 5_000;

/** Milliseconds V8 spends on one match attempt of `input` (REPLAY_LIMIT_MS when cut off). */
function replayMs(source: string, flags: string, input: string): Promise<number> {
  const code = `const { parentPort, workerData: w } = require("node:worker_threads");
    const pattern = new RegExp(w.source, w.flags);
    const started = performance.now();
    pattern.exec(w.input);
    parentPort.postMessage(performance.now() - started);`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { source, flags, input } });
    const timer = setTimeout(() => void worker.terminate().then(() => resolve(REPLAY_LIMIT_MS)), REPLAY_LIMIT_MS);
    worker.once("message", (elapsed: number) => {
      clearTimeout(timer);
      void worker.terminate().then(() => resolve(elapsed));
    });
    worker.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

interface VerdictFile {
  recheck: string;
  safe: string[];
}

const keyOf = (source: string, flags: string) => `/${source}/${flags}`;

function recordedVerdicts(): Set<string> {
  if (RECORD || !existsSync(VERDICTS_FILE)) return new Set();
  const file = JSON.parse(readFileSync(VERDICTS_FILE, "utf8")) as VerdictFile;
  return file.recheck === RECHECK_VERSION ? new Set(file.safe) : new Set();
}

/** Runs `work` over `items`, `width` at a time (recheck's agent checks concurrently). */
async function inBatches<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    }),
  );
  return results;
}

describe("static ReDoS check of every regular expression (recheck)", () => {
  const sites = regexSites(root, ["app", "widget/src", "server"]);

  it("finds the patterns it is meant to check (the inventory itself works)", () => {
    expect(sites.length).toBeGreaterThan(200);
    const orderPattern = sites.find((site) => site.where.startsWith("app/chat/lead-extractor.ts") && site.source?.includes("заказ"));
    expect(orderPattern).toBeDefined();
    // A `new RegExp` over same-file constants is resolved, not skipped.
    expect(sites.find((site) => site.where.startsWith("app/chat/intents.ts") && site.written.includes("${AMOUNT}"))?.source).toContain("(\\d[\\d\\s\\u00a0]*");
  });

  it("every pattern built from run-time data is listed with the reason it is safe", () => {
    const dynamic = sites.filter((site) => site.source === null).map((site) => `${site.where.replace(/:\d+$/, "")} ${site.written}`);
    expect(dynamic.filter((key) => !(key in BUILT_FROM_DATA))).toEqual([]);
  });

  it("no pattern is vulnerable to catastrophic backtracking", { timeout: 30 * 60_000 }, async () => {
    const known = recordedVerdicts();
    const distinct = new Map<string, { source: string; flags: string; where: string[] }>();
    for (const site of sites) {
      if (site.source === null) continue;
      // "g" and "y" change where a search starts, not how one match attempt backtracks.
      const flags = site.flags.replace(/[gy]/g, "");
      const key = keyOf(site.source, flags);
      const entry = distinct.get(key) ?? { source: site.source, flags, where: [] };
      entry.where.push(site.where);
      distinct.set(key, entry);
    }
    const pending = [...distinct.entries()].filter(([key]) => !known.has(key));
    const verdicts = await inBatches(pending, 2, async ([key, entry]) => {
      const diagnostics: Diagnostics = await check(entry.source, entry.flags, PARAMS);
      const replay = diagnostics.status === "vulnerable" ? await replayMs(entry.source, entry.flags, diagnostics.attack.string) : 0;
      return { key, entry, diagnostics, replay };
    });

    const failures: string[] = [];
    const unconfirmed: string[] = [];
    for (const { key, entry, diagnostics, replay } of verdicts) {
      if (diagnostics.status === "vulnerable" && replay >= CONFIRM_MS) {
        failures.push(`${entry.where.join(", ")}: ${key} is vulnerable (${diagnostics.complexity.summary}; ${replay >= REPLAY_LIMIT_MS ? "over" : ""} ${replay.toFixed(0)} ms in V8); attack: ${diagnostics.attack.pattern}`);
      } else if (diagnostics.status === "vulnerable") {
        unconfirmed.push(`${entry.where.join(", ")}: ${key}: recheck says ${diagnostics.complexity.summary}, but its attack ${diagnostics.attack.pattern} takes ${replay.toFixed(1)} ms in V8`);
      } else if (diagnostics.status === "unknown" && !(key in UNDECIDED_BUT_COVERED)) {
        failures.push(`${entry.where.join(", ")}: ${key} could not be decided (${diagnostics.error.kind}); make it simpler or list it in UNDECIDED_BUT_COVERED with the adversarial test that covers it`);
      }
    }
    if (unconfirmed.length) console.info(`redos-static: unconfirmed alarms (not failures):\n${unconfirmed.join("\n")}`);
    if (RECORD || pending.length) {
      const safe = [...known, ...verdicts.filter((verdict) => verdict.diagnostics.status === "safe" || (verdict.diagnostics.status === "vulnerable" && verdict.replay < CONFIRM_MS)).map((verdict) => verdict.key)];
      const current = new Set(distinct.keys());
      if (RECORD) writeFileSync(VERDICTS_FILE, `${JSON.stringify({ recheck: RECHECK_VERSION, safe: safe.filter((key) => current.has(key)).sort() } satisfies VerdictFile, null, 1)}\n`);
      else if (!failures.length) console.info(`redos-static: ${pending.length} pattern(s) checked afresh; PALOMPY_REDOS_RECORD=1 records their verdicts in ${path.relative(root, VERDICTS_FILE)}`);
    }
    expect(failures).toEqual([]);
  });
});
