/**
 * Chat turn latency on the real production build (demo store, local embedder):
 * - without a language model (offline composer): POST /api/chat JSON, sequential, p50/p95 — the
 *   server's own time for retrieval, guardrails, composing and logging (loopback round trip);
 * - with a model on the OpenAI-wire test server at a fixed simulated latency: time to the first
 *   streamed token (Accept: text/event-stream) versus the time to the full answer, which is what a
 *   non-streaming design shows the shopper (measured both as the SSE `done` event and as the JSON reply).
 */
import { randomUUID } from "node:crypto";
import { startOpenAIWireServer } from "../../test/support/openai-wire-server";
import { shopperQuestions, startApp, type BenchApp } from "../lib/app";
import type { BenchContext, HeadlineRow, SectionOutput, WeakSpot } from "../lib/context";
import { summarize, type LatencySummary } from "../lib/metrics";
import { createRng, sample } from "../lib/prng";
import { int, ms, num, ratio, table } from "../lib/report";

const WARMUP = 5;
const OFFLINE_TURNS = 100;
const STREAM_TURNS = 12;
const STREAM_WARMUP = 1;
export const MODEL_LATENCY = { firstTokenDelayMs: 300, tokenDelayMs: 20 } as const;
/** A typical answer: ~60 words in four sentences, with one catalog price. */
const SCRIPTED_ANSWER_EN =
  "Great choice for cold weather hikes. The Storm Pro 3L jacket keeps rain out with a three-layer membrane and taped seams, and it weighs only 420 grams in size M. " +
  "It costs 18 990 ₽ and comes in sizes S to XL. " +
  "If you expect deep frost, pair it with a warm fleece or a down mid-layer underneath. " +
  "Would you like me to suggest matching gloves or a hat as well?";

const firstSentenceWords = (/^.*?[.!?](\s|$)/.exec(SCRIPTED_ANSWER_EN)?.[0] ?? SCRIPTED_ANSWER_EN).trim().split(/\s+/).length;
const firstSentenceMs = MODEL_LATENCY.firstTokenDelayMs + firstSentenceWords * MODEL_LATENCY.tokenDelayMs;

export async function chatTurn(app: BenchApp, body: Record<string, unknown>): Promise<{ ms: number; status: number; json: any }> {
  const started = performance.now();
  const response = await fetch(`${app.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  const elapsed = performance.now() - started;
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text.slice(0, 200) };
  }
  return { ms: elapsed, status: response.status, json };
}

/** One streamed turn: time to the first `token` event and to the `done` event. */
async function streamedTurn(app: BenchApp, body: Record<string, unknown>): Promise<{ ttftMs: number; doneMs: number; tokens: number; ok: boolean }> {
  const started = performance.now();
  const response = await fetch(`${app.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
  });
  if (!response.ok || !response.body) return { ttftMs: Number.NaN, doneMs: Number.NaN, tokens: 0, ok: false };
  const decoder = new TextDecoder();
  let buffer = "";
  let ttftMs = Number.NaN;
  let doneMs = Number.NaN;
  let tokens = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let boundary: number;
    while ((boundary = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const event = /^event: (.+)$/m.exec(frame)?.[1];
      if (event === "token") {
        tokens++;
        if (Number.isNaN(ttftMs)) ttftMs = performance.now() - started;
      } else if (event === "done") {
        doneMs = performance.now() - started;
      }
    }
  }
  return { ttftMs, doneMs, tokens, ok: !Number.isNaN(doneMs) };
}

