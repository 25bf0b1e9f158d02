/**
 * Widget weight and storefront impact:
 * - gzipped bytes a shopper downloads before opening the chat (scripts/widget-size.mjs on the built
 *   widget; cross-checked with what Lighthouse saw the page download from /widget*), against the
 *   130–600 KB of JavaScript commercial chat widgets ship;
 * - the Lighthouse performance score of the demo storefront (/demo) with and without the widget,
 *   median of 3 runs each (alternating), mobile emulation and simulated throttling (Lighthouse's
 *   defaults), against Shopify's rule that an app may not lower a store's score by more than 10 points.
 * The page without the widget is the same /demo HTML with the widget's <script> tag removed, served
 * through a small same-origin proxy (the demo page has no flag to omit the widget; with one,
 * `?widget=off` is used directly).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startApp, type BenchApp } from "../lib/app";
import { NotRun, type BenchContext, type HeadlineRow, type SectionOutput } from "../lib/context";
import { median } from "../lib/metrics";
import { kb, ms, num, table } from "../lib/report";

export const LIGHTHOUSE_RUNS = 3;
export const COMMERCIAL_WIDGETS_KB = { min: 130, max: 600 } as const;
/**
 * Shopify's own sample chat widget (github.com/Shopify/shop-chat-agent,
 * extensions/chat-bubble/assets/chat.js and chat.css, commit 6b30da2): about 7.5 KB of JavaScript
 * and 2.6 KB of CSS gzipped, all loaded with the page (figures from issue 12, not re-measured here).
 */
export const SHOPIFY_SAMPLE_WIDGET_KB = { js: 7.5, css: 2.6 } as const;
const CHROMIUM = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const WIDGET_SCRIPT = /<script\b[^>]*\bsrc="\/widget\.js"[^>]*>\s*<\/script>/;
const NO_WIDGET_PREFIX = "/__bench-no-widget";

interface WidgetSize {
  beforeOpen: { gzipBytes: number; bytes: number; files: { file: string }[] };
  onOpen: { gzipBytes: number; bytes: number };
  total: { gzipBytes: number };
}

async function widgetSize(root: string): Promise<WidgetSize & { source: string }> {
  const script = path.join(root, "scripts/widget-size.mjs");
  if (!existsSync(path.join(root, "build/widget/manifest.json"))) throw new NotRun("build/widget/manifest.json is missing (the widget build did not run)");
  if (existsSync(script)) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "palompy-bench-"));
    try {
      const out = path.join(dir, "size.json");
      await promisify(execFile)(process.execPath, [script, "--out", out], { cwd: root });
      return { ...(JSON.parse(readFileSync(out, "utf8")) as WidgetSize), source: "scripts/widget-size.mjs" };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const manifest = JSON.parse(readFileSync(path.join(root, "build/widget/manifest.json"), "utf8"));
  return {
    beforeOpen: { gzipBytes: manifest.loader.gzipBytes, bytes: manifest.loader.bytes, files: [{ file: manifest.loader.file }] },
    onOpen: { gzipBytes: manifest.chat.gzipBytes, bytes: manifest.chat.bytes },
    total: { gzipBytes: manifest.loader.gzipBytes + manifest.chat.gzipBytes },
    source: "build/widget/manifest.json",
  };
}

/** Same-origin proxy: everything goes to the app, except NO_WIDGET_PREFIX pages, which lose the widget tag. */
async function startProxy(app: BenchApp): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(app.url);
  const server = http.createServer(async (req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith(NO_WIDGET_PREFIX)) {
      const upstream = await fetch(`${app.url}${url.slice(NO_WIDGET_PREFIX.length) || "/"}`);
      const html = (await upstream.text()).replace(WIDGET_SCRIPT, "");
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "text/html; charset=utf-8" });
      res.end(html);
      return;
    }
    const forward = http.request({ host: target.hostname, port: target.port, path: url, method: req.method, headers: { ...req.headers, host: target.host } }, (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(res);
    });
    forward.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface LighthouseRun {
  score: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  totalBytes: number;
  widgetBytes: number;
  widgetRequests: string[];
}

