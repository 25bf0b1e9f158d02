/**
 * Retrieval quality: nDCG@10, Recall@10 and MRR@10 at item level for every eval set under
 * ../shared/data/<name>/eval.json plus bench/eval/demo-store.eval.json, for
 * - lexical only, vector only (local embedder, HNSW), vector only by exact scan, hybrid (ours);
 * - the seed's design as baseline: vector only over an IVFFlat index (lists = 100, default
 *   probes = 1), created in the same database after loading (the HNSW index dropped).
 * Large sets are cut to a seeded subset (see SUBSET below) so the run stays within minutes.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { retrieve, type RetrieveOptions } from "~/knowledge/retrieve.server";
import { DEMO_QUERIES } from "../eval/demo-queries";
import type { BenchContext, HeadlineRow, SectionOutput, WeakSpot } from "../lib/context";
import { createShops, describePlan, HNSW_INDEX, HNSW_INDEX_SQL, insertChunks, vectorChannelPlan } from "../lib/bulk";
import { createShop, importCatalog, openBenchDatabase } from "../lib/db";
import { itemRanking, scoreRuns, summarize, type Grades, type QualityScores } from "../lib/metrics";
import { evalHalf } from "../lib/halves";
import { createRng, sample } from "../lib/prng";
import { int, num, ratio, table } from "../lib/report";
import { syntheticChunks } from "../lib/synthetic";

/** Seeded subset for large sets: at most this many queries, and a catalog of at most this many items. */
export const SUBSET = { seed: 20261124, maxQueries: 300, maxItems: 5_000 } as const;
const K = 10;
/** Chunks asked for per query: enough to yield 10 distinct items after de-duplication. */
const CHUNK_LIMIT = 40;

interface EvalSet {
  name: string;
  file: string;
  catalog: { products?: { id: string }[]; faq?: { id: string }[]; policies?: { id: string }[]; pages?: { id: string }[] };
  queries: { id: string; text: string; relevant: Grades }[];
}

/** Other shops sharing the table in the "shared" configuration, and their synthetic chunks each. */
export const NOISE = { shops: 50, chunksPerShop: 200, seed: 7_000 } as const;

type Variant = "lexical" | "vector" | "vectorExact" | "hybrid" | "baseline" | "baselineIndexed";
const VARIANTS: { key: Variant; label: string }[] = [
  { key: "baseline", label: "Baseline (seed): vector only, IVFFlat lists=100, probes=1 — plan as chosen" },
  { key: "baselineIndexed", label: "Baseline with its IVFFlat index forced on (what it returns once the planner uses it, §7), iterative scan on" },
  { key: "lexical", label: "Lexical only (full-text)" },
  { key: "vector", label: "Vector only (local embedder, HNSW)" },
  { key: "vectorExact", label: "Vector only (local embedder, exact scan)" },
  { key: "hybrid", label: "**Hybrid (ours: lexical + vector + trigram names + identifiers, score fusion)**" },
];
type Config = "shared" | "alone";

interface SetResult {
  name: string;
  file: string;
  subset: string | null;
  items: number;
  chunks: number;
  queries: number;
  /** shared: the shop among NOISE.shops other shops (the production layout); alone: the only shop in the table. */
  scores: Record<Config, Record<Variant, QualityScores>>;
  baselinePlan: Record<Config, string>;
  baselineIndexedPlan: Record<Config, string>;
  latencyMs: Record<Config, Record<Variant, { p50: number; p95: number }>>;
  perQuery: Record<Config, Record<Variant, Record<string, number>>>;
  perKind?: { kind: string; queries: number; scores: Record<Variant, QualityScores> }[];
}

