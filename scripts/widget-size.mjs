// Prints what the storefront widget costs a shop page, gzipped, and writes it as JSON for the
// benchmark. "Before open" is everything a shopper downloads without touching the chat: only
// widget.js (the chat chunk is fetched on hover/focus/open). Run after `npm run build`.
//   node scripts/widget-size.mjs [--out bench/results/widget-size.json] [--check]
// --check exits non-zero when the before-open budget (15 KB gzipped) is exceeded.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_BEFORE_OPEN = 15 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = path.join(root, "build/widget");
const argValue = (flag) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
};

const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8").catch(() => {
  console.error("build/widget/manifest.json is missing: run `npm run build` (or node scripts/build-widget.mjs) first.");
  process.exit(1);
}));

const measure = async (file) => {
  const bytes = await readFile(path.join(dir, file));
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
};
const loader = await measure(manifest.loader.file);
const chat = await measure(manifest.chat.file);
const report = {
  measuredAt: new Date().toISOString(),
  version: manifest.version,
  budgetGzipBytes: BUDGET_BEFORE_OPEN,
  beforeOpen: { files: [loader], gzipBytes: loader.gzipBytes, bytes: loader.bytes },
  onOpen: { files: [chat], gzipBytes: chat.gzipBytes, bytes: chat.bytes },
  total: { gzipBytes: loader.gzipBytes + chat.gzipBytes, bytes: loader.bytes + chat.bytes },
  withinBudget: loader.gzipBytes <= BUDGET_BEFORE_OPEN,
};

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`before open: ${loader.file} ${kb(loader.gzipBytes)} gzip (${kb(loader.bytes)} raw) — budget ${kb(BUDGET_BEFORE_OPEN)}`);
console.log(`on open:     ${chat.file} ${kb(chat.gzipBytes)} gzip (${kb(chat.bytes)} raw)`);
console.log(`total:       ${kb(report.total.gzipBytes)} gzip`);

const out = path.resolve(root, argValue("--out") ?? "build/widget/size.json");
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${path.relative(root, out)}`);
if (process.argv.includes("--check") && !report.withinBudget) {
  console.error(`widget.js is over the ${kb(BUDGET_BEFORE_OPEN)} budget`);
  process.exit(1);
}