export async function runWidgetSize(ctx: BenchContext): Promise<SectionOutput> {
  const size = await widgetSize(ctx.root);
  const md: string[] = [];
  const beforeOpenKb = size.beforeOpen.gzipBytes / 1024;
  md.push(
    `Built widget (\`npm run build\`), measured by ${size.source}, gzip level 9:`,
    "",
    table(
      ["Widget JavaScript", "Raw", "Gzipped", "vs commercial widgets (130–600 KB)"],
      [
        [`Before the chat opens (${size.beforeOpen.files.map((file) => file.file).join(", ")})`, kb(size.beforeOpen.bytes), kb(size.beforeOpen.gzipBytes), `${num(COMMERCIAL_WIDGETS_KB.min / beforeOpenKb, 0)}–${num(COMMERCIAL_WIDGETS_KB.max / beforeOpenKb, 0)}× smaller`],
        ["Chat panel, fetched on first intent (hover, focus, open)", kb(size.onOpen.bytes), kb(size.onOpen.gzipBytes), ""],
        ["Everything, chat open", "", kb(size.total.gzipBytes), `${num(COMMERCIAL_WIDGETS_KB.min / (size.total.gzipBytes / 1024), 0)}–${num(COMMERCIAL_WIDGETS_KB.max / (size.total.gzipBytes / 1024), 0)}× smaller`],
      ],
    ),
    "",
    `Against Shopify's own sample chat widget (github.com/Shopify/shop-chat-agent, \`extensions/chat-bubble/assets/chat.js\` + \`chat.css\`, commit 6b30da2: about ${SHOPIFY_SAMPLE_WIDGET_KB.js} KB of JavaScript and ${SHOPIFY_SAMPLE_WIDGET_KB.css} KB of CSS gzipped, all loaded with the page; figures from issue 12, not re-measured here): ours loads ${kb(size.beforeOpen.gzipBytes)} (CSS included in the loader) before the chat opens, ${kb(size.total.gzipBytes)} with the chat open (${num((size.total.gzipBytes / 1024) / (SHOPIFY_SAMPLE_WIDGET_KB.js + SHOPIFY_SAMPLE_WIDGET_KB.css), 2)}× the sample's ${num(SHOPIFY_SAMPLE_WIDGET_KB.js + SHOPIFY_SAMPLE_WIDGET_KB.css, 1)} KB, for streaming, product cards, surveys, feedback and offline handling the sample does not have).`,
  );
  const headline: HeadlineRow[] = [
    {
      metric: "Widget JavaScript before the chat opens (gzipped) vs commercial chat widgets",
      ours: kb(size.beforeOpen.gzipBytes),
      baseline: `${COMMERCIAL_WIDGETS_KB.min}–${COMMERCIAL_WIDGETS_KB.max} KB`,
      ratio: `${num(COMMERCIAL_WIDGETS_KB.min / beforeOpenKb, 0)}–${num(COMMERCIAL_WIDGETS_KB.max / beforeOpenKb, 0)}× smaller`,
    },
    {
      metric: "Widget JS + CSS with the chat open (gzipped) vs Shopify's sample chat widget (shop-chat-agent)",
      ours: kb(size.total.gzipBytes),
      baseline: `${num(SHOPIFY_SAMPLE_WIDGET_KB.js + SHOPIFY_SAMPLE_WIDGET_KB.css, 1)} KB`,
      ratio: `${num((size.total.gzipBytes / 1024) / (SHOPIFY_SAMPLE_WIDGET_KB.js + SHOPIFY_SAMPLE_WIDGET_KB.css), 2)}×`,
    },
  ];
  const data: Record<string, unknown> = { size };

  return { markdown: md.join("\n"), headline, data };
}

