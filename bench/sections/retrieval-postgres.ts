/**
 * Retrieval at 100,000 and 1,000,000 chunks across 1,000 shops on a PostgreSQL server with
 * pgvector (issue 20): the server of scripts/postgres-test-server.sh, the app's own retrieve()
 * through the app's own pool (openDatabase: hnsw.ef_search and iterative scans set at connection
 * start), vector-only and hybrid, HNSW vs the exact scan, recall@10 vs exact and the planner's
 * choice. One shop holds a tenth of the chunks (a large catalog among small ones); the other 999
 * share the rest evenly. Rows are loaded with multi-row INSERTs (unnest of arrays, 1,000 rows per
 * statement) and precomputed local 512-d embeddings, with the full-text, trigram and HNSW indexes
 * dropped during the load and built afterwards (their build times are reported).
 *
 * Not part of the default run (51 minutes in all on 2 busy cores, 44 of them for the 1,000,000-chunk stage):
 *   nice -n 10 npm run bench -- --only=retrieval-postgres --no-build --out=/tmp/report.md --json=/tmp/latest.json
 *   BENCH_PG_RETRIEVAL_SIZES=100000 …                                      # the first stage only
 */
import os from "node:os";
import pg from "pg";
import { openDatabase, type Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { retrieve, type RetrieveOptions } from "~/knowledge/retrieve.server";
import { DEMO_QUERIES } from "../eval/demo-queries";
import { createShops, describePlan, vectorChannelPlan, vectorText } from "../lib/bulk";
import type { BenchContext, HeadlineRow, SectionOutput } from "../lib/context";
import { summarize, type LatencySummary } from "../lib/metrics";
import { createRng, sample } from "../lib/prng";
import { duration, int, ms, num, table } from "../lib/report";
import { syntheticChunks, type SyntheticChunk } from "../lib/synthetic";
import { recall } from "./latency";
import { createDatabase, startPostgres } from "./scale-out";

export const SIZES: readonly number[] = process.env.BENCH_PG_RETRIEVAL_SIZES ? process.env.BENCH_PG_RETRIEVAL_SIZES.split(",").map(Number) : [100_000, 1_000_000];
const SHOPS = 1_000;
/** The large shop's share of all chunks; the other shops split the rest evenly. */
const LARGE_SHOP_SHARE = 0.1;
const QUERIES = 40;
const WARMUP = 5;
const LIMIT = 10;
const ROWS_PER_INSERT = 1_000;
const HNSW_INDEX = "knowledge_chunks_embedding_512_idx";
/** Dropped for the load and rebuilt after it, like a bulk load on a real server would. */
const LOAD_DROPPED_INDEXES = ["knowledge_chunks_search_vector_idx", "knowledge_chunks_title_trgm_idx", HNSW_INDEX];
/** Two cores on the benchmark machine: the leader and one worker. */
const PARALLEL_MAINTENANCE_WORKERS = 1;
const maintenanceWorkMem = (rows: number) => (rows > 200_000 ? "4GB" : "1GB");

type Path = "vectorHnsw" | "vectorExact" | "hybridHnsw" | "hybridExact";
const PATHS: { key: Path; options: RetrieveOptions }[] = [
  { key: "vectorHnsw", options: { mode: "vector" } },
  { key: "vectorExact", options: { mode: "vector", exact: true } },
  { key: "hybridHnsw", options: { mode: "hybrid" } },
  { key: "hybridExact", options: { mode: "hybrid", exact: true } },
];

interface Group {
  label: string;
  chunksPerShop: number;
  latency: Record<Path, LatencySummary>;
  recall: { vector: number; hybrid: number };
  plan: string;
  loadAverage: number;
}

export interface Stage {
  chunks: number;
  largeShopChunks: number;
  otherShopChunks: number;
  load: { rows: number; ms: number; loadAverage: number };
  indexBuilds: { name: string; ms: number }[];
  hnsw: { ms: number; bytes: number; maintenanceWorkMem: string; workersPlanned: number; workersSeen: number; loadAverage: number };
  tableBytes: number;
  groups: Group[];
}

/** Chunks each shop holds at `total`: the large shop first, then the others (the remainder spread over the first ones). */
export function distribution(total: number): number[] {
  const large = Math.round(total * LARGE_SHOP_SHARE);
  const rest = total - large;
  const each = Math.floor(rest / (SHOPS - 1));
  const extra = rest - each * (SHOPS - 1);
  return [large, ...Array.from({ length: SHOPS - 1 }, (_, i) => each + (i < extra ? 1 : 0))];
}

async function insertBatch(db: Database, shopId: string, chunks: SyntheticChunk[], embedder: LocalHashEmbedder): Promise<void> {
  const vectors = chunks.map((chunk) => vectorText(embedder.embedOne(chunk.text)));
  await db.pool.query(
    `INSERT INTO knowledge_chunks (shop_id, source_type, source_id, chunk_index, title, url, price, currency, sku, text, content_hash, embedding_model, embedding_dim, embedding, search_vector, updated_at)
     SELECT $1::uuid, 'product'::"SourceType", r.source_id, r.chunk_index, r.title, r.url, r.price, r.currency, r.sku, r.text, r.content_hash, $2, 512, r.embedding::vector, palompy_tsvector(r.title, r.text), now()
     FROM unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
       AS r(source_id, chunk_index, title, url, price, currency, sku, text, content_hash, embedding)`,
    [
      shopId,
      embedder.modelId,
      chunks.map((chunk) => chunk.sourceId),
      chunks.map((chunk) => chunk.chunkIndex),
      chunks.map((chunk) => chunk.title),
      chunks.map((chunk) => chunk.url),
      chunks.map((chunk) => chunk.price),
      chunks.map((chunk) => chunk.currency),
      chunks.map((chunk) => chunk.sku),
      chunks.map((chunk) => chunk.text),
      chunks.map((chunk) => chunk.contentHash),
      vectors,
    ],
  );
}

/**
 * Brings every shop from `from[i]` to `to[i]` chunks. Each shop's chunks come from its own seed, so
 * a later stage continues the same sequence. One INSERT is in flight while the next batch is
 * embedded: the server and this process work on separate cores.
 */
async function load(db: Database, shops: string[], from: number[], to: number[], embedder: LocalHashEmbedder, log: (message: string) => void): Promise<number> {
  let inFlight: Promise<void> | undefined;
  let rows = 0;
  let lastLog = performance.now();
  for (let i = 0; i < shops.length; i++) {
    if (to[i] <= from[i]) continue;
    const chunks = syntheticChunks(to[i], 50_000 + i, `s${i}`).slice(from[i]);
    for (let start = 0; start < chunks.length; start += ROWS_PER_INSERT) {
      const batch = chunks.slice(start, start + ROWS_PER_INSERT);
      // insertBatch embeds synchronously before it sends its query: that overlaps the INSERT in flight.
      const next = insertBatch(db, shops[i], batch, embedder);
      // Awaited below (after the previous one): not an unhandled rejection meanwhile.
      next.catch(() => undefined);
      if (inFlight) await inFlight;
      inFlight = next;
      rows += batch.length;
      if (performance.now() - lastLog > 60_000) {
        lastLog = performance.now();
        log(`    loaded ${int(rows)} rows…`);
      }
    }
  }
  await inFlight;
  return rows;
}

async function measureGroup(db: Database, embedder: LocalHashEmbedder, label: string, shopFor: (query: number) => string, queries: string[], chunksPerShop: number): Promise<Group> {
  const times = Object.fromEntries(PATHS.map((path) => [path.key, [] as number[]])) as Record<Path, number[]>;
  const tops = Object.fromEntries(PATHS.map((path) => [path.key, [] as { id: string; similarity: number | null }[][]])) as Record<Path, { id: string; similarity: number | null }[][]>;
  for (let i = 0; i < WARMUP + queries.length; i++) {
    const recorded = i >= WARMUP;
    const query = recorded ? queries[i - WARMUP] : queries[queries.length - 1 - i];
    const shopId = shopFor(recorded ? i - WARMUP : queries.length + i);
    // Every path for one query in turn: drift and caching affect all paths alike.
    for (const path of PATHS) {
      const started = performance.now();
      const rows = await retrieve(db.prisma, embedder, shopId, query, { limit: LIMIT, ...path.options });
      const elapsed = performance.now() - started;
      if (!recorded) continue;
      times[path.key].push(elapsed);
      tops[path.key].push(rows.map((row) => ({ id: row.chunkId, similarity: row.similarity })));
    }
  }
  const plan = describePlan(await vectorChannelPlan(db, shopFor(0), embedder.modelId, embedder.embedOne(queries[0]))).summary;
  return {
    label,
    chunksPerShop,
    latency: Object.fromEntries(PATHS.map((path) => [path.key, summarize(times[path.key])])) as Record<Path, LatencySummary>,
    recall: { vector: recall(tops.vectorHnsw, tops.vectorExact, true), hybrid: recall(tops.hybridHnsw, tops.hybridExact, false) },
    plan,
    loadAverage: os.loadavg()[0],
  };
}

/** Builds the HNSW index on one connection with this stage's settings, counting the parallel workers the server ran. */
async function buildHnsw(db: Database, url: string, definition: string, rows: number) {
  const memory = maintenanceWorkMem(rows);
  const client = await db.pool.connect();
  const observer = new pg.Client({ connectionString: url });
  await observer.connect();
  let workersSeen = 0;
  let building = true;
  const watching = (async () => {
    while (building) {
      const { rows: seen } = await observer.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'parallel worker' AND datname = current_database()");
      workersSeen = Math.max(workersSeen, seen[0].n);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  try {
    await client.query(`SET maintenance_work_mem = '${memory}'`);
    await client.query(`SET max_parallel_maintenance_workers = ${PARALLEL_MAINTENANCE_WORKERS}`);
    const started = performance.now();
    await client.query(definition);
    const elapsed = performance.now() - started;
    const [size] = (await client.query<{ bytes: string }>(`SELECT pg_relation_size('${HNSW_INDEX}') AS bytes`)).rows;
    return { ms: elapsed, bytes: Number(size.bytes), maintenanceWorkMem: memory, workersPlanned: PARALLEL_MAINTENANCE_WORKERS, workersSeen, loadAverage: os.loadavg()[0] };
  } finally {
    building = false;
    await watching;
    await observer.end();
    client.release();
  }
}

export async function runRetrievalPostgres(ctx: BenchContext): Promise<SectionOutput> {
  const embedder = new LocalHashEmbedder();
  const queries = sample(createRng(47), DEMO_QUERIES.map((query) => query.text), QUERIES);
  const loadBefore = os.loadavg()[0];
  const server = await startPostgres(ctx.root);
  const stages: Stage[] = [];
  const skipped: string[] = [];
  let settings: Record<string, string> = {};
  let versions = "";
  try {
    const url = await createDatabase(server.url, `bench_retrieval_${Date.now()}`);
    const db = await openDatabase({ kind: "postgres", url, poolSize: 4 });
    try {
      const [session] = await db.runner.query<Record<string, string>>(
        "SELECT current_setting('hnsw.ef_search') AS ef_search, current_setting('hnsw.iterative_scan') AS iterative_scan, current_setting('shared_buffers') AS shared_buffers, current_setting('max_parallel_maintenance_workers') AS default_workers",
      );
      settings = session;
      const [version] = await db.runner.query<{ pg: string; vector: string }>("SELECT current_setting('server_version') AS pg, (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS vector");
      versions = `PostgreSQL ${version.pg}, pgvector ${version.vector}`;
      const definitions = await db.runner.query<{ name: string; definition: string }>(
        "SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = 'knowledge_chunks' AND indexname = ANY($1::text[])",
        [LOAD_DROPPED_INDEXES],
      );
      if (definitions.length !== LOAD_DROPPED_INDEXES.length) throw new Error(`expected the migration's indexes ${LOAD_DROPPED_INDEXES.join(", ")}, found ${definitions.map((row) => row.name).join(", ")}`);
      const shops = await createShops(db, SHOPS, "retrieval shop");
      let held = shops.map(() => 0);
      for (const size of SIZES) {
        if (stages.length && ctx.remainingMs() < 10 * 60_000) {
          skipped.push(`${int(size)} chunks: less than 10 minutes of the run's budget remained`);
          break;
        }
        for (const name of LOAD_DROPPED_INDEXES) await db.runner.exec(`DROP INDEX IF EXISTS ${name}`);
        const target = distribution(size);
        ctx.log(`  loading to ${int(size)} chunks (large shop ${int(target[0])}, others ${int(target[1])})…`);
        const loadStarted = performance.now();
        const rows = await load(db, shops, held, target, embedder, ctx.log);
        const loadMs = performance.now() - loadStarted;
        held = target;
        const loadStats = { rows, ms: loadMs, loadAverage: os.loadavg()[0] };
        ctx.log(`  loaded ${int(rows)} rows in ${duration(loadMs)} (load average ${num(loadStats.loadAverage, 1)})`);

        const indexBuilds: { name: string; ms: number }[] = [];
        for (const { name, definition } of definitions.filter((row) => row.name !== HNSW_INDEX)) {
          const started = performance.now();
          await db.runner.exec(definition);
          indexBuilds.push({ name, ms: performance.now() - started });
        }
        const hnsw = await buildHnsw(db, url, definitions.find((row) => row.name === HNSW_INDEX)!.definition, size);
        await db.runner.exec("VACUUM ANALYZE knowledge_chunks");
        const [tableSize] = await db.runner.query<{ bytes: string }>("SELECT pg_total_relation_size('knowledge_chunks') AS bytes");
        ctx.log(`  HNSW over ${int(size)} rows built in ${duration(hnsw.ms)} (${num(hnsw.bytes / 1024 ** 2, 0)} MB, maintenance_work_mem ${hnsw.maintenanceWorkMem}, ${hnsw.workersSeen} parallel worker(s) seen, load average ${num(hnsw.loadAverage, 1)})`);

        const regular = shops.slice(1);
        const picked = sample(createRng(size), regular, QUERIES + WARMUP);
        const groups = [
          await measureGroup(db, embedder, "a regular shop (a different one per query)", (query) => picked[query % picked.length], queries, target[1]),
          await measureGroup(db, embedder, "the large shop", () => shops[0], queries, target[0]),
        ];
        for (const group of groups) {
          ctx.log(
            `    ${group.label}: vector p50/p95 ${ms(group.latency.vectorHnsw.p50)}/${ms(group.latency.vectorHnsw.p95)} (exact ${ms(group.latency.vectorExact.p95)}), hybrid p95 ${ms(group.latency.hybridHnsw.p95)}, recall ${num(group.recall.vector, 3)}/${num(group.recall.hybrid, 3)}, plan ${group.plan}`,
          );
        }
        const stage: Stage = { chunks: size, largeShopChunks: target[0], otherShopChunks: target[1], load: loadStats, indexBuilds, hnsw, tableBytes: Number(tableSize.bytes), groups };
        stages.push(stage);
        // Each stage's raw numbers as soon as it ends: a later stage may not finish within the run.
        ctx.log(`  stage ${JSON.stringify(stage)}`);
      }
    } finally {
      await db.close();
    }
  } finally {
    await server.stop();
  }
  if (!stages.length) throw new Error("no size could be measured");
  return retrievalReport(stages, skipped, { loadBefore, settings, versions });
}

export function retrievalReport(stages: Stage[], skipped: string[], run: { loadBefore: number; settings: Record<string, string>; versions: string }): SectionOutput {
  const cores = os.availableParallelism();
  const mb = (bytes: number) => `${num(bytes / 1024 ** 2, 0)} MB`;
  const md: string[] = [];
  md.push(
    `${run.versions} (the cluster of \`scripts/postgres-test-server.sh\`: fsync off, shared_buffers ${run.settings.shared_buffers}), on this machine's ${cores} cores shared with other work: the 1-minute load average is given next to each timing. ${int(SHOPS)} shops: one holds ${num(LARGE_SHOP_SHARE * 100, 0)} % of the chunks, the other ${int(SHOPS - 1)} share the rest evenly. Synthetic chunks as in section 8 (seeded per shop), local 512-d embeddings computed in the benchmark and loaded with multi-row INSERTs (unnest, ${int(ROWS_PER_INSERT)} rows per statement, one in flight while the next is embedded); the full-text, trigram and HNSW indexes are dropped for the load and built after it. The HNSW index is the migration's (m = 16, ef_construction = 64, partial on embedding_dim = 512), built with max_parallel_maintenance_workers = ${PARALLEL_MAINTENANCE_WORKERS}. Queries: ${QUERIES} demo questions per path after ${WARMUP} warm-up queries, \`retrieve(…, { limit: ${LIMIT} })\` in-process through the app's pool (\`openDatabase\`: hnsw.ef_search = ${run.settings.ef_search}, hnsw.iterative_scan = ${run.settings.iterative_scan}, set at connection start); the exact path is retrieve's \`exact\` option (an ORDER BY no index matches: the shop's rows are scanned and sorted).`,
    "",
    table(
      ["Chunks", "Per shop (large / others)", "Load", "Full-text and trigram indexes", "HNSW build", "HNSW size", "maintenance_work_mem", "Parallel workers", "Table + indexes"],
      stages.map((stage) => [
        int(stage.chunks),
        `${int(stage.largeShopChunks)} / ${int(stage.otherShopChunks)}`,
        `${duration(stage.load.ms)} (${int(stage.load.rows / (stage.load.ms / 1000))} rows/s; load ${num(stage.load.loadAverage, 1)})`,
        stage.indexBuilds.map((build) => `${build.name.replace("knowledge_chunks_", "")} ${duration(build.ms)}`).join(", "),
        `${duration(stage.hnsw.ms)} (load ${num(stage.hnsw.loadAverage, 1)})`,
        mb(stage.hnsw.bytes),
        stage.hnsw.maintenanceWorkMem,
        `${stage.hnsw.workersPlanned} planned, ${stage.hnsw.workersSeen} seen`,
        mb(stage.tableBytes),
      ]),
      ["r", "r", "r", "l", "r", "r", "r", "l", "r"],
    ),
    "",
    table(
      ["Chunks", "Shop", "Vector HNSW p50 / p95", "Vector exact p50 / p95", "Vector recall@10", "Hybrid p50 / p95 (what the chat runs)", "Hybrid exact p50 / p95", "Hybrid recall@10", "Planner (vector channel)", "Load avg"],
      stages.flatMap((stage) =>
        stage.groups.map((group) => [
          int(stage.chunks),
          `${group.label} (${int(group.chunksPerShop)} chunks)`,
          `${ms(group.latency.vectorHnsw.p50)} / ${ms(group.latency.vectorHnsw.p95)}`,
          `${ms(group.latency.vectorExact.p50)} / ${ms(group.latency.vectorExact.p95)}`,
          num(group.recall.vector, 3),
          `${ms(group.latency.hybridHnsw.p50)} / ${ms(group.latency.hybridHnsw.p95)}`,
          `${ms(group.latency.hybridExact.p50)} / ${ms(group.latency.hybridExact.p95)}`,
          num(group.recall.hybrid, 3),
          group.plan,
          num(group.loadAverage, 1),
        ]),
      ),
      ["r", "l", "r", "r", "r", "r", "r", "r", "l", "r"],
    ),
    "",
    "Recall@10 vs exact as in section 8: the share of the exact path's top 10 that the default path returned (vector: a chunk tied with the exact 10th by distance counts; hybrid: by chunk id). The planner's choice is EXPLAIN of the vector channel's query for the first query's shop. Load average: 1-minute, after the group's queries.",
  );
  for (const skip of skipped) md.push("", `**Not measured:** ${skip}.`);
  const last = stages.at(-1)!;
  const regular = last.groups[0];
  const large = last.groups[1];
  const headline: HeadlineRow[] = [
    {
      metric: `PostgreSQL retrieval at ${int(last.chunks)} chunks across ${int(SHOPS)} shops: hybrid p95, regular shop / large shop (${int(last.largeShopChunks)} chunks)`,
      ours: `${ms(regular.latency.hybridHnsw.p95)} / ${ms(large.latency.hybridHnsw.p95)}`,
      baseline: `${ms(regular.latency.hybridExact.p95)} / ${ms(large.latency.hybridExact.p95)} exact`,
      ratio: `recall@10 ${num(regular.recall.hybrid, 2)} / ${num(large.recall.hybrid, 2)}`,
    },
  ];
  return {
    markdown: md.join("\n"),
    data: { shops: SHOPS, largeShopShare: LARGE_SHOP_SHARE, queries: QUERIES, warmup: WARMUP, cores, loadBefore: run.loadBefore, loadAfter: os.loadavg()[0], settings: run.settings, versions: run.versions, stages, skipped },
    headline,
    partial: skipped.length ? skipped.join("; ") : undefined,
  };
}
