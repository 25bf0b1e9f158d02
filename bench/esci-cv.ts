/**
 * Fusion chosen by cross-validation on the external ESCI set, never on one fixed half: each channel
 * (lexical ts_rank, vector cosine, trigram name similarity) is read once per query, then every
 * fusion below is scored on the same candidates. Over SPLITS random 50/50 splits, the fusion and
 * weights that score best on the training half are reported on the held-out half, next to each
 * channel alone, the production fusion and the knob-free fusions. Mean and spread over the folds.
 *
 *   PALOMPY_SHARED_DIR=/work/shared sh scripts/node22.sh tsx bench/esci-cv.ts
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { retrieve, type RawChannels } from "~/knowledge/retrieve.server";
import { createShop, importCatalog, openBenchDatabase } from "./lib/db";
import { itemRanking, ndcgAt, type Grades } from "./lib/metrics";
import { createRng, shuffled } from "./lib/prng";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const shared = process.env.PALOMPY_SHARED_DIR ?? path.resolve(root, "../shared");
const SPLITS = 20;
const SEED = 19;

interface Query {
  id: string;
  text: string;
  relevant: Grades;
}

type Channel = keyof RawChannels;
type Normalise = "max" | "minmax" | "zscore" | "rrf";
interface Fusion {
  normalise: Normalise;
  weights: Record<Channel, number>;
}

const CHANNELS: Channel[] = ["lexical", "vector", "trigram"];

/** Per channel and query: each candidate's score mapped to [0, 1]-ish by the chosen normalisation. */
function normalised(list: RawChannels[Channel], normalise: Normalise): Map<string, number> {
  const out = new Map<string, number>();
  if (!list.length) return out;
  const scores = list.map((entry) => entry.score);
  const max = Math.max(...scores);
  const min = Math.min(...scores);
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length) || 1;
  list.forEach((entry, rank) => {
    const value =
      normalise === "max" ? (max > 0 ? entry.score / max : 0) : normalise === "minmax" ? (max > min ? (entry.score - min) / (max - min) : 1) : normalise === "zscore" ? (entry.score - mean) / sd : 1 / (60 + rank + 1);
    out.set(entry.chunkId, Math.max(out.get(entry.chunkId) ?? -Infinity, value));
  });
  return out;
}

function fuse(channels: RawChannels, fusion: Fusion): string[] {
  const total = new Map<string, number>();
  const item = new Map<string, string>();
  for (const channel of CHANNELS) {
    for (const entry of channels[channel]) item.set(entry.chunkId, entry.sourceId);
    const weight = fusion.weights[channel];
    if (!weight) continue;
    for (const [chunkId, value] of normalised(channels[channel], fusion.normalise)) total.set(chunkId, (total.get(chunkId) ?? 0) + weight * value);
  }
  // Found only by a channel weighted 0: after everything the weighted channels found.
  for (const chunkId of item.keys()) if (!total.has(chunkId)) total.set(chunkId, -Infinity);
  return itemRanking(
    [...total.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([chunkId]) => item.get(chunkId)!),
  );
}

const single = (channel: Channel): Fusion => ({ normalise: "max", weights: { lexical: 0, vector: 0, trigram: 0, [channel]: 1 } });
const PRODUCTION: Fusion = { normalise: "max", weights: { lexical: 1, vector: 1, trigram: 0.5 } };
const KNOB_FREE: Record<string, Fusion> = {
  "max, equal weights": { normalise: "max", weights: { lexical: 1, vector: 1, trigram: 1 } },
  "min-max, equal weights": { normalise: "minmax", weights: { lexical: 1, vector: 1, trigram: 1 } },
  "z-score, equal weights": { normalise: "zscore", weights: { lexical: 1, vector: 1, trigram: 1 } },
  "RRF k=60": { normalise: "rrf", weights: { lexical: 1, vector: 1, trigram: 1 } },
};
const GRID = [0, 0.25, 0.5, 0.75, 1, 1.5, 2];
const CANDIDATES: Fusion[] = (["max", "minmax", "zscore", "rrf"] as Normalise[]).flatMap((normalise) =>
  GRID.flatMap((vector) => GRID.map((trigram) => ({ normalise, weights: { lexical: 1, vector, trigram } }))),
);

