/**
 * The chat load of the concurrency and scale-out sections: autocannon's programmatic API posting
 * `/api/chat` turns to the demo store. Each request takes the next session of a pool as large as
 * the load (round robin, so sessions carry multi-turn history) and the next shopper question.
 */
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";

export interface ChatLoadOptions {
  url: string;
  publicKey: string;
  connections: number;
  durationS: number;
  questions: string[];
}

export interface ChatLoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Every response's time, in ms. */
  latencies: number[];
  /** Responses by status code. */
  statuses: Map<number, number>;
  /** autocannon's own latency summary (p99 and others, in ms). */
  autocannonLatency: Record<string, number> | undefined;
}

export async function runChatLoad({ url, publicKey, connections, durationS, questions }: ChatLoadOptions): Promise<ChatLoadResult> {
  const sessions = Array.from({ length: connections }, () => randomUUID());
  let sent = 0;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const instance = autocannon({
    url,
    connections,
    duration: durationS,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: "/api/chat",
        headers: { "content-type": "application/json" },
        setupRequest: (request: Record<string, unknown>) => {
          const k = sent++;
          return { ...request, body: JSON.stringify({ shopPublicKey: publicKey, sessionId: sessions[k % sessions.length], message: questions[k % questions.length] }) };
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
  });
  const result = await instance;
  return {
    ok: result["2xx"] as number,
    non2xx: result.non2xx as number,
    errors: result.errors as number,
    timeouts: result.timeouts as number,
    latencies,
    statuses,
    autocannonLatency: result.latency,
  };
}
