import type { AppContext } from "~/app-context";
import { OutboundError, type OutboundClient } from "~/http/outbound.server";
import { Prisma } from "~/generated/prisma/client";
import type { ImportPayload, PolicyInput, ProductInput } from "~/knowledge/payload";
import { deleteItem, importKnowledge } from "~/knowledge/store.server";
import { WooStoreError } from "./merchant-errors.server";
import type { WooClient } from "./rest-client.server";
import { isPolicyPage, POLICY_ID_PREFIX, readWooProducts, readWpPages, toPolicyInput, toProductInput, type WooProduct } from "./store-data";

/**
 * Reading a store's catalog through its REST API and writing it as knowledge. Shared by the
 * initial sync, webhooks and reconciliation.
 */

export const PAGE_SIZE = 100;
/** Variation lists fetched at once; a store's PHP workers are few. */
const VARIATION_CONCURRENCY = 4;

export async function fetchCurrency(client: WooClient): Promise<string | undefined> {
  const { data } = await client.get<Array<{ id?: string; value?: unknown }>>("settings/general");
  const setting = Array.isArray(data) ? data.find((entry) => entry?.id === "woocommerce_currency") : undefined;
  return typeof setting?.value === "string" && setting.value ? setting.value : undefined;
}

/** Every variation of a variable product (WooCommerce pages them 10 at a time unless asked). */
export async function fetchVariations(client: WooClient, productId: number): Promise<WooProduct[]> {
  const variations: WooProduct[] = [];
  for (let page = 1; ; page++) {
    const answer = await client.get<unknown>(`products/${productId}/variations`, { per_page: PAGE_SIZE, page });
    variations.push(...readWooProducts(answer.data));
    if (page >= answer.totalPages) return variations;
  }
}

export async function mapLimited<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Products as payload entries; a variable product brings its variations (fetched unless given). */
export async function toProductInputs(
  client: WooClient | null,
  products: WooProduct[],
  currency: string | undefined,
  onSkip: (product: WooProduct, reason: string) => void = () => {},
): Promise<Array<{ product: WooProduct; input: ProductInput }>> {
  const mapped = await mapLimited(products, VARIATION_CONCURRENCY, async (product) => {
    const variations = product.type === "variable" && client ? await fetchVariations(client, product.id) : [];
    const input = toProductInput(product, variations, currency);
    if (!input) onSkip(product, "could not be mapped to a product (missing name or invalid fields)");
    return input ? { product, input } : null;
  });
  return mapped.filter((entry): entry is { product: WooProduct; input: ProductInput } => entry !== null);
}

const emptyPayload = (): ImportPayload => ({ products: [], faq: [], policies: [], pages: [] });

/** Writes products (merge: nothing else is touched) and remembers their modification dates. */
export async function writeProducts(app: AppContext, shopId: string, entries: Array<{ product: WooProduct; input: ProductInput }>) {
  if (!entries.length) return { embedded: 0 };
  const result = await importKnowledge(app.db.prisma, app.embedder, shopId, { ...emptyPayload(), products: entries.map((entry) => entry.input) }, { mode: "merge" });
  const rows = entries.map((entry) => Prisma.sql`(${shopId}::uuid, ${String(entry.product.id)}, ${entry.product.date_modified_gmt}, now())`);
  await app.db.prisma.$executeRaw`
    INSERT INTO woo_products (shop_id, product_id, date_modified, updated_at) VALUES ${Prisma.join(rows)}
    ON CONFLICT (shop_id, product_id) DO UPDATE SET date_modified = EXCLUDED.date_modified, updated_at = now()`;
  return { embedded: result.embedded };
}

export async function removeProducts(app: AppContext, shopId: string, productIds: string[]): Promise<number> {
  let removed = 0;
  for (const id of productIds) {
    if ((await deleteItem(app.db.prisma, shopId, "product", id)) > 0) removed++;
  }
  if (productIds.length) await app.db.prisma.wooProduct.deleteMany({ where: { shopId, productId: { in: productIds } } });
  return removed;
}

/** Product ids we hold for the shop: in the knowledge base or in the sync ledger. */
export async function knownProductIds(app: AppContext, shopId: string): Promise<Map<string, string | null>> {
  const known = new Map<string, string | null>();
  const chunks = await app.db.prisma.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT source_id AS id FROM knowledge_chunks WHERE shop_id = ${shopId}::uuid AND source_type = 'product'`;
  for (const row of chunks) known.set(row.id, null);
  const ledger = await app.db.prisma.wooProduct.findMany({ where: { shopId }, select: { productId: true, dateModified: true } });
  for (const row of ledger) known.set(row.productId, row.dateModified);
  return known;
}

/**
 * The refund, shipping and privacy pages, read from WordPress's own REST API. Published pages are
 * public there, so no credentials are sent (WooCommerce's keys do not apply to wp/v2).
 */
export async function fetchPolicyPages(outbound: OutboundClient, siteUrl: string): Promise<PolicyInput[]> {
  const policies: PolicyInput[] = [];
  for (let page = 1; page <= 20; page++) {
    const url = `${siteUrl}/wp-json/wp/v2/pages?per_page=${PAGE_SIZE}&page=${page}&_fields=id,slug,link,title,content`;
    let response;
    try {
      response = await outbound.request(url, { headers: { accept: "application/json" }, timeoutMs: 30_000, maxBytes: 16 * 1024 * 1024 });
    } catch (error) {
      if (error instanceof OutboundError) throw new WooStoreError(`GET wp/v2/pages: the store ${error.message}`);
      throw error;
    }
    if (response.status < 200 || response.status >= 300) throw new WooStoreError(`GET wp/v2/pages: HTTP ${response.status}`);
    let json: unknown;
    try {
      json = JSON.parse(response.body.toString("utf8"));
    } catch {
      throw new WooStoreError("GET wp/v2/pages: the store answered with something other than JSON");
    }
    for (const wpPage of readWpPages(json)) {
      const policy = isPolicyPage(wpPage) ? toPolicyInput(wpPage) : null;
      if (policy) policies.push(policy);
    }
    if (page >= Number(response.headers.get("x-wp-totalpages") ?? 1)) break;
  }
  return policies;
}

/** Replaces the shop's WordPress-page policies with these (other policies are left alone). */
export async function writePolicies(app: AppContext, shopId: string, policies: PolicyInput[]) {
  if (policies.length) await importKnowledge(app.db.prisma, app.embedder, shopId, { ...emptyPayload(), policies }, { mode: "merge" });
  const current = new Set(policies.map((policy) => policy.id));
  const stored = await app.db.prisma.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT source_id AS id FROM knowledge_chunks
    WHERE shop_id = ${shopId}::uuid AND source_type = 'policy' AND source_id LIKE ${`${POLICY_ID_PREFIX}%`}`;
  for (const row of stored) if (!current.has(row.id)) await deleteItem(app.db.prisma, shopId, "policy", row.id);
}
