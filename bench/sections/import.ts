/**
 * Import: items per second through the real importer with the local embedder, and the embedding
 * API cost of a 1,000-item import against the local OpenAI-wire test server — batched (our
 * importer, OpenAIEmbedder) versus one embeddings call per chunk (the seed's design, simulated with
 * the same SDK, same model and the same chunk texts) — plus a re-import of the unchanged catalog.
 */
import OpenAI from "openai";
import { chunkItem } from "~/knowledge/chunker";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import { OpenAIEmbedder } from "~/knowledge/embedders/openai.server";
import { parseImportPayload, payloadItems, type ImportPayload } from "~/knowledge/payload";
import { importKnowledge, type ImportResult } from "~/knowledge/store.server";
import { startOpenAIWireServer } from "../../test/support/openai-wire-server";
import type { BenchContext, HeadlineRow, SectionOutput } from "../lib/context";
import { createShop, openBenchDatabase } from "../lib/db";
import { int, ms, num, ratio, table } from "../lib/report";
import { syntheticProducts } from "../lib/synthetic";

export const IMPORT_ITEMS = 1_000;
const SEED = 4_242;
const MODEL = "text-embedding-3-small";
/** Asked of the wire server (Matryoshka truncation, as text-embedding-3 supports) to keep rows light. */
const DIMENSIONS = 512;

function payload(): ImportPayload {
  const parsed = parseImportPayload({ products: syntheticProducts(IMPORT_ITEMS, SEED) });
  if (!parsed.ok) throw new Error(`synthetic catalog rejected: ${parsed.message}`);
  return parsed.data;
}

