import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "~/config.server";
import type { AppContext } from "~/context.server";
import { createEmbedder } from "~/knowledge/embedders/index.server";
import type { Embedder } from "~/knowledge/embedders/types";
import { registerStore, storePendingKeys } from "~/woocommerce/connection.server";
import { encryptSecret, secretKeyFrom } from "~/woocommerce/secrets.server";
import { parseSiteUrl } from "~/woocommerce/site-url";
import { openTestDatabase } from "../support/db";
import type { FakeWooCommerce } from "../support/fake-woocommerce";

export const TEST_SECRET_KEY = "test-secret-key-0123456789abcdefghijklmnop";
export const CAPTURED_SECRET = "palompy-test-secret";
export const PUBLIC_URL = "https://palompy.test";

const repoRoot = path.resolve(__dirname, "../..");
export const sharedDir = process.env.PALOMPY_SHARED_DIR ?? path.resolve(repoRoot, "../shared");
export const capturedDir = path.join(sharedDir, "data/woocommerce-webhooks");

export interface CapturedDelivery {
  at: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  signature_ok: boolean | null;
  body: string;
}

export function readCaptured(file: string): CapturedDelivery[] {
  return fs
    .readFileSync(path.join(capturedDir, file), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as CapturedDelivery);
}

/** Counts what the knowledge store sends to the embedder. */
export function countingEmbedder(inner: Embedder): Embedder & { calls: number; texts: number } {
  const counter = {
    modelId: inner.modelId,
    dimensions: inner.dimensions,
    calls: 0,
    texts: 0,
    embed: async (texts: string[]) => {
      counter.calls++;
      counter.texts += texts.length;
      return inner.embed(texts);
    },
  };
  return counter;
}

/** A domain-level context: the real embedded database and the local embedder, no HTTP server. */
export async function openTestApp(env: Record<string, string> = {}): Promise<AppContext & { embedder: ReturnType<typeof countingEmbedder> }> {
  const config = loadConfig({
    NODE_ENV: "test",
    PALOMPY_DATA_DIR: "memory://",
    PALOMPY_EMBEDDER: "local",
    PALOMPY_SECRET_KEY: TEST_SECRET_KEY,
    PALOMPY_PUBLIC_URL: PUBLIC_URL,
    PALOMPY_WOO_ALLOW_PRIVATE_HOSTS: "1",
    ...env,
  });
  const db = await openTestDatabase();
  // No job queue: these tests run the connector's job functions directly.
  return { config, db, embedder: countingEmbedder(createEmbedder(config)) } as AppContext & { embedder: ReturnType<typeof countingEmbedder> };
}

/** A registered store with keys from the fake waiting for activation. */
export async function registerFakeStore(app: AppContext, store: FakeWooCommerce, name = "Fake store") {
  const site = parseSiteUrl(store.siteUrl)!;
  const { shop, pluginToken } = await registerStore(app, { site, storeName: name, pluginVersion: "1.0.0" });
  const key = store.createKey("read_write");
  await storePendingKeys(app, shop.id, { consumerKey: key.consumerKey, consumerSecret: key.consumerSecret, keyId: key.keyId, permissions: "read_write" });
  return { shop, pluginToken, key };
}

/** Makes the shop's webhook secret the one the captured deliveries were signed with. */
export async function useCapturedSecret(app: AppContext, shopId: string) {
  await app.db.prisma.wooConnection.update({
    where: { shopId },
    data: { webhookSecretEnc: encryptSecret(secretKeyFrom(TEST_SECRET_KEY), CAPTURED_SECRET, `shop:${shopId}:webhook_secret`) },
  });
}

export async function productRows(app: AppContext, shopId: string) {
  return app.db.prisma.$queryRaw<Array<{ id: string; title: string; price: string | null; currency: string | null; text: string }>>`
    SELECT source_id AS id, min(title) AS title, min(price) AS price, min(currency) AS currency, string_agg(text, E'\n' ORDER BY chunk_index) AS text
    FROM knowledge_chunks WHERE shop_id = ${shopId}::uuid AND source_type = 'product' GROUP BY source_id ORDER BY source_id`;
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
