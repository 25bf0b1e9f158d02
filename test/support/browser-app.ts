import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "../widget/browser";
import { startTestApp, type TestApp } from "./app-server";
import { closeWithin } from "./bounded-teardown";

export interface RunningAppAndBrowser {
  readonly app: TestApp;
  readonly browser: Browser;
}

/**
 * A browser test file's app and Chromium: the production build (`npm run build` first) started
 * with `env` before the file's tests, both closed after them within bounds (bounded-teardown.ts).
 * Call it at the top of the file; read `app` and `browser` inside tests and hooks, once they run.
 */
export function appAndBrowserForFile(env: Record<string, string | undefined>): RunningAppAndBrowser {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startTestApp(env);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await closeWithin(30_000, "browser.close", () => browser?.close());
    await closeWithin(60_000, "app.close", () => app?.close());
  });
  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`the test ${name} starts in beforeAll: read it inside a test or hook`);
    return value;
  };
  return {
    get app() {
      return started(app, "app");
    },
    get browser() {
      return started(browser, "browser");
    },
  };
}