const label = (fusion: Fusion) => `${fusion.normalise} lex 1 / vec ${fusion.weights.vector} / tri ${fusion.weights.trigram}`;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const sd = (values: number[]) => Math.sqrt(mean(values.map((value) => (value - mean(values)) ** 2)));

async function main() {
  const esci = JSON.parse(readFileSync(path.join(shared, "data/amazon-esci-us/eval.json"), "utf8")) as { catalog: object; queries: Query[] };
  const db = await openBenchDatabase();
  const embedder = new LocalHashEmbedder();
  const perQuery: { query: Query; channels: RawChannels; hybrid: string[] }[] = [];
  try {
    const shopId = await createShop(db, "esci-cv");
    await importCatalog(db, embedder, shopId, esci.catalog as never);
    for (const query of esci.queries) {
      let channels: RawChannels = { lexical: [], vector: [], trigram: [] };
      const returned = await retrieve(db.prisma, embedder, shopId, query.text, { limit: 40, onChannels: (raw) => (channels = raw) });
      perQuery.push({ query, channels, hybrid: itemRanking(returned.map((chunk) => chunk.sourceId)) });
    }
  } finally {
    await db.close();
  }

  const ndcgOf = (fusion: Fusion, rows: typeof perQuery) => mean(rows.map(({ query, channels }) => ndcgAt(fuse(channels, fusion).slice(0, 10), query.relevant, 10)));
  const heldOut = new Map<string, number[]>();
  const chosen = new Map<string, number>();
  const add = (name: string, value: number) => heldOut.set(name, [...(heldOut.get(name) ?? []), value]);
  const rng = createRng(SEED);
  for (let split = 0; split < SPLITS; split++) {
    const order = shuffled(rng, perQuery);
    const train = order.slice(0, Math.floor(order.length / 2));
    const test = order.slice(train.length);
    const best = CANDIDATES.map((fusion) => ({ fusion, score: ndcgOf(fusion, train) })).sort((a, b) => b.score - a.score)[0].fusion;
    chosen.set(label(best), (chosen.get(label(best)) ?? 0) + 1);
    for (const channel of CHANNELS) add(`${channel} alone`, ndcgOf(single(channel), test));
    add("production (max, 1 / 1 / 0.5)", ndcgOf(PRODUCTION, test));
    add("hybrid as retrieve() returns it", mean(test.map(({ query, hybrid }) => ndcgAt(hybrid.slice(0, 10), query.relevant, 10))));
    for (const [name, fusion] of Object.entries(KNOB_FREE)) add(name, ndcgOf(fusion, test));
    add("chosen on the training half", ndcgOf(best, test));
    add("best single channel (per fold)", Math.max(...CHANNELS.map((channel) => ndcgOf(single(channel), test))));
  }
  console.log(`ESCI: ${perQuery.length} queries, ${SPLITS} random 50/50 splits (seed ${SEED}); nDCG@10 on the held-out halves`);
  const bestSingle = heldOut.get("best single channel (per fold)")!;
  console.log(["fusion", "mean", "sd", "min", "max", "folds >= best single"].join("\t"));
  for (const [name, values] of heldOut) {
    const wins = values.filter((value, fold) => value >= bestSingle[fold] - 1e-9).length;
    console.log([name, mean(values).toFixed(3), sd(values).toFixed(3), Math.min(...values).toFixed(3), Math.max(...values).toFixed(3), `${wins}/${values.length}`].join("\t"));
  }
  console.log("\nchosen on the training halves (times):");
  for (const [name, times] of [...chosen.entries()].sort((a, b) => b[1] - a[1])) console.log(`${times}\t${name}`);
}

await main();
