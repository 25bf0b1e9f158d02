import pg from "pg";
import { vi } from "vitest";

/** Records the text of every statement node-postgres sends from now until `stop()`. */
export function recordStatements(): { sent: string[]; stop: () => void } {
  const sent: string[] = [];
  const query = pg.Client.prototype.query;
  const spy = vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (this: pg.Client, text: unknown, ...rest: unknown[]) {
    sent.push(typeof text === "string" ? text : String((text as { text?: string }).text));
    return (query as (...args: unknown[]) => unknown).call(this, text, ...rest);
  } as typeof query);
  return { sent, stop: () => spy.mockRestore() };
}
