/**
 * `npm run bench`: measures retrieval quality, retrieval latency, import cost, chat latency,
 * concurrency and widget weight side by side with the naive design, and writes bench/REPORT.md
 * and bench/results/latest.json. No thresholds: the exit code is non-zero only when a benchmark
 * could not run.
 *
 *   npm run bench                                  # everything (~10–15 minutes on 2 cores)
 *   npm run bench -- --only=quality,import         # some sections (names below)
 *   npm run bench -- --no-build                    # reuse the existing build/ for app sections
 *   npm run bench -- --budget-min=25               # overall time budget (default 25)
 *   npm run bench -- --out=/tmp/report.md          # write elsewhere (partial runs during development)
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NotRun, type BenchContext, type HeadlineRow, type SectionOutput, type WeakSpot } from "./lib/context";
import { machineInfo } from "./lib/machine";
import { duration, table } from "./lib/report";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface SectionDef {
  name: string;
  title: string;
  /** Time the section needs at least; skipped ("not run") when less remains. */
  minMs: number;
  needsBuild?: boolean;
  /** Too long for the default run: only with --only=<name>. */
  optIn?: boolean;
  run: (ctx: BenchContext) => Promise<SectionOutput>;
}

const SECTIONS: SectionDef[] = [
  { name: "quality", title: "1. Retrieval quality", minMs: 20_000, run: async (ctx) => (await import("./sections/quality")).runQuality(ctx) },
  { name: "import", title: "2. Import speed and embedding cost", minMs: 20_000, run: async (ctx) => (await import("./sections/import")).runImport(ctx) },
  { name: "chat", title: "3. Chat turn latency and streaming", minMs: 40_000, needsBuild: true, run: async (ctx) => (await import("./sections/chat")).runChat(ctx) },
  { name: "concurrency", title: "4. Concurrency: 50 chat sessions for 30 s", minMs: 60_000, needsBuild: true, run: async (ctx) => (await import("./sections/concurrency")).runConcurrency(ctx) },
  { name: "scale-out", title: "4b. Scale-out: 50 and 200 chat sessions, PGlite vs PostgreSQL with 1, 2 and 4 instances", minMs: 180_000, needsBuild: true, run: async (ctx) => (await import("./sections/scale-out")).runScaleOut(ctx) },
  { name: "widget", title: "5. Widget weight", minMs: 5_000, needsBuild: true, run: async (ctx) => (await import("./sections/widget")).runWidgetSize(ctx) },
  { name: "lighthouse", title: "6. Storefront Lighthouse score with and without the widget", minMs: 60_000, needsBuild: true, run: async (ctx) => (await import("./sections/widget")).runLighthouse(ctx) },
  { name: "console", title: "7. Merchant console at scale: conversation list and leads CSV", minMs: 60_000, run: async (ctx) => (await import("./sections/console")).runConsole(ctx) },
  { name: "latency", title: "8. Retrieval latency at scale: HNSW vs exact scan", minMs: 60_000, run: async (ctx) => (await import("./sections/latency")).runLatency(ctx) },
  { name: "retrieval-postgres", title: "8b. Retrieval at 100,000 and 1,000,000 chunks across 1,000 shops on PostgreSQL", minMs: 120_000, optIn: true, run: async (ctx) => (await import("./sections/retrieval-postgres")).runRetrievalPostgres(ctx) },
  { name: "jobs", title: "9. Serving during a 2,000-product import (job queue, database thread)", minMs: 120_000, needsBuild: true, run: async (ctx) => (await import("./sections/jobs")).runJobs(ctx) },
  { name: "insights", title: "10. Console analytics and survey results at 100k rows", minMs: 60_000, run: async (ctx) => (await import("./sections/insights")).runInsights(ctx) },
  { name: "shopify", title: "11. Shopify: initial sync, webhook acknowledgement, staleness", minMs: 60_000, needsBuild: true, run: async (ctx) => (await import("./sections/shopify")).runShopify(ctx) },
  { name: "woocommerce", title: "12. WooCommerce connector: initial sync and webhook acknowledgement", minMs: 60_000, needsBuild: true, run: async (ctx) => (await import("./sections/woocommerce")).runWooCommerce(ctx) },
  { name: "abuse", title: "13. Requests built to burn CPU: backtracking chat messages, long paths", minMs: 60_000, needsBuild: true, run: async (ctx) => (await import("./sections/abuse")).runAbuse(ctx) },
  { name: "revenue", title: "14. Revenue summary at 1,000,000 events and 50,000 orders; holdout simulation", minMs: 60_000, run: async (ctx) => (await import("./sections/revenue")).runRevenue(ctx) },
  { name: "shoppers", title: "15. Shopper questions on stores nobody tuned on (issue 19)", minMs: 30_000, run: async (ctx) => (await import("./sections/shoppers")).runShoppers(ctx) },
];

interface SectionResult {
  name: string;
  title: string;
  status: "ok" | "not run";
  reason?: string;
  durationMs: number;
  output?: SectionOutput;
}

function parseArgs(argv: string[]) {
  const args = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (match) args.set(match[1], match[2] ?? "true");
  }
  const only = args.get("only")?.split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = only?.filter((name) => !SECTIONS.some((section) => section.name === name));
  if (unknown?.length) throw new Error(`unknown section(s): ${unknown.join(", ")}; known: ${SECTIONS.map((s) => s.name).join(", ")}`);
  return {
    only,
    build: args.get("no-build") !== "true",
    budgetMs: Number(args.get("budget-min") ?? 25) * 60_000,
    out: path.resolve(root, args.get("out") ?? "bench/REPORT.md"),
    json: path.resolve(root, args.get("json") ?? "bench/results/latest.json"),
  };
}

