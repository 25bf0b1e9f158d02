/**
 * Retrieval latency at 1k, 10k and 100k chunks in one shop, with 50 other shops in the table
 * (200 chunks each): HNSW (the migration's index, built after the bulk load) versus an exact scan
 * (retrieve's `exact` option: index scans off), for the vector channel alone and for the full
 * hybrid retrieval, plus the seed's IVFFlat (lists = 100, probes = 1) for the vector channel.
 * HNSW and IVFFlat recall@10 are measured against the exact scan's top 10 chunks.
 * Runs last and measures as many sizes as the remaining time budget allows (documented in the report).
 */
import type { Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { retrieve, type RetrieveOptions } from "~/knowledge/retrieve.server";
import { DEMO_QUERIES } from "../eval/demo-queries";
import { createShops, describePlan, HNSW_INDEX, HNSW_INDEX_SQL, insertChunks, vectorChannelPlan } from "../lib/bulk";
import type { BenchContext, HeadlineRow, SectionOutput, WeakSpot } from "../lib/context";
import { createShop, openBenchDatabase } from "../lib/db";
import { summarize, type LatencySummary } from "../lib/metrics";
import { createRng, sample } from "../lib/prng";
import { duration, int, ms, num, ratio, table } from "../lib/report";
import { syntheticChunks } from "../lib/synthetic";

/** BENCH_LATENCY_SIZES=1000,10000 overrides the sizes (development runs). */
export const SIZES: readonly number[] = process.env.BENCH_LATENCY_SIZES ? process.env.BENCH_LATENCY_SIZES.split(",").map(Number) : [1_000, 10_000, 100_000];
export const OTHER_SHOPS = { shops: 50, chunksPerShop: 200 } as const;
const QUERIES = 30;
const WARMUP = 3;
const LIMIT = 10;
const IVFFLAT_INDEX = "knowledge_chunks_embedding_512_ivfflat";
/** Kept free at the end of the run for writing the report. */
const RESERVE_MS = 10_000;

type Path = "vectorHnsw" | "vectorExact" | "lexical" | "hybridHnsw" | "hybridExact" | "vectorIvfflat";
const PATHS: { key: Path; label: string; options: RetrieveOptions }[] = [
  { key: "vectorHnsw", label: "Vector, HNSW", options: { mode: "vector" } },
  { key: "vectorExact", label: "Vector, exact scan", options: { mode: "vector", exact: true } },
  { key: "lexical", label: "Lexical only", options: { mode: "lexical" } },
  { key: "hybridHnsw", label: "Hybrid, HNSW (ours)", options: { mode: "hybrid" } },
  { key: "hybridExact", label: "Hybrid, exact scan", options: { mode: "hybrid", exact: true } },
];

interface Stage {
  shopChunks: number;
  tableRows: number;
  load: { embedMs: number; insertMs: number; rowsAdded: number };
  hnswBuildMs: number;
  ivfflatBuildMs: number;
  /** The planner's scan for the vector channel (EXPLAIN of the first query). */
  plans: { hnsw: string; ivfflat: string };
  latency: Record<Path, LatencySummary>;
  /** Mean overlap of the top-10 chunk ids with the exact scan's top 10. */
  recallVsExact: { hnsw: number; ivfflat: number; hybridHnswVsExact: number };
}

interface Hit {
  id: string;
  similarity: number | null;
}

/**
 * Runs every path for each query in turn (interleaved, so drift and caching affect all paths alike),
 * after WARMUP queries that are not recorded.
 */
async function measurePaths(db: Database, embedder: LocalHashEmbedder, shopId: string, queries: string[], paths: { key: Path; options: RetrieveOptions }[]) {
  const times = Object.fromEntries(paths.map((path) => [path.key, [] as number[]])) as Record<Path, number[]>;
  const tops = Object.fromEntries(paths.map((path) => [path.key, [] as Hit[][]])) as Record<Path, Hit[][]>;
  for (let i = 0; i < WARMUP + queries.length; i++) {
    const query = i < WARMUP ? queries[queries.length - 1 - (i % queries.length)] : queries[i - WARMUP];
    for (const path of paths) {
      const started = performance.now();
      const rows = await retrieve(db.prisma, embedder, shopId, query, { limit: LIMIT, ...path.options });
      const elapsed = performance.now() - started;
      if (i < WARMUP) continue;
      times[path.key].push(elapsed);
      tops[path.key].push(rows.map((row) => ({ id: row.chunkId, similarity: row.similarity })));
    }
  }
  const stats = Object.fromEntries(paths.map((path) => [path.key, summarize(times[path.key])])) as Record<Path, LatencySummary>;
  return { stats, tops };
}

/**
 * Mean share of the exact top 10 that the approximate path found. For the vector channel a result
 * whose similarity ties the exact 10th (within 1e-6) counts as found: synthetic chunks share
 * sentences, so equal distances are common and any of the tied rows is a correct answer.
 */
export function recall(approximate: Hit[][], exact: Hit[][], byDistance: boolean): number {
  let sum = 0;
  for (let i = 0; i < approximate.length; i++) {
    const truth = exact[i];
    if (!truth.length) {
      sum += 1;
      continue;
    }
    const ids = new Set(truth.map((hit) => hit.id));
    const kth = Math.min(...truth.map((hit) => hit.similarity ?? Number.POSITIVE_INFINITY));
    const found = approximate[i].filter((hit) => ids.has(hit.id) || (byDistance && hit.similarity !== null && hit.similarity >= kth - 1e-6)).length;
    sum += Math.min(1, found / truth.length);
  }
  return approximate.length ? sum / approximate.length : Number.NaN;
}

async function planFor(db: Database, embedder: LocalHashEmbedder, shopId: string, query: string): Promise<string> {
  return describePlan(await vectorChannelPlan(db, shopId, embedder.modelId, embedder.embedOne(query))).summary;
}

export async function runLatency(ctx: BenchContext): Promise<SectionOutput> {
  const embedder = new LocalHashEmbedder();
  const queries = sample(createRng(31), DEMO_QUERIES.map((query) => query.text), QUERIES);
  const db = await openBenchDatabase();
  const stages: Stage[] = [];
  const skipped: { size: number; reason: string }[] = [];
  try {
    await db.runner.exec(`SET maintenance_work_mem = '512MB'`);
    await db.runner.exec(`DROP INDEX ${HNSW_INDEX}`);
    const shopId = await createShop(db, "latency bench shop");
    const others = await createShops(db, OTHER_SHOPS.shops, "other shop");
    const initial = { embedMs: 0, insertMs: 0 };
    for (const [i, other] of others.entries()) {
      const load = await insertChunks(db, other, syntheticChunks(OTHER_SHOPS.chunksPerShop, 9_000 + i, `other${i}`), embedder);
      initial.embedMs += load.embedMs;
      initial.insertMs += load.insertMs;
    }
    const all = syntheticChunks(SIZES[SIZES.length - 1], 12_345, "shop");
    let loaded = 0;
    // Per-row costs of the previous stage, to predict whether the next one fits the budget.
    let perRowLoadMs = 0;
    let perRowBuildMs = 0;
    let perQueryExactMs = 0;
    for (const size of SIZES) {
      const tableRows = size + OTHER_SHOPS.shops * OTHER_SHOPS.chunksPerShop;
      if (stages.length) {
        const predicted = (size - loaded) * perRowLoadMs + tableRows * perRowBuildMs * 1.3 + (tableRows / stages.at(-1)!.tableRows) * perQueryExactMs * 2 * (QUERIES + WARMUP) + 20_000;
        const available = ctx.remainingMs() - RESERVE_MS;
        if (predicted > available) {
          skipped.push({ size, reason: `predicted ${duration(predicted)} from the ${int(stages.at(-1)!.shopChunks)}-chunk stage's per-row costs, but only ${duration(Math.max(0, available))} of the run's budget remained` });
          ctx.log(`  ${int(size)} chunks: skipped (${skipped.at(-1)!.reason})`);
          break;
        }
      }
      const chunks = all.slice(loaded, size);
      const load = await insertChunks(db, shopId, chunks, embedder);
      if (!stages.length) {
        load.embedMs += initial.embedMs;
        load.insertMs += initial.insertMs;
      }
      loaded = size;
      await db.runner.exec(`DROP INDEX IF EXISTS ${IVFFLAT_INDEX}`);
      await db.runner.exec(`DROP INDEX IF EXISTS ${HNSW_INDEX}`);
      const buildStarted = performance.now();
      await db.runner.exec(HNSW_INDEX_SQL);
      const hnswBuildMs = performance.now() - buildStarted;
      await db.runner.exec(`ANALYZE knowledge_chunks`);
      ctx.log(`  ${int(size)} chunks (+${int(tableRows - size)} of other shops): loaded in ${duration(load.embedMs + load.insertMs)}, HNSW built in ${duration(hnswBuildMs)}`);

      const hnswPlan = await planFor(db, embedder, shopId, queries[0]);
      const measured = await measurePaths(db, embedder, shopId, queries, PATHS);
      const latency = measured.stats;
      const tops = measured.tops;
      // The seed's index, replacing HNSW for the vector channel.
      await db.runner.exec(`DROP INDEX ${HNSW_INDEX}`);
      const ivfStarted = performance.now();
      await db.runner.exec(
        `CREATE INDEX ${IVFFLAT_INDEX} ON knowledge_chunks USING ivfflat ((embedding::vector(512)) vector_cosine_ops) WITH (lists = 100) WHERE embedding_dim = 512`,
      );
      const ivfflatBuildMs = performance.now() - ivfStarted;
      await db.runner.exec(`ANALYZE knowledge_chunks`);
      const ivfflatPlan = await planFor(db, embedder, shopId, queries[0]);
      const ivf = await measurePaths(db, embedder, shopId, queries, [{ key: "vectorIvfflat", options: { mode: "vector" } }]);
      latency.vectorIvfflat = ivf.stats.vectorIvfflat;
      tops.vectorIvfflat = ivf.tops.vectorIvfflat;
      await db.runner.exec(`DROP INDEX ${IVFFLAT_INDEX}`);

      const stage: Stage = {
        shopChunks: size,
        tableRows,
        load: { embedMs: load.embedMs, insertMs: load.insertMs, rowsAdded: load.rows + (stages.length ? 0 : OTHER_SHOPS.shops * OTHER_SHOPS.chunksPerShop) },
        hnswBuildMs,
        ivfflatBuildMs,
        plans: { hnsw: hnswPlan, ivfflat: ivfflatPlan },
        latency,
        recallVsExact: {
          hnsw: recall(tops.vectorHnsw, tops.vectorExact, true),
          ivfflat: recall(tops.vectorIvfflat, tops.vectorExact, true),
          hybridHnswVsExact: recall(tops.hybridHnsw, tops.hybridExact, false),
        },
      };
      stages.push(stage);
      perRowLoadMs = (load.embedMs + load.insertMs) / load.rows;
      perRowBuildMs = hnswBuildMs / tableRows;
      perQueryExactMs = latency.vectorExact.mean + latency.hybridExact.mean;
      ctx.log(
        `    vector p50 HNSW ${num(latency.vectorHnsw.p50)} ms vs exact ${num(latency.vectorExact.p50)} ms; IVFFlat ${num(latency.vectorIvfflat.p50)} ms (recall ${num(stage.recallVsExact.ivfflat, 2)}); HNSW recall ${num(stage.recallVsExact.hnsw, 2)}`,
      );
    }
  } finally {
    await db.close();
  }
  if (!stages.length) throw new Error("no size could be measured");

  const md: string[] = [];
  md.push(
    `One shop's synthetic chunks (demo catalog sentences recombined under new names with random colour, size, weight, price and SKU; seeded) in a table shared with ${OTHER_SHOPS.shops} other shops of ${OTHER_SHOPS.chunksPerShop} chunks each. Rows are bulk-inserted with multi-row INSERTs and precomputed local embeddings (512-d); the HNSW index (the migration's: m = 16, ef_construction = 64, partial on embedding_dim = 512) is built after each load over the whole table with maintenance_work_mem = 512MB. ${QUERIES} demo questions per path after ${WARMUP} warm-up queries, \`retrieve(…, { limit: ${LIMIT} })\` in-process (Prisma → PGlite, single connection).`,
    "",
    table(
      ["Chunks in the shop", "Rows in the table", "Load (embed + insert)", "HNSW build", "IVFFlat build"],
      stages.map((stage) => [int(stage.shopChunks), int(stage.tableRows), `${duration(stage.load.embedMs + stage.load.insertMs)} (${int(stage.load.rowsAdded)} rows, ${num(stage.load.rowsAdded / ((stage.load.embedMs + stage.load.insertMs) / 1000), 0)} rows/s)`, duration(stage.hnswBuildMs), duration(stage.ivfflatBuildMs)]),
    ),
    "",
    table(
      ["Chunks in the shop", "Path", "p50", "p95", "Recall@10 vs exact"],
      stages.flatMap((stage) => [
        [int(stage.shopChunks), "Vector, HNSW (ours)", ms(stage.latency.vectorHnsw.p50), ms(stage.latency.vectorHnsw.p95), num(stage.recallVsExact.hnsw, 3)],
        [int(stage.shopChunks), "Vector, exact scan", ms(stage.latency.vectorExact.p50), ms(stage.latency.vectorExact.p95), "1.000"],
        [int(stage.shopChunks), "Vector, IVFFlat lists=100 probes=1 (seed)", ms(stage.latency.vectorIvfflat.p50), ms(stage.latency.vectorIvfflat.p95), num(stage.recallVsExact.ivfflat, 3)],
        [int(stage.shopChunks), "Lexical only (full-text channel)", ms(stage.latency.lexical.p50), ms(stage.latency.lexical.p95), "—"],
        [int(stage.shopChunks), "Hybrid, HNSW (ours, what the chat runs)", ms(stage.latency.hybridHnsw.p50), ms(stage.latency.hybridHnsw.p95), num(stage.recallVsExact.hybridHnswVsExact, 3)],
        [int(stage.shopChunks), "Hybrid, exact scan", ms(stage.latency.hybridExact.p50), ms(stage.latency.hybridExact.p95), "1.000"],
      ]),
    ),
    "",
    table(
      ["Chunks in the shop", "Vector: exact ÷ HNSW p50", "Vector: exact ÷ HNSW p95", "Hybrid: exact ÷ HNSW p50"],
      stages.map((stage) => [
        int(stage.shopChunks),
        ratio(stage.latency.vectorExact.p50, stage.latency.vectorHnsw.p50, 1),
        ratio(stage.latency.vectorExact.p95, stage.latency.vectorHnsw.p95, 1),
        ratio(stage.latency.hybridExact.p50, stage.latency.hybridHnsw.p50, 1),
      ]),
    ),
  );
  md.push(
    "",
    "Recall@10 vs exact: the share of the exact scan's top 10 chunks that the indexed path also returned (vector: a chunk tied with the exact 10th by distance counts; hybrid: HNSW-backed hybrid vs exact-scan hybrid, by chunk id). The planner chooses per query; its choice for the vector channel (EXPLAIN of the first query):",
    "",
    table(["Chunks in the shop", "With the HNSW index", "With the seed's IVFFlat index"], stages.map((stage) => [int(stage.shopChunks), stage.plans.hnsw, stage.plans.ivfflat]), ["l", "l", "l"]),
  );
  for (const skip of skipped) md.push("", `**${int(skip.size)} chunks: not measured** — ${skip.reason}. Run \`npm run bench -- --only=latency\` (about 5 minutes alone on 2 cores) to measure it.`);

  const last = stages.at(-1)!;
  const headline: HeadlineRow[] = [
    {
      metric: `Vector search p95 at ${int(last.shopChunks)} chunks in one shop (+${int(last.tableRows - last.shopChunks)} other shops' rows): HNSW vs exact scan`,
      ours: ms(last.latency.vectorHnsw.p95),
      baseline: ms(last.latency.vectorExact.p95),
      ratio: `${ratio(last.latency.vectorExact.p95, last.latency.vectorHnsw.p95, 1)} faster`,
    },
    {
      metric: `Vector recall@10 vs exact at ${int(last.shopChunks)} chunks: HNSW vs seed's IVFFlat (probes=1)`,
      ours: num(last.recallVsExact.hnsw, 3),
      baseline: num(last.recallVsExact.ivfflat, 3),
      ratio: ratio(last.recallVsExact.hnsw, last.recallVsExact.ivfflat, 2),
    },
    {
      metric: `Hybrid retrieval p50 / p95 at ${int(last.shopChunks)} chunks: HNSW vs exact scan`,
      ours: `${ms(last.latency.hybridHnsw.p50)} / ${ms(last.latency.hybridHnsw.p95)}`,
      baseline: `${ms(last.latency.hybridExact.p50)} / ${ms(last.latency.hybridExact.p95)}`,
      ratio: `${ratio(last.latency.hybridExact.p50, last.latency.hybridHnsw.p50, 1)} / ${ratio(last.latency.hybridExact.p95, last.latency.hybridHnsw.p95, 1)} faster`,
    },
  ];
  const extra = last.latency.hybridHnsw.p95 - last.latency.vectorHnsw.p95;
  const weakSpots: WeakSpot[] = [
    {
      kind: "latency",
      what: `hybrid retrieval at ${int(last.shopChunks)} chunks in one shop at p95`,
      value: last.latency.hybridHnsw.p95,
      display: ms(last.latency.hybridHnsw.p95),
      fix:
        extra > last.latency.vectorHnsw.p95
          ? `the HNSW vector channel takes ${ms(last.latency.vectorHnsw.p95, 0)} at p95 and the full-text channel alone ${ms(last.latency.lexical.p95, 0)}: retrieve()'s lexical query ORs every question word as a prefix (word:*) and orders all matching rows by ts_rank_cd before its LIMIT, so a long question against a large shop ranks most of the shop — capping the terms, dropping prefix matching for frequent words, or ranking only a bounded set of GIN matches would cut it`
          : `the HNSW vector channel dominates (${ms(last.latency.vectorHnsw.p95, 0)} at p95); a lower hnsw.ef_search for small limits would cut it`,
    },
  ];
  const partial = skipped.length ? `${skipped.map((skip) => `${int(skip.size)} chunks`).join(", ")} not measured (time budget)` : undefined;
  return { markdown: md.join("\n"), headline, weakSpots, partial, data: { sizes: SIZES, otherShops: OTHER_SHOPS, queries: QUERIES, stages, skipped } };
}
