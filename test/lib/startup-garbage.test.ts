// collectStartupGarbage: startup ends with one full collection (see app/startup-garbage.server.ts),
// and borrowing V8's collector leaves no `gc` behind for contexts created afterwards.
import { PerformanceObserver, constants, type PerformanceEntry } from "node:perf_hooks";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { collectStartupGarbage } from "~/startup-garbage.server";

function collectionsDuring(run: () => void): Promise<number[]> {
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { detail?: { kind?: number } }>) kinds.push(entry.detail?.kind ?? -1);
  });
  observer.observe({ entryTypes: ["gc"] });
  run();
  // GC entries are delivered on a later turn of the event loop.
  return new Promise((resolve) =>
    setTimeout(() => {
      observer.disconnect();
      resolve(kinds);
    }, 50),
  );
}

describe("collectStartupGarbage", () => {
  it("runs one full (major) collection", async () => {
    const kinds = await collectionsDuring(collectStartupGarbage);
    expect(kinds).toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
  });

  it("does not expose gc to contexts created afterwards, and can be called again", async () => {
    const exposedBefore = typeof (globalThis as { gc?: unknown }).gc;
    collectStartupGarbage();
    expect(runInNewContext("typeof gc")).toBe(exposedBefore === "function" ? "function" : "undefined");
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe(exposedBefore);
    const kinds = await collectionsDuring(collectStartupGarbage);
    expect(kinds).toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
  });
});