function runBuild(log: (message: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    log("building the app (npm run build)…");
    const child = spawn("npm", ["run", "--silent", "build"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (data) => (output += data));
    child.stderr.on("data", (data) => (output += data));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new NotRun(`npm run build failed (exit ${code}): ${output.trim().split("\n").slice(-6).join(" / ")}`));
    });
  });
}

function weakestParagraph(spots: WeakSpot[]): string {
  if (!spots.length) return "Not computed: no section produced comparable results.";
  const parts: string[] = [];
  const quality = spots.filter((spot) => spot.kind === "quality").sort((a, b) => a.value - b.value)[0];
  const latency = spots.filter((spot) => spot.kind === "latency").sort((a, b) => b.value - a.value)[0];
  if (quality) parts.push(`The lowest quality score is ${quality.what}: ${quality.display}.${quality.fix ? ` What would fix it: ${quality.fix}.` : ""}`);
  if (latency) parts.push(`The slowest measured path is ${latency.what}: ${latency.display}.${latency.fix ? ` What would fix it: ${latency.fix}.` : ""}`);
  return parts.join(" ");
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const deadline = started + options.budgetMs;
  const log = (message: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}`);
  let build: Promise<void> | undefined;
  const ctx: BenchContext = {
    root,
    deadline,
    remainingMs: () => deadline - Date.now(),
    log,
    ensureBuild: () => {
      if (!options.build) return Promise.resolve();
      build ??= runBuild(log);
      return build;
    },
  };

  const selected = SECTIONS.filter((section) => (options.only ? options.only.includes(section.name) : !section.optIn));
  const results: SectionResult[] = [];
  for (const section of selected) {
    const sectionStart = Date.now();
    log(`${section.title}`);
    try {
      if (ctx.remainingMs() < section.minMs) throw new NotRun(`time budget exhausted (${duration(Math.max(0, ctx.remainingMs()))} left, needs ≥ ${duration(section.minMs)})`);
      if (section.needsBuild) await ctx.ensureBuild();
      const output = await section.run(ctx);
      results.push({ name: section.name, title: section.title, status: "ok", durationMs: Date.now() - sectionStart, output });
      log(`  done in ${duration(Date.now() - sectionStart)}`);
    } catch (error) {
      const reason = error instanceof NotRun ? error.message : `failed: ${(error instanceof Error ? error.message : String(error)).slice(0, 300)}`;
      if (!(error instanceof NotRun)) console.error(String((error as Error)?.stack ?? error).slice(0, 2_000));
      results.push({ name: section.name, title: section.title, status: "not run", reason, durationMs: Date.now() - sectionStart });
      log(`  NOT RUN: ${reason}`);
    }
  }

  const machine = machineInfo();
  const finished = new Date();
  const headline: HeadlineRow[] = results.flatMap((result) => result.output?.headline ?? []);
  const weakSpots = results.flatMap((result) => result.output?.weakSpots ?? []);
  const notRun = results.filter((result) => result.status === "not run");
  const md: string[] = [];
  md.push("# Palompy benchmarks", "");
  md.push(
    `Generated by \`npm run bench\`${options.only ? ` (\`--only=${options.only.join(",")}\`)` : ""} on ${finished.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC")} in ${duration(finished.getTime() - started)}. Every comparison below was measured side by side in this one run; there are no pass/fail thresholds. Raw numbers: \`bench/results/latest.json\`.`,
  );
  md.push("", "## Machine", "");
  md.push(
    table(
      ["", ""],
      [
        ["CPU", machine.cpu],
        ["Cores", machine.cores],
        ["Memory", `${machine.memoryGiB} GiB`],
        ["Node", machine.node],
        ["OS", machine.os],
        ["Database", `PGlite ${machine.pglite ?? "?"} (embedded Postgres, WASM) with pgvector, in memory`],
      ],
      ["l", "l"],
    ),
  );
  md.push("", "## Headline", "");
  md.push(headline.length ? table(["Metric", "Palompy", "Naive design", "Ratio"], headline.map((row) => [row.metric, row.ours, row.baseline, row.ratio])) : "No section produced a headline number.");
  if (notRun.length) md.push("", `**Not run:** ${notRun.map((result) => `${result.title} — ${result.reason}`).join("; ")}.`);
  const partial = results.flatMap((result) => (result.output?.partial ? [`${result.title} — ${result.output.partial}`] : []));
  if (partial.length) md.push("", `**Partly run (documented in the section):** ${partial.join("; ")}.`);
  md.push("", "## Weakest spot", "", weakestParagraph(weakSpots));
  for (const result of results) {
    md.push("", `## ${result.title}`, "");
    if (result.status === "ok") md.push(result.output!.markdown, "", `_Section time: ${duration(result.durationMs)}._`);
    else md.push(`**Not run: ${result.reason}**`);
  }
  md.push("");
  mkdirSync(path.dirname(options.out), { recursive: true });
  writeFileSync(options.out, md.join("\n"));
  mkdirSync(path.dirname(options.json), { recursive: true });
  writeFileSync(
    options.json,
    `${JSON.stringify(
      {
        generatedAt: finished.toISOString(),
        durationMs: finished.getTime() - started,
        machine,
        sections: Object.fromEntries(results.map((result) => [result.name, { status: result.status, reason: result.reason, durationMs: result.durationMs, data: result.output?.data ?? null }])),
        headline,
      },
      null,
      2,
    )}\n`,
  );
  log(`wrote ${path.relative(root, options.out)} and ${path.relative(root, options.json)}`);
  if (notRun.length) {
    log(`${notRun.length} section(s) could not run: ${notRun.map((result) => result.name).join(", ")}`);
    process.exitCode = 1;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