export function discoverEvalSets(root: string): { sets: EvalSet[]; sharedDir: string; sharedFound: number } {
  // PALOMPY_SHARED_DIR: a git worktree does not sit beside shared/ as a clone does.
  const sharedDir = path.join(process.env.PALOMPY_SHARED_DIR ?? path.resolve(root, "../shared"), "data");
  const files: string[] = [];
  if (existsSync(sharedDir)) {
    for (const entry of readdirSync(sharedDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(sharedDir, entry.name, "eval.json");
      if (entry.isDirectory() && existsSync(file)) files.push(file);
    }
  }
  const sharedFound = files.length;
  files.push(path.join(root, "bench/eval/demo-store.eval.json"));
  const sets = files.map((file) => {
    const json = JSON.parse(readFileSync(file, "utf8"));
    if (!json?.catalog || !Array.isArray(json?.queries)) throw new Error(`${file}: not an eval set (catalog and queries required)`);
    return { name: String(json.name ?? path.basename(path.dirname(file))), file, catalog: json.catalog, queries: json.queries } as EvalSet;
  });
  return { sets, sharedDir, sharedFound };
}

/** Seeded subset: sampled queries, their graded items, then other items sampled up to maxItems. */
export function subsetEvalSet(set: EvalSet): { set: EvalSet; note: string | null } {
  const lists = ["products", "faq", "policies", "pages"] as const;
  const itemCount = lists.reduce((sum, key) => sum + (set.catalog[key]?.length ?? 0), 0);
  if (set.queries.length <= SUBSET.maxQueries && itemCount <= SUBSET.maxItems) return { set, note: null };
  const rng = createRng(SUBSET.seed);
  const queries = sample(rng, set.queries, SUBSET.maxQueries);
  const keep = new Set(queries.flatMap((query) => Object.keys(query.relevant)));
  const others = lists.flatMap((key) => (set.catalog[key] ?? []).map((item) => String(item.id))).filter((id) => !keep.has(id));
  for (const id of sample(rng, others, Math.max(0, SUBSET.maxItems - keep.size))) keep.add(id);
  const catalog: EvalSet["catalog"] = {};
  for (const key of lists) if (set.catalog[key]) catalog[key] = set.catalog[key]!.filter((item) => keep.has(String(item.id)));
  const kept = lists.reduce((sum, key) => sum + (catalog[key]?.length ?? 0), 0);
  return {
    set: { ...set, catalog, queries },
    note: `seeded subset (seed ${SUBSET.seed}): ${queries.length} of ${set.queries.length} queries, ${kept} of ${itemCount} items (every item graded for a kept query, plus a random sample of the rest)`,
  };
}

async function runVariant(db: Database, embedder: LocalHashEmbedder, shopId: string, set: EvalSet, options: RetrieveOptions) {
  const runs: { id: string; ranked: string[]; relevant: Grades }[] = [];
  const times: number[] = [];
  for (const query of set.queries) {
    const started = performance.now();
    const chunks = await retrieve(db.prisma, embedder, shopId, query.text, { limit: CHUNK_LIMIT, ...options });
    times.push(performance.now() - started);
    runs.push({ id: query.id, ranked: itemRanking(chunks.map((chunk) => chunk.sourceId)).slice(0, K), relevant: query.relevant });
  }
  return { runs, times };
}

/** Replaces the 512-dimension HNSW index by the seed's IVFFlat index (after the data is loaded, as IVFFlat requires). */
const IVFFLAT_INDEX = "knowledge_chunks_embedding_512_ivfflat";

async function switchToIvfflat(db: Database): Promise<void> {
  await db.runner.exec(`DROP INDEX IF EXISTS ${HNSW_INDEX}`);
  // pgvector's default probes = 1, but with iterative index scans (pgvector ≥ 0.8), as the HNSW
  // channel gets them: a shop filter no longer empties the candidate list.
  await db.runner.exec(`RESET ivfflat.probes`);
  await db.runner.exec(`SET ivfflat.iterative_scan = relaxed_order`);
  await db.runner.exec(
    `CREATE INDEX ${IVFFLAT_INDEX} ON knowledge_chunks USING ivfflat ((embedding::vector(512)) vector_cosine_ops) WITH (lists = 100) WHERE embedding_dim = 512`,
  );
  await db.runner.exec(`ANALYZE knowledge_chunks`);
}

/** How many of the set's queries the planner answers through the IVFFlat index (EXPLAIN of the vector channel). */
async function ivfflatQueries(db: Database, embedder: LocalHashEmbedder, shopId: string, set: EvalSet): Promise<{ used: number; otherPlan: string }> {
  let used = 0;
  let otherPlan = "";
  for (const query of set.queries) {
    const plan = describePlan(await vectorChannelPlan(db, shopId, embedder.modelId, embedder.embedOne(query.text)));
    if (plan.index === IVFFLAT_INDEX) used++;
    else otherPlan ||= plan.summary;
  }
  return { used, otherPlan };
}

async function evaluateSet(ctx: BenchContext, original: EvalSet): Promise<SetResult> {
  const { set, note } = subsetEvalSet(original);
  const embedder = new LocalHashEmbedder();
  const db = await openBenchDatabase();
  try {
    const shopId = await createShop(db, set.name);
    const imported = await importCatalog(db, embedder, shopId, set.catalog);
    ctx.log(`  ${set.name}: ${imported.chunks} chunks from ${imported.items.added} items, ${set.queries.length} queries`);
    const scores = { shared: {}, alone: {} } as SetResult["scores"];
    const latencyMs = { shared: {}, alone: {} } as SetResult["latencyMs"];
    const perQuery = { shared: {}, alone: {} } as SetResult["perQuery"];
    const runs = { shared: {}, alone: {} } as Record<Config, Record<Variant, { id: string; ranked: string[]; relevant: Grades }[]>>;
    const run = async (config: Config, key: Variant, options: RetrieveOptions) => {
      const result = await runVariant(db, embedder, shopId, set, options);
      runs[config][key] = result.runs;
      scores[config][key] = scoreRuns(result.runs, K);
      const stats = summarize(result.times);
      latencyMs[config][key] = { p50: stats.p50, p95: stats.p95 };
      perQuery[config][key] = Object.fromEntries(result.runs.map((one) => [one.id, scoreRuns([one], K).ndcg10]));
    };
    const baselinePlan = {} as SetResult["baselinePlan"];
    const baselineIndexedPlan = {} as SetResult["baselineIndexedPlan"];
    const runBaseline = async (config: Config, rows: number) => {
      await switchToIvfflat(db);
      await run(config, "baseline", { mode: "vector" });
      const { used, otherPlan } = await ivfflatQueries(db, embedder, shopId, set);
      baselinePlan[config] =
        used === set.queries.length
          ? `the planner used the IVFFlat index for all ${used} queries (EXPLAIN; ${int(rows)} rows in the table)`
          : `the planner used the IVFFlat index for ${used} of ${set.queries.length} queries (EXPLAIN; ${int(rows)} rows in the table; otherwise ${otherPlan}, i.e. an exact search)`;
      // The same index where the planner does use it: sorting and the other scans priced out, so
      // the ORDER BY distance must come from the IVFFlat index, exactly as for a shop with more chunks.
      await db.runner.exec(`SET enable_sort = off; SET enable_seqscan = off; SET enable_bitmapscan = off`);
      try {
        await run(config, "baselineIndexed", { mode: "vector" });
        const forced = await ivfflatQueries(db, embedder, shopId, set);
        baselineIndexedPlan[config] = `IVFFlat index used for ${forced.used} of ${set.queries.length} queries (EXPLAIN)`;
      } finally {
        await db.runner.exec(`RESET enable_sort; RESET enable_seqscan; RESET enable_bitmapscan`);
      }
      await db.runner.exec(`DROP INDEX ${IVFFLAT_INDEX}`);
    };

    // The shop alone in the table.
    for (const [key, options] of [["lexical", { mode: "lexical" }], ["vector", { mode: "vector" }], ["vectorExact", { mode: "vector", exact: true }], ["hybrid", { mode: "hybrid" }]] as const) {
      await run("alone", key, options);
    }
    await db.runner.exec(`DROP INDEX ${HNSW_INDEX}`);
    await runBaseline("alone", imported.chunks);

    // The production layout: other shops' chunks share the table and its indexes.
    const noiseShops = await createShops(db, NOISE.shops, "noise shop");
    for (const [i, noiseShop] of noiseShops.entries()) await insertChunks(db, noiseShop, syntheticChunks(NOISE.chunksPerShop, NOISE.seed + i, `noise${i}`), embedder);
    await runBaseline("shared", imported.chunks + NOISE.shops * NOISE.chunksPerShop);
    await db.runner.exec(HNSW_INDEX_SQL);
    await db.runner.exec(`ANALYZE knowledge_chunks`);
    for (const [key, options] of [["lexical", { mode: "lexical" }], ["vector", { mode: "vector" }], ["vectorExact", { mode: "vector", exact: true }], ["hybrid", { mode: "hybrid" }]] as const) {
      await run("shared", key, options);
    }

    let perKind: SetResult["perKind"];
    if (!original.file.endsWith("demo-store.eval.json")) {
      // External sets: retrieval was tuned on one half (bench/quality-quick.ts); the other is held out.
      perKind = (["tune", "held-out"] as const).map((half) => {
        const ids = new Set(set.queries.filter((query) => evalHalf(query.id) === half).map((query) => query.id));
        const byVariant = {} as Record<Variant, QualityScores>;
        for (const { key } of VARIANTS) byVariant[key] = scoreRuns(runs.shared[key].filter((one) => ids.has(one.id)), K);
        return { kind: half === "tune" ? "tuning half" : "held-out half", queries: ids.size, scores: byVariant };
      });
    } else {
      const kindOf = new Map(DEMO_QUERIES.map((query) => [query.id, query.kind]));
      const kinds = [...new Set(DEMO_QUERIES.map((query) => query.kind))];
      perKind = kinds.map((kind) => {
        const ids = new Set(set.queries.filter((query) => kindOf.get(query.id) === kind).map((query) => query.id));
        const byVariant = {} as Record<Variant, QualityScores>;
        for (const { key } of VARIANTS) byVariant[key] = scoreRuns(runs.shared[key].filter((one) => ids.has(one.id)), K);
        return { kind, queries: ids.size, scores: byVariant };
      });
    }
    const items = ["products", "faq", "policies", "pages"].reduce((sum, key) => sum + ((set.catalog as Record<string, unknown[]>)[key]?.length ?? 0), 0);
    return { name: set.name, file: path.relative(ctx.root, original.file), subset: note, items, chunks: imported.chunks, queries: set.queries.length, scores, baselinePlan, baselineIndexedPlan, latencyMs, perQuery, perKind };
  } finally {
    await db.close();
  }
}

const FIXES: Record<string, string> = {
  "cross-language": "a multilingual embedding model (OPENAI_EMBEDDING_MODEL, e.g. bge-m3 through Ollama or vLLM) and the model's query understanding — the hash embedder cannot map «куртка» to «jacket», and no vocabulary is kept in code; a shop can add its own synonyms (settings.synonyms)",
  semantic: "a real embedding model for meaning without shared words (PALOMPY_EMBEDDER=openai), or the shop's own synonyms (settings.synonyms)",
  misspelling: "a trigram channel over descriptions too (today only names)",
  mixed: "splitting mixed-intent questions into sub-queries before retrieval",
  faq: "indexing FAQ questions as separate short chunks, or a real embedding model for paraphrases",
  policy: "policy-intent questions already search the policy by itself in the chat (app/chat/answer.server.ts); retrieval alone does not",
  attribute: "attribute filters at retrieval time (the chat sorts by price and by units read from item text after retrieval)",
  "exact-name": "a title-only lexical channel with a higher weight",
  sku: "a variant-SKU lookup column instead of full-text confirmation",
};

export async function runQuality(ctx: BenchContext): Promise<SectionOutput> {
  const { sets, sharedDir, sharedFound } = discoverEvalSets(ctx.root);
  const results: SetResult[] = [];
  for (const set of sets) results.push(await evaluateSet(ctx, set));

  const lines: string[] = [];
  lines.push(
    sharedFound
      ? `Eval sets: ${sharedFound} from \`${path.relative(ctx.root, sharedDir)}\` plus the demo store set.`
      : `No eval set found under \`${path.relative(ctx.root, sharedDir)}/*/eval.json\`, so this section ran on the demo store with the queries written for it (bench/eval/demo-store.eval.json).`,
  );
  lines.push(
    "",
    `Metrics at item level: each query asks retrieve() for ${CHUNK_LIMIT} chunks, chunks are mapped to their item id and de-duplicated in rank order, and the first ${K} items are scored. nDCG@10 uses gain 2^grade − 1; Recall@10 and MRR@10 count items of grade ≥ 1. Local hash embedder (512 dimensions) for every vector channel.`,
  );
  lines.push(
    "",
    `Two layouts per set: **shared** — the shop's chunks in one table with ${NOISE.shops} other shops (${NOISE.chunksPerShop} synthetic chunks each, ${int(NOISE.shops * NOISE.chunksPerShop)} rows), as in production where every shop shares knowledge_chunks and its indexes; **alone** — the shop is the only one in the table. The baseline's IVFFlat index is built after loading, over whatever the table holds, with pgvector's default probes = 1.`,
  );
  for (const result of results) {
    lines.push("", `#### ${result.name}`, "", `\`${result.file}\`: ${int(result.items)} items → ${int(result.chunks)} chunks, ${result.queries} queries.${result.subset ? ` ${result.subset}.` : ""}`, "");
    lines.push(
      table(
        ["Retrieval", "nDCG@10 shared", "Recall@10 shared", "MRR@10 shared", "p50 shared", "nDCG@10 alone", "Recall@10 alone", "MRR@10 alone", "nDCG vs baseline (shared)"],
        VARIANTS.map(({ key, label }) => [
          label,
          num(result.scores.shared[key].ndcg10, 3),
          num(result.scores.shared[key].recall10, 3),
          num(result.scores.shared[key].mrr10, 3),
          `${num(result.latencyMs.shared[key].p50, 1)} ms`,
          num(result.scores.alone[key].ndcg10, 3),
          num(result.scores.alone[key].recall10, 3),
          num(result.scores.alone[key].mrr10, 3),
          key === "baseline" ? "1.00×" : ratio(result.scores.shared[key].ndcg10, result.scores.shared.baseline.ndcg10, 2),
        ]),
      ),
    );
    lines.push(
      "",
      `Baseline plan as chosen — shared: ${result.baselinePlan.shared}; alone: ${result.baselinePlan.alone}. With the index in use (enable_sort, enable_seqscan and enable_bitmapscan off for that run only) — shared: ${result.baselineIndexedPlan.shared}; alone: ${result.baselineIndexedPlan.alone}. A shop this small is answered by its b-tree and a sort, so the seed's probes = 1 only hurts once a shop has about 1,000 chunks or more (§7 measures the planner using IVFFlat from 1,000 chunks on); the second baseline row shows what the seed's index returns then.`,
    );
    if (result.perKind) {
      lines.push(
        "",
        result.file.endsWith("demo-store.eval.json")
          ? "nDCG@10 by query kind, shared layout (kinds from bench/eval/demo-queries.ts):"
          : "nDCG@10 by half, shared layout: retrieval was tuned on the tuning half only (bench/quality-quick.ts, bench/lib/halves.ts); the held-out half was not looked at while tuning:",
        "",
      );
      lines.push(
        table(
          ["Kind", "Queries", "Baseline", "Baseline, index in use", "Lexical", "Vector (HNSW)", "Hybrid", "Hybrid vs baseline"],
          result.perKind.map((row) => [
            row.kind,
            row.queries,
            num(row.scores.baseline.ndcg10, 3),
            num(row.scores.baselineIndexed.ndcg10, 3),
            num(row.scores.lexical.ndcg10, 3),
            num(row.scores.vector.ndcg10, 3),
            num(row.scores.hybrid.ndcg10, 3),
            ratio(row.scores.hybrid.ndcg10, row.scores.baseline.ndcg10, 2),
          ]),
        ),
      );
    }
  }

  // External sets lead: hybrid against the best single channel, then against the seed's design.
  const external = (result: SetResult) => !result.file.endsWith("demo-store.eval.json");
  const headline: HeadlineRow[] = [...results.filter(external), ...results.filter((result) => !external(result))].flatMap((result) => {
    const best = Math.max(result.scores.shared.lexical.ndcg10, result.scores.shared.vector.ndcg10);
    const bestName = result.scores.shared.lexical.ndcg10 >= result.scores.shared.vector.ndcg10 ? "lexical" : "vector";
    return [
      {
        metric: `Retrieval nDCG@10, ${result.name} (${result.queries} queries${external(result) ? ", external" : ", written for the demo"}): hybrid vs the best single channel (${bestName})`,
        ours: num(result.scores.shared.hybrid.ndcg10, 3),
        baseline: num(best, 3),
        ratio: ratio(result.scores.shared.hybrid.ndcg10, best, 2),
      },
      {
        metric: `Same set: hybrid vs the seed's IVFFlat vector search as the planner runs it`,
        ours: num(result.scores.shared.hybrid.ndcg10, 3),
        baseline: num(result.scores.shared.baseline.ndcg10, 3),
        ratio: ratio(result.scores.shared.hybrid.ndcg10, result.scores.shared.baseline.ndcg10, 2),
      },
    ];
  });
  const weakSpots: WeakSpot[] = [];
  for (const result of results) {
    weakSpots.push({ kind: "quality", what: `hybrid nDCG@10 on ${result.name}`, value: result.scores.shared.hybrid.ndcg10, display: num(result.scores.shared.hybrid.ndcg10, 3), fix: "" });
    for (const row of result.perKind ?? []) {
      weakSpots.push({
        kind: "quality",
        what: `hybrid nDCG@10 on "${row.kind}" queries of ${result.name} (${row.queries} queries)`,
        value: row.scores.hybrid.ndcg10,
        display: num(row.scores.hybrid.ndcg10, 3),
        fix: FIXES[row.kind] ?? "",
      });
    }
  }
  return { markdown: lines.join("\n"), data: { sets: results, subsetRule: SUBSET }, headline, weakSpots };
}
