/**
 * Teardown that cannot hang a test file: once in a loaded CI run an afterAll waited out vitest's
 * whole hook timeout (120 s) closing a browser or an app whose tests had all passed, and the file
 * failed. Each step gets its own bound; one that overruns is named on stderr (so a real shutdown
 * hang stays visible) and the next step still runs. Shutdown itself is tested in
 * test/http/shutdown-and-logs.test.ts.
 */
export async function closeWithin(ms: number, label: string, close: () => Promise<unknown> | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const overran = new Promise<"overran">((resolve) => {
    timer = setTimeout(() => resolve("overran"), ms);
  });
  try {
    const outcome = await Promise.race([Promise.resolve(close()).then(() => "closed" as const), overran]);
    if (outcome === "overran") console.error(`[teardown] ${label} did not finish within ${ms} ms; going on`);
  } catch (error) {
    console.error(`[teardown] ${label} failed:`, error);
  } finally {
    clearTimeout(timer);
  }
}