export async function runChat(ctx: BenchContext): Promise<SectionOutput> {
  const questions = await shopperQuestions();
  const rng = createRng(99);

  // 1. Without a language model.
  const offline = await startApp(ctx.root, {});
  let offlineStats: LatencySummary;
  let offlineErrors = 0;
  let startupMs: number;
  let demoChunks: number | undefined;
  try {
    const publicKey = offline.report.demo?.publicKey;
    if (!publicKey) throw new Error("the app started without the demo store (PALOMPY_DEMO=1)");
    startupMs = offline.startupMs;
    demoChunks = offline.report.demo?.chunks;
    const times: number[] = [];
    const turns = [...sample(rng, questions, questions.length)];
    for (let i = 0; i < WARMUP + OFFLINE_TURNS; i++) {
      const result = await chatTurn(offline, { shopPublicKey: publicKey, sessionId: randomUUID(), message: turns[i % turns.length] });
      if (result.status !== 200 || typeof result.json?.answer !== "string") {
        offlineErrors++;
        if (offlineErrors === 1) ctx.log(`  chat error ${result.status}: ${JSON.stringify(result.json).slice(0, 200)}`);
        continue;
      }
      if (i >= WARMUP) times.push(result.ms);
    }
    if (!times.length) throw new Error(`every chat turn failed (${offlineErrors} errors)`);
    offlineStats = summarize(times);
    ctx.log(`  offline: p50 ${num(offlineStats.p50)} ms, p95 ${num(offlineStats.p95)} ms (${offlineErrors} errors)`);
  } finally {
    await offline.close();
  }

  // 2. With a (simulated) language model: streaming vs waiting for the whole answer.
  const wire = await startOpenAIWireServer();
  wire.setDefaultChatReply(() => ({ kind: "reply", content: SCRIPTED_ANSWER_EN, ...MODEL_LATENCY }));
  const online = await startApp(ctx.root, { OPENAI_API_KEY: "test", OPENAI_BASE_URL: wire.baseURL, PALOMPY_EMBEDDER: "local" });
  let ttft: LatencySummary;
  let full: LatencySummary;
  let json: LatencySummary;
  let streamErrors = 0;
  let tokensPerAnswer = 0;
  let modelCalls = 0;
  try {
    const publicKey = online.report.demo!.publicKey;
    const english = questions.filter((question) => !/[^ -~]/.test(question));
    const ttfts: number[] = [];
    const dones: number[] = [];
    const jsons: number[] = [];
    wire.reset();
    for (let i = 0; i < STREAM_WARMUP + STREAM_TURNS; i++) {
      const message = english[i % english.length];
      const streamed = await streamedTurn(online, { shopPublicKey: publicKey, sessionId: randomUUID(), message, lang: "en" });
      const whole = await chatTurn(online, { shopPublicKey: publicKey, sessionId: randomUUID(), message, lang: "en" });
      if (!streamed.ok || Number.isNaN(streamed.ttftMs) || whole.status !== 200) {
        streamErrors++;
        continue;
      }
      if (i < STREAM_WARMUP) continue;
      ttfts.push(streamed.ttftMs);
      dones.push(streamed.doneMs);
      jsons.push(whole.ms);
      tokensPerAnswer = streamed.tokens;
    }
    modelCalls = wire.requests.filter((request) => request.path.endsWith("/chat/completions")).length;
    if (!ttfts.length) throw new Error(`no streamed turn succeeded (${streamErrors} errors): ${online.output().slice(-400)}`);
    ttft = summarize(ttfts);
    full = summarize(dones);
    json = summarize(jsons);
    ctx.log(`  streaming: TTFT p50 ${num(ttft.p50)} ms, full answer p50 ${num(full.p50)} ms`);
  } finally {
    await online.close();
    await wire.close();
  }

  const md = [
    `The production build (\`npm run build\`) in a child process, demo store (${int(demoChunks)} chunks, local embedder), in-memory database, loopback HTTP; rate limits raised so none applies. App startup (build load, migrations, demo import): ${ms(startupMs!, 0)}.`,
    "",
    `**Without a language model** (offline composer): ${OFFLINE_TURNS} sequential \`POST /api/chat\` JSON turns after ${WARMUP} warm-up turns, each a new session, questions drawn from the demo eval set (ru/en, every kind). Includes retrieval, guardrails, composing and writing chat_logs.`,
    "",
    table(["Chat turn, no LLM", "p50", "p95", "mean", "max", "errors"], [["Server time (loopback round trip)", ms(offlineStats!.p50), ms(offlineStats!.p95), ms(offlineStats!.mean), ms(offlineStats!.max), int(offlineErrors)]]),
    "",
    `**With a language model** on the OpenAI-wire test server, fixed simulated latency: first token after ${MODEL_LATENCY.firstTokenDelayMs} ms, then ${MODEL_LATENCY.tokenDelayMs} ms per token; a ${SCRIPTED_ANSWER_EN.split(/\s+/).length}-word answer (${int(tokensPerAnswer)} token events reached the shopper after the price guardrail). ${STREAM_TURNS} English turns, each measured streamed (SSE) and as one JSON reply; ${int(modelCalls)} model requests in total.`,
    "",
    table(
      ["With LLM", "p50", "p95"],
      [
        ["Time to first streamed token (ours, SSE)", ms(ttft!.p50), ms(ttft!.p95)],
        ["Time to the full answer, SSE `done`", ms(full!.p50), ms(full!.p95)],
        ["Time to the JSON reply (what a non-streaming design shows)", ms(json!.p50), ms(json!.p95)],
        ["Full answer ÷ first token", ratio(json!.p50, ttft!.p50, 1), ratio(json!.p95, ttft!.p95, 1)],
      ],
    ),
    "",
    `The price guardrail releases text sentence by sentence, so the shopper's first token is the model's first sentence: the simulated model needs ${ms(firstSentenceMs, 0)} for it (${MODEL_LATENCY.firstTokenDelayMs} ms + ${firstSentenceWords} words × ${MODEL_LATENCY.tokenDelayMs} ms); the app's own share of the first token (retrieval, prompt, HTTP) is the rest, ${ms(ttft!.p50 - firstSentenceMs)} at p50.`,
  ].join("\n");

  const headline: HeadlineRow[] = [
    { metric: "Chat turn server time without LLM, p50 / p95", ours: `${ms(offlineStats!.p50, 0)} / ${ms(offlineStats!.p95, 0)}`, baseline: "—", ratio: "—" },
    {
      metric: `Time to first token vs full answer, p50 — simulated model (local OpenAI-wire server, ${MODEL_LATENCY.firstTokenDelayMs} ms + ${MODEL_LATENCY.tokenDelayMs} ms/token), not a real provider`,
      ours: ms(ttft!.p50, 0),
      baseline: ms(json!.p50, 0),
      ratio: `${ratio(json!.p50, ttft!.p50, 1)} sooner (simulated)`,
    },
  ];
  const weakSpots: WeakSpot[] = [
    {
      kind: "latency",
      what: "the chat turn without a model at p95",
      value: offlineStats!.p95,
      display: ms(offlineStats!.p95, 0),
      fix: "caching retrieval results and the shop profile per question, and writing chat_logs after the reply is sent",
    },
  ];
  return {
    markdown: md,
    headline,
    weakSpots,
    data: { startupMs: startupMs!, offline: { ...offlineStats!, errors: offlineErrors }, streaming: { modelLatency: MODEL_LATENCY, ttft: ttft!, sseDone: full!, json: json!, errors: streamErrors, tokensPerAnswer, modelCalls } },
  };
}
