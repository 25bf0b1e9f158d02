// The console's knowledge page in Chromium at 390 px while an upload runs as a background import:
// the job's progress bar has an accessible name and value and the page passes axe while it runs,
// then the bar goes, the finished import shows and a live region announces it. The job is real (the upload's queue, database
// and import code); what holds it mid-way is its embedding provider, an OpenAI-wire test server
// that keeps one embeddings request open until the test lets it answer.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPENAI_MAX_INPUTS_PER_REQUEST } from "~/knowledge/embedders/openai.server";
import { IMPORT_BATCH_CHUNKS } from "~/knowledge/store.server";
import { startTestApp, type TestApp } from "../support/app-server";
import { closeWithin } from "../support/bounded-teardown";
import { startOpenAIWireServer, type OpenAIWireServer } from "../support/openai-wire-server";
import { launchBrowser, recordConsole, ROOT } from "../widget/browser";
import { seriousViolations } from "./axe";
import { logInToConsole } from "./log-in";

const SHOTS = path.join(ROOT, "test-results/console");
// One write batch and a bit: the first batch is stored (the bar moves off 0), the second is held.
const PRODUCTS = IMPORT_BATCH_CHUNKS + 88;

let app: TestApp;
let wire: OpenAIWireServer;
let browser: Browser;
let releaseEmbeddings: () => void = () => undefined;

beforeAll(async () => {
  wire = await startOpenAIWireServer({ embeddingDimensions: 1536 });
  app = await startTestApp({
    PALOMPY_EMBEDDER: "openai",
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: wire.baseURL,
    // The held request stays open while the test looks at the page: the client must not give up on it.
    OPENAI_TIMEOUT_MS: "120000",
    PALOMPY_RATE_ADMIN_PER_IP: "100000",
  });
  await app.createShop("Fjell Outdoor");
  browser = await launchBrowser();
});
afterAll(async () => {
  releaseEmbeddings();
  await closeWithin(30_000, "browser.close", () => browser?.close());
  await closeWithin(60_000, "app.close", () => app?.close());
  await closeWithin(10_000, "wire.close", () => wire?.close());
});

function catalogFile() {
  const products = Array.from({ length: PRODUCTS }, (_, i) => ({ id: `jacket-${i}`, name: `Down jacket model ${i}`, description: `Warm, light down jacket number ${i} for winter hikes.`, price: 150 + i }));
  return { name: "catalog.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ products })) };
}

/** What the page says about the held import: "… · 512 of 600 items" in the bar's accessible name. */
async function progressShown(page: Page) {
  const bar = page.getByRole("progressbar", { name: /^Import of .* · [\d,]+ of [\d,]+ items$/ });
  if ((await bar.count()) !== 1) return null;
  const [, done, total] = /· ([\d,]+) of ([\d,]+) items$/.exec((await bar.evaluate((el) => document.getElementById(el.getAttribute("aria-labelledby") ?? "")?.textContent)) ?? "")!;
  // What assistive technology reads as the bar's value: a <progress> value or an ARIA one.
  const value = await bar.evaluate((el) => (el instanceof HTMLProgressElement ? el.value : Number(el.getAttribute("aria-valuenow"))));
  return { done: Number(done.replace(/,/g, "")), total: Number(total.replace(/,/g, "")), value };
}

describe("knowledge upload as a background import (Chromium, 390 px)", () => {
  it("shows an accessible progress bar while the import runs and the finished import when it ends", async () => {
    const requestsBeforeHold = Math.ceil(IMPORT_BATCH_CHUNKS / OPENAI_MAX_INPUTS_PER_REQUEST);
    const held = new Promise<void>((resolve) => (releaseEmbeddings = resolve));
    wire.enqueue("embeddings", ...Array.from({ length: requestsBeforeHold }, () => ({ kind: "wait" as const, until: Promise.resolve() })), { kind: "wait", until: held });

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    const log = recordConsole(page);
    await logInToConsole(page, app.url);
    await page.goto(`${app.url}/admin/knowledge`);
    await page.getByLabel("File (.json or .csv)").setInputFiles(catalogFile());
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByText(/The import runs in the background/).waitFor({ timeout: 20_000 });

    await expect.poll(async () => (await progressShown(page))?.done ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
    const running = (await progressShown(page))!;
    expect(running.total).toBe(PRODUCTS);
    expect(running.done).toBeLessThan(PRODUCTS);
    expect(running.value).toBe(Math.round((100 * running.done) / running.total));
    expect(await page.getByText("running", { exact: true }).isVisible()).toBe(true);
    // The live region that will tell a screen reader the outcome is already there, and still quiet.
    const outcome = page.locator("[role=status]").filter({ hasText: /^Import / });
    expect(await outcome.count()).toBe(0);
    expect(await page.locator("[role=status]:empty").count()).toBe(1);
    await page.waitForLoadState("networkidle");
    expect(await seriousViolations(page), "knowledge page while importing").toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), "fits 390 px").toBeLessThanOrEqual(390);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, "knowledge-importing-390.png"), fullPage: true });

    releaseEmbeddings();
    await page.getByText("succeeded", { exact: true }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole("progressbar").count()).toBe(0);
    await page.getByText(new RegExp(`· ${PRODUCTS.toLocaleString("en")} of ${PRODUCTS.toLocaleString("en")} items$`)).waitFor();
    expect(await outcome.textContent()).toBe(`Import finished: ${PRODUCTS.toLocaleString("en")} of ${PRODUCTS.toLocaleString("en")} items.`);
    const productsCard = page.getByRole("heading", { name: "Products", level: 2 }).locator("xpath=following-sibling::*[1]");
    expect(await productsCard.textContent()).toBe(PRODUCTS.toLocaleString("en"));
    expect(await seriousViolations(page), "knowledge page after the import").toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "knowledge-imported-390.png"), fullPage: true });
    expect(log.errors).toEqual([]);
    await phone.close();
  });
});