export async function runLighthouse(ctx: BenchContext): Promise<SectionOutput> {
  const md: string[] = [];
  const headline: HeadlineRow[] = [];
  const data: Record<string, unknown> = {};
  // Lighthouse: needs Chromium.
  if (!existsSync(CHROMIUM)) throw new NotRun(`Lighthouse needs Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROME_PATH)`);
  const { default: lighthouse } = await import("lighthouse");
  const chromeLauncher = await import("chrome-launcher");
  const app = await startApp(ctx.root, {});
  const proxy = await startProxy(app);
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS, logLevel: "error" });
  try {
    const demo = await fetch(`${app.url}/demo`);
    const html = await demo.text();
    if (!demo.ok || !WIDGET_SCRIPT.test(html)) throw new Error(`/demo did not answer with the widget embedded (HTTP ${demo.status})`);
    const flagged = await fetch(`${app.url}/demo?widget=off`).then((response) => response.text());
    const withoutUrl = WIDGET_SCRIPT.test(flagged) ? `${proxy.url}${NO_WIDGET_PREFIX}/demo` : `${proxy.url}/demo?widget=off`;
    const withUrl = `${proxy.url}/demo`;
    const runs = { with: [] as LighthouseRun[], without: [] as LighthouseRun[] };
    for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
      for (const variant of ["without", "with"] as const) {
        const result = await lighthouse(variant === "with" ? withUrl : withoutUrl, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"] });
        const lhr = result?.lhr;
        if (!lhr || lhr.runtimeError) throw new Error(`Lighthouse failed: ${lhr?.runtimeError?.message ?? "no result"}`);
        const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
        const requests = ((lhr.audits["network-requests"]?.details as any)?.items ?? []) as { url: string; transferSize?: number }[];
        const widgetRequests = requests.filter((request) => /\/widget(\.js|\/)/.test(new URL(request.url).pathname));
        runs[variant].push({
          score: Math.round((lhr.categories.performance.score ?? 0) * 100),
          fcpMs: audit("first-contentful-paint"),
          lcpMs: audit("largest-contentful-paint"),
          tbtMs: audit("total-blocking-time"),
          cls: audit("cumulative-layout-shift"),
          speedIndexMs: audit("speed-index"),
          totalBytes: audit("total-byte-weight"),
          widgetBytes: widgetRequests.reduce((sum, request) => sum + (request.transferSize ?? 0), 0),
          widgetRequests: widgetRequests.map((request) => new URL(request.url).pathname),
        });
        ctx.log(`  lighthouse ${variant} widget, run ${i + 1}: ${runs[variant].at(-1)!.score}`);
      }
    }
    const med = (variant: "with" | "without", key: keyof Omit<LighthouseRun, "widgetRequests">) => median(runs[variant].map((run) => run[key] as number));
    const delta = med("without", "score") - med("with", "score");
    const rows: [string, keyof Omit<LighthouseRun, "widgetRequests">, (value: number) => string][] = [
      ["Performance score", "score", (value) => num(value, 0)],
      ["First Contentful Paint", "fcpMs", (value) => ms(value, 0)],
      ["Largest Contentful Paint", "lcpMs", (value) => ms(value, 0)],
      ["Total Blocking Time", "tbtMs", (value) => ms(value, 0)],
      ["Cumulative Layout Shift", "cls", (value) => num(value, 3)],
      ["Speed Index", "speedIndexMs", (value) => ms(value, 0)],
      ["Total bytes transferred", "totalBytes", (value) => kb(value)],
      ["Bytes from /widget* (before any interaction)", "widgetBytes", (value) => kb(value)],
    ];
    md.push(
      `Lighthouse ${lighthouseVersion(ctx.root)} (performance category, mobile emulation with simulated throttling — its defaults) on the demo storefront \`/demo\` served by the production build, Chromium ${CHROMIUM}, ${LIGHTHOUSE_RUNS} runs per variant alternating; medians. Without the widget: ${withoutUrl.includes(NO_WIDGET_PREFIX) ? "the same HTML with the widget's script tag removed by a same-origin proxy (both variants go through it)" : "`/demo?widget=off`"}.`,
      "",
      table(
        ["Median of " + LIGHTHOUSE_RUNS, "Without widget", "With widget", "Difference"],
        rows.map(([label, key, format]) => {
          const difference = med("with", key) - med("without", key);
          const sign = difference > 0 ? "+" : difference < 0 ? "−" : "±";
          return [label, format(med("without", key)), format(med("with", key)), `${sign}${key === "score" ? `${num(Math.abs(difference), 0)} points` : format(Math.abs(difference))}`];
        }),
      ),
      "",
      `Scores per run — without: ${runs.without.map((run) => run.score).join(", ")}; with: ${runs.with.map((run) => run.score).join(", ")}. Widget requests before interaction: ${[...new Set(runs.with.flatMap((run) => run.widgetRequests))].join(", ") || "none"}.`,
      "",
      `Shopify's rule: an app may not lower the store's Lighthouse performance score by more than 10 points. Measured: ${delta <= 0 ? "no drop" : `a drop of ${num(delta, 0)} point${delta === 1 ? "" : "s"}`} (median), ${delta <= 10 ? "within" : "**outside**"} the rule.`,
    );
    headline.push({
      metric: "Lighthouse performance score of /demo, without → with widget (median of 3; Shopify allows −10)",
      ours: `${num(med("without", "score"), 0)} → ${num(med("with", "score"), 0)}`,
      baseline: "−10 points allowed",
      ratio: `${delta <= 0 ? "±0" : `−${num(delta, 0)}`} points`,
    });
    data.lighthouse = { runs, medians: { with: med("with", "score"), without: med("without", "score") }, delta, withoutUrlKind: withoutUrl.includes(NO_WIDGET_PREFIX) ? "proxy-stripped" : "flag" };
  } finally {
    await chrome.kill();
    await proxy.close();
    await app.close();
  }
  return { markdown: md.join("\n"), headline, data };
}

function lighthouseVersion(root: string): string {
  try {
    return JSON.parse(readFileSync(path.join(root, "node_modules/lighthouse/package.json"), "utf8")).version;
  } catch {
    return "";
  }
}