async function timedImport(run: () => Promise<ImportResult>) {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

export async function runImport(ctx: BenchContext): Promise<SectionOutput> {
  const data = payload();
  const texts = [...payloadItems(data)].flatMap((item) => chunkItem(item).map((draft) => draft.text));

  // 1. Local embedder: throughput of the whole importer (chunking, embedding, writing, HNSW upkeep).
  const db = await openBenchDatabase();
  let local: { first: Awaited<ReturnType<typeof timedImport>>; again: Awaited<ReturnType<typeof timedImport>> };
  try {
    const shopId = await createShop(db, "import bench (local)");
    const embedder = new LocalHashEmbedder();
    const first = await timedImport(() => importKnowledge(db.prisma, embedder, shopId, data, { mode: "full" }));
    const again = await timedImport(() => importKnowledge(db.prisma, embedder, shopId, data, { mode: "full" }));
    local = { first, again };
    ctx.log(`  local: ${IMPORT_ITEMS} items in ${num(first.ms / 1000, 1)} s, re-import ${num(again.ms / 1000, 1)} s`);
  } finally {
    await db.close();
  }

  // 2. Embedding API cost against the OpenAI-wire server.
  const wire = await startOpenAIWireServer({ embeddingDimensions: DIMENSIONS });
  const wireDb = await openBenchDatabase();
  try {
    const embeddingCalls = () => wire.requests.filter((request) => request.path.endsWith("/embeddings"));
    const shopId = await createShop(wireDb, "import bench (openai wire)");
    const embedder = new OpenAIEmbedder({ apiKey: "test", baseURL: wire.baseURL, model: MODEL, dimensions: DIMENSIONS });
    wire.reset();
    const first = await timedImport(() => importKnowledge(wireDb.prisma, embedder, shopId, data, { mode: "full" }));
    const batched = { calls: embeddingCalls().length, inputs: embedder.stats.inputs, tokens: embedder.stats.inputTokens, ms: first.ms, chunks: first.result.chunks, embedded: first.result.embedded };
    wire.reset();
    const statsBefore = { ...embedder.stats };
    const again = await timedImport(() => importKnowledge(wireDb.prisma, embedder, shopId, data, { mode: "full" }));
    const reimport = { calls: embeddingCalls().length, tokens: embedder.stats.inputTokens - statsBefore.inputTokens, ms: again.ms, embedded: again.result.embedded };

    // Time in embedding calls alone, batched the importer's way (a fresh embedder: same batching).
    const timing = new OpenAIEmbedder({ apiKey: "test", baseURL: wire.baseURL, model: MODEL, dimensions: DIMENSIONS });
    const uniqueTexts = [...new Set(texts)];
    const batchedCallsStarted = performance.now();
    await timing.embed(uniqueTexts);
    const batchedCallsMs = performance.now() - batchedCallsStarted;

    // The seed's design: one embeddings request per chunk, same SDK and model, every import.
    wire.reset();
    const client = new OpenAI({ apiKey: "test", baseURL: wire.baseURL, maxRetries: 0 });
    let perChunkTokens = 0;
    const perChunkStarted = performance.now();
    for (const input of texts) {
      const response = await client.embeddings.create({ model: MODEL, input, encoding_format: "float", dimensions: DIMENSIONS });
      perChunkTokens += response.usage?.prompt_tokens ?? 0;
    }
    const perChunk = { calls: embeddingCalls().length, tokens: perChunkTokens, ms: performance.now() - perChunkStarted };
    ctx.log(`  wire: batched ${batched.calls} calls, per-chunk ${perChunk.calls} calls, re-import ${reimport.calls} calls`);

    const localFirst = local.first;
    const itemsPerSecond = IMPORT_ITEMS / (localFirst.ms / 1000);
    const md: string[] = [];
    md.push(
      `Catalog: ${int(IMPORT_ITEMS)} synthetic products (seeded recombination of the demo catalog: description, 2–5 variants, tags) → ${int(localFirst.result.chunks)} chunks. Import through \`importKnowledge(…, { mode: "full" })\` into a fresh in-memory database with the HNSW indexes in place.`,
      "",
      table(
        ["Local embedder (512-d hash)", "Time", "Items / s", "Chunks / s", "Chunks embedded"],
        [
          ["First import", ms(localFirst.ms, 0), num(itemsPerSecond, 0), num(localFirst.result.chunks / (localFirst.ms / 1000), 0), int(localFirst.result.embedded)],
          ["Re-import, unchanged catalog", ms(local.again.ms, 0), num(IMPORT_ITEMS / (local.again.ms / 1000), 0), "—", int(local.again.result.embedded)],
        ],
      ),
      "",
      `Embedding API cost against the local OpenAI-wire server (\`test/support/openai-wire-server.ts\`, model ${MODEL} at ${DIMENSIONS} dimensions, no simulated latency; tokens as the server reports them, whitespace words). The per-chunk column is the seed's design: one \`embeddings.create\` call per chunk with the same SDK, model and texts; it has no content hashing, so a re-import costs the same as the first import.`,
      "",
      table(
        ["Embedding API", "Batched (ours)", "One call per chunk (seed)", "Ratio"],
        [
          [`Calls, first import of ${int(IMPORT_ITEMS)} items`, int(batched.calls), int(perChunk.calls), ratio(perChunk.calls, batched.calls, 0)],
          ["Input tokens, first import", int(batched.tokens), int(perChunk.tokens), ratio(perChunk.tokens, batched.tokens, 2)],
          ["Time spent in embedding calls (loopback server, no model latency)", ms(batchedCallsMs, 0), ms(perChunk.ms, 0), ratio(perChunk.ms, batchedCallsMs, 1)],
          ["Calls, re-import of the unchanged catalog", int(reimport.calls), `${int(perChunk.calls)} (re-embeds everything)`, "—"],
          ["Input tokens, re-import", int(reimport.tokens), int(perChunk.tokens), "—"],
        ],
      ),
      "",
      `Chunks embedded by the batched importer: ${int(batched.embedded)} of ${int(batched.chunks)}; re-import: ${int(reimport.embedded)}. The whole batched import (embedding calls, chunking and database writes) took ${ms(batched.ms, 0)}. Batching saves requests (each a round trip, a rate-limit unit and a failure point), not tokens; content hashing on re-import saves both.`,
    );
    const headline: HeadlineRow[] = [
      { metric: `Embedding API calls, ${int(IMPORT_ITEMS)}-item import: batched vs one call per chunk`, ours: int(batched.calls), baseline: int(perChunk.calls), ratio: `${ratio(perChunk.calls, batched.calls, 0)} fewer` },
      { metric: "Embedding API calls, re-import of an unchanged catalog", ours: int(reimport.calls), baseline: int(perChunk.calls), ratio: reimport.calls === 0 ? "all avoided" : ratio(perChunk.calls, reimport.calls, 0) },
      { metric: "Import throughput, local embedder", ours: `${num(itemsPerSecond, 0)} items/s`, baseline: "—", ratio: "—" },
    ];
    return {
      markdown: md.join("\n"),
      headline,
      data: {
        items: IMPORT_ITEMS,
        chunks: localFirst.result.chunks,
        local: { firstMs: localFirst.ms, itemsPerSecond, reimportMs: local.again.ms, reimportEmbedded: local.again.result.embedded },
        batched: { ...batched, callsOnlyMs: batchedCallsMs },
        perChunk,
        reimport,
      },
    };
  } finally {
    await wireDb.close();
    await wire.close();
  }
}
