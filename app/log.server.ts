import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Structured logs: one JSON object per line on stdout (errors on stderr), with the request id of
 * the HTTP request being served, and shoppers' emails and phone numbers masked wherever they
 * appear (messages, fields, error messages and stacks).
 */

export type LogLevel = "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `fn` with `requestId` attached to every line it logs (the HTTP server wraps each request). */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requestScope.run({ requestId }, fn);
}

// Starts only where a run of address characters starts: from inside a long run without "@" (a long
// path) it would rescan the rest of the run at every position, quadratic in the logged text.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
// Seven or more digits, optionally with a leading + and the usual separators between them.
const PHONE = /(?<![\p{L}\p{N}])\+?\d(?:[\s().-]{0,2}\d){6,}(?![\p{L}\p{N}])/gu;
// Ids and timestamps are digits too: these keys are never personal data and are left as they are.
const UNMASKED_KEYS = new Set(["time", "requestId", "jobId", "shopId", "status", "ms", "reference"]);

export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, (email) => `***@${email.split("@")[1]}`).replace(PHONE, (phone) => `${"*".repeat(Math.max(0, phone.length - 2))}${phone.slice(-2)}`);
}

function masked(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return maskPersonalData(value);
  if (value instanceof Error) {
    return { name: value.name, message: maskPersonalData(value.message), ...(value.stack ? { stack: maskPersonalData(value.stack) } : {}), ...("cause" in value && value.cause ? { cause: masked(value.cause, depth + 1) } : {}) };
  }
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => masked(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, UNMASKED_KEYS.has(key) ? item : masked(item, depth + 1)]));
}

const SEVERITY = { info: 0, warn: 1, error: 2, silent: 3 } as const;

/** PALOMPY_LOG_LEVEL (info, warn, error, silent), read per line so tests and tools can change it. */
function enabled(level: LogLevel): boolean {
  const threshold = SEVERITY[(process.env.PALOMPY_LOG_LEVEL ?? "info") as keyof typeof SEVERITY] ?? SEVERITY.info;
  return SEVERITY[level] >= threshold;
}

export function logLine(level: LogLevel, message: string, fields: LogFields = {}): void {
  if (!enabled(level)) return;
  const requestId = requestScope.getStore()?.requestId;
  const entry = { time: new Date().toISOString(), level, msg: maskPersonalData(message), ...(requestId ? { requestId } : {}), ...(masked(fields) as LogFields) };
  let line: string;
  try {
    line = JSON.stringify(entry);
  } catch {
    line = JSON.stringify({ time: entry.time, level, msg: entry.msg, requestId, note: "fields were not serialisable" });
  }
  (level === "error" ? process.stderr : process.stdout).write(`${line}\n`);
}

export const log = {
  info: (message: string, fields?: LogFields) => logLine("info", message, fields),
  warn: (message: string, fields?: LogFields) => logLine("warn", message, fields),
  error: (message: string, fields?: LogFields) => logLine("error", message, fields),
};
