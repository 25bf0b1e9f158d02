import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const ROOT = path.resolve(__dirname, "../..");
export const ARTIFACTS = path.join(ROOT, "test-results/widget");

/** Debian's chromium (apt-get install chromium); tests never download a browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** Builds the widget into a private folder, so a concurrent `npm run build` cannot pull it away. */
export function buildWidgetInto(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "palompy-widget-"));
  execFileSync(process.execPath, [path.join(ROOT, "scripts/build-widget.mjs"), "--out", dir], { stdio: "pipe" });
  return dir;
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/** Console warnings and page errors, for "warns, never crashes" assertions. */
export function recordConsole(page: Page) {
  const warnings: string[] = [];
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "warning") warnings.push(message.text());
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  return { warnings, errors };
}

/** Text of the widget's shadow DOM matching a selector (Playwright CSS pierces open shadow roots). */
export const widget = (page: Page, selector: string) => page.locator(`palompy-widget ${selector}`);
