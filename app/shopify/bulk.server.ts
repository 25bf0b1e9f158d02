import readline from "node:readline";
import { Readable } from "node:stream";
import type { AdminGraphql } from "./admin-client";
import { BULK_OPERATION_BY_ID, BULK_OPERATION_RUN_QUERY } from "./documents";
import type { ShopifyProductNode, ShopifyVariantNode } from "./map";

export class BulkOperationError extends Error {}

interface BulkOperation {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string;
  url: string | null;
  partialDataUrl: string | null;
}

export interface BulkPollOptions {
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Starts a bulk query and polls it by id; resolves to the JSONL URL (null when nothing matched). */
export async function runBulkQuery(admin: AdminGraphql, query: string, options: BulkPollOptions = {}): Promise<string | null> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = await admin<{ bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: { message: string }[] } }>(
    BULK_OPERATION_RUN_QUERY,
    { query },
  );
  const run = started.bulkOperationRunQuery;
  if (!run.bulkOperation) throw new BulkOperationError(`bulk query refused: ${run.userErrors.map((error) => error.message).join("; ")}`);
  const deadline = Date.now() + (options.timeoutMs ?? 2 * 60 * 60 * 1000);
  let interval = options.pollIntervalMs ?? 1_000;
  for (;;) {
    await sleep(interval);
    const { bulkOperation: op } = await admin<{ bulkOperation: BulkOperation | null }>(BULK_OPERATION_BY_ID, { id: run.bulkOperation.id });
    if (!op) throw new BulkOperationError(`bulk operation ${run.bulkOperation.id} disappeared`);
    if (op.status === "COMPLETED") return op.url;
    if (["FAILED", "CANCELED", "EXPIRED"].includes(op.status)) throw new BulkOperationError(`bulk operation ${op.status.toLowerCase()}: ${op.errorCode ?? "no error code"}`);
    if (Date.now() > deadline) throw new BulkOperationError(`bulk operation still ${op.status.toLowerCase()} after the timeout`);
    // Long catalogs take minutes: back off so polling costs little of the API budget.
    interval = Math.min(options.maxPollIntervalMs ?? 10_000, Math.round(interval * 1.5));
  }
}

/** JSONL lines from a stream, one at a time (the file is never held whole). */
export async function* jsonLines(stream: NodeJS.ReadableStream | Readable): AsyncGenerator<Record<string, unknown>> {
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() !== "") yield JSON.parse(line) as Record<string, unknown>;
  }
}

type BulkProduct = Omit<ShopifyProductNode, "variants"> & { variants?: ShopifyVariantNode[] };

/**
 * Rebuilds products from the bulk JSONL. A variant names its product by `__parentId` and may come
 * any number of lines after it (or, defensively, before it), so a product is complete only at the
 * end of the file; what is kept until then is the parsed objects, not the file.
 */
export async function collectBulkProducts(lines: AsyncIterable<Record<string, unknown>>): Promise<{ products: ShopifyProductNode[]; orphans: number }> {
  const products = new Map<string, ShopifyProductNode>();
  const early = new Map<string, ShopifyVariantNode[]>();
  for await (const line of lines) {
    const parentId = line.__parentId as string | undefined;
    if (parentId === undefined) {
      const product = line as unknown as BulkProduct;
      products.set(product.id, { ...product, variants: early.get(product.id) ?? [] });
      early.delete(product.id);
      continue;
    }
    const { __parentId: _parent, ...variant } = line;
    const parent = products.get(parentId);
    if (parent) parent.variants.push(variant as unknown as ShopifyVariantNode);
    else early.set(parentId, [...(early.get(parentId) ?? []), variant as unknown as ShopifyVariantNode]);
  }
  let orphans = 0;
  for (const list of early.values()) orphans += list.length;
  return { products: [...products.values()], orphans };
}

export async function downloadBulkProducts(url: string, fetchImpl: typeof fetch = fetch) {
  const response = await fetchImpl(url);
  if (!response.ok || !response.body) throw new BulkOperationError(`bulk result download answered HTTP ${response.status}`);
  return collectBulkProducts(jsonLines(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream)));
}
