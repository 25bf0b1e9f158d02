/**
 * Quick retrieval-quality loop for development (seconds, not minutes): nDCG@10 of lexical, vector
 * and hybrid retrieval on the external ESCI set, split into a tuning half and a held-out half
 * (by a hash of the query id, fixed), and on the demo store by query kind. No noise shops, no
 * baselines: the full section (bench/sections/quality.ts) does that.
 *
 *   PALOMPY_SHARED_DIR=/work/shared sh scripts/node22.sh tsx bench/quality-quick.ts
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { retrieve, type RetrievalMode } from "~/knowledge/retrieve.server";
import { DEMO_QUERIES } from "./eval/demo-queries";
import { createShop, importCatalog, openBenchDatabase } from "./lib/db";
import { evalHalf } from "./lib/halves";
import { itemRanking, ndcgAt, type Grades } from "./lib/metrics";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const shared = process.env.PALOMPY_SHARED_DIR ?? path.resolve(root, "../shared");
const MODES: RetrievalMode[] = ["lexical", "vector", "hybrid"];

interface Query {
  id: string;
  text: string;
  relevant: Grades;
  group: string;
}

async function evaluate(name: string, catalog: object, queries: Query[]) {
  const db = await openBenchDatabase();
  const embedder = new LocalHashEmbedder();
  try {
    const shopId = await createShop(db, name);
    await importCatalog(db, embedder, shopId, catalog);
    const scores = new Map<string, number[]>();
    for (const mode of MODES) {
      for (const query of queries) {
        const chunks = await retrieve(db.prisma, embedder, shopId, query.text, { limit: 40, mode });
        const ndcg = ndcgAt(itemRanking(chunks.map((chunk) => chunk.sourceId)).slice(0, 10), query.relevant, 10);
        for (const group of [query.group, "all"]) {
          const key = `${group}\t${mode}`;
          scores.set(key, [...(scores.get(key) ?? []), ndcg]);
        }
      }
    }
    const groups = [...new Set(queries.map((query) => query.group)), "all"];
    console.log(`\n${name}`);
    console.log(["group", "n", ...MODES, "hybrid/best"].join("\t"));
    for (const group of groups) {
      const mean = (mode: string) => {
        const list = scores.get(`${group}\t${mode}`) ?? [];
        return list.reduce((a, b) => a + b, 0) / Math.max(1, list.length);
      };
      const best = Math.max(mean("lexical"), mean("vector"));
      console.log([group, scores.get(`${group}\thybrid`)?.length, ...MODES.map((mode) => mean(mode).toFixed(3)), (mean("hybrid") / best).toFixed(3)].join("\t"));
    }
  } finally {
    await db.close();
  }
}

const esci = JSON.parse(readFileSync(path.join(shared, "data/amazon-esci-us/eval.json"), "utf8"));
const demo = JSON.parse(readFileSync(path.join(root, "bench/eval/demo-store.eval.json"), "utf8"));
const only = process.argv[2];
if (!only || only === "esci") {
  await evaluate("amazon-esci-us (dev half)", esci.catalog, esci.queries.map((q: Query) => ({ ...q, group: evalHalf(q.id) })));
}
if (!only || only === "demo") {
  await evaluate("demo store", demo.catalog, DEMO_QUERIES.map((q) => ({ id: q.id, text: q.text, relevant: q.relevant, group: q.kind })));
}
