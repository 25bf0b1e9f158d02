import type { AppContext } from "~/app-context";
import { deleteItem, importKnowledge, upsertItem } from "~/knowledge/store.server";
import type { PageInput, PolicyInput, ProductInput } from "~/knowledge/payload";
import type { AdminGraphql } from "./admin-client";
import { downloadBulkProducts, runBulkQuery, type BulkPollOptions } from "./bulk.server";
import {
  PAGE_SIZE,
  PAGES_PAGE,
  PRODUCT_BY_ID,
  PRODUCT_STAMPS_PAGE,
  PRODUCT_VARIANTS_PAGE,
  PRODUCTS_BULK_QUERY,
  PRODUCTS_COUNT,
  PRODUCTS_PAGE,
  PRODUCTS_PAGE_SIZE,
  SHOP_DETAILS,
  VARIANTS_PAGE_SIZE,
} from "./documents";
import { forgetVersions, isStale, knownItemIds, recordVersions, storedVersions } from "./item-versions.server";
import {
  CONTACT_PAGE_ID,
  contactPage,
  pageFromShopify,
  policyFromShopify,
  productFromShopify,
  type ShopifyPageNode,
  type ShopifyPolicyNode,
  type ShopifyProductNode,
  type ShopifyVariantNode,
} from "./map";
import type { ProgressReporter } from "./progress";

/**
 * The Shopify catalog sync, as plain functions of (app, admin, input, progress): the job queue (or
 * a test) calls them; they talk to Shopify only through `admin` and write knowledge only through
 * app/knowledge/store.server.ts.
 */

export interface SyncOptions {
  /** Above this many active products the sync runs one bulk operation instead of paged queries. */
  bulkThreshold?: number;
  bulk?: BulkPollOptions;
  fetch?: typeof fetch;
  /** Products per knowledge write (one embedding call and transaction per 512 chunks inside). */
  batchSize?: number;
}

export const DEFAULT_BULK_THRESHOLD = 500;
const DEFAULT_BATCH_SIZE = 250;
const ACTIVE = "status:active";
const STAMPS_PAGE_SIZE = 250;

export interface ShopDetails {
  name: string;
  myshopifyDomain: string;
  currencyCode: string;
  contactEmail: string;
  primaryDomain: { url: string; host: string };
  shopPolicies: ShopifyPolicyNode[];
}

export interface SyncSummary {
  mode: "bulk" | "paged";
  products: { written: number; removed: number; stale: number; skipped: number };
  pages: number;
  policies: number;
  embedded: number;
}

type PageInfo = { hasNextPage: boolean; endCursor: string | null };
type VariantPage = { pageInfo: PageInfo; nodes: ShopifyVariantNode[] };
type PagedProductNode = Omit<ShopifyProductNode, "variants"> & { variants: VariantPage };
type ProductPage = { products: { pageInfo: PageInfo; nodes: PagedProductNode[] } };

export async function fetchShopDetails(admin: AdminGraphql): Promise<ShopDetails> {
  return (await admin<{ shop: ShopDetails }>(SHOP_DETAILS)).shop;
}

/** Initial (and full re-) sync: every product on sale, published pages, policies, contact details. */
export async function syncShopifyCatalog(
  app: AppContext,
  admin: AdminGraphql,
  input: { shopId: string },
  progress: ProgressReporter,
  options: SyncOptions = {},
): Promise<SyncSummary> {
  const { shopId } = input;
  const details = await fetchShopDetails(admin);
  await saveShopDetails(app, shopId, details);
  const count = (await admin<{ productsCount: { count: number } }>(PRODUCTS_COUNT, { query: ACTIVE })).productsCount.count;
  await progress({ done: 0, total: count + details.shopPolicies.length + 1 });

  const writer = new ProductWriter(app, shopId, details.currencyCode, progress, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const mode = count > (options.bulkThreshold ?? DEFAULT_BULK_THRESHOLD) ? "bulk" : "paged";
  if (mode === "bulk") {
    const url = await runBulkQuery(admin, PRODUCTS_BULK_QUERY, options.bulk);
    if (url) {
      const { products, orphans } = await downloadBulkProducts(url, options.fetch);
      if (orphans) await progress({ error: { message: `${orphans} variants in the bulk result had no product` } });
      await writer.write(products);
    }
  } else {
    for await (const nodes of productPages(admin, ACTIVE)) await writer.write(nodes);
  }
  const removed = await removeUnseen(app, shopId, "product", writer.seen, () => true);
  const documents = await syncDocuments(app, admin, shopId, details, progress);
  // Published pages are counted only once listed; the total grows by them at the end.
  const finished = Math.max(count, writer.done) + documents.policies + documents.pages;
  await progress({ done: finished, total: finished });
  return {
    mode,
    products: { written: writer.written, removed, stale: writer.stale, skipped: writer.skipped },
    pages: documents.pages,
    policies: documents.policies,
    embedded: writer.embedded + documents.embedded,
  };
}

/** Writes products in batches, skipping versions older than stored and removing what went off sale. */
class ProductWriter {
  readonly seen = new Set<string>();
  written = 0;
  stale = 0;
  skipped = 0;
  done = 0;
  embedded = 0;

  constructor(
    private readonly app: AppContext,
    private readonly shopId: string,
    private readonly currency: string,
    private readonly progress: ProgressReporter,
    private readonly batchSize: number,
  ) {}

  async write(nodes: ShopifyProductNode[]): Promise<void> {
    for (let start = 0; start < nodes.length; start += this.batchSize) await this.writeBatch(nodes.slice(start, start + this.batchSize));
  }

  private async writeBatch(nodes: ShopifyProductNode[]): Promise<void> {
    const { prisma } = this.app.db;
    const stored = await storedVersions(prisma, this.shopId, "product", nodes.map((node) => node.id));
    const items: ProductInput[] = [];
    const versions: { id: string; updatedAt: string; available?: boolean }[] = [];
    const offSale: string[] = [];
    for (const node of nodes) {
      const mapped = productFromShopify(node, this.currency);
      if (mapped.ok || mapped.skip === "invalid") this.seen.add(node.id);
      if (isStale(stored.get(node.id), node.updatedAt)) {
        this.stale += 1;
        continue;
      }
      if (mapped.ok) {
        items.push(mapped.item);
        versions.push({ id: node.id, updatedAt: node.updatedAt, available: mapped.item.available });
      } else if (mapped.skip === "invalid") {
        this.skipped += 1;
        await this.progress({ error: { item: node.id, message: mapped.message } });
      } else offSale.push(node.id);
    }
    if (items.length) {
      const result = await importKnowledge(prisma, this.app.embedder, this.shopId, { products: items, faq: [], policies: [], pages: [] }, { mode: "merge" });
      this.embedded += result.embedded;
      await recordVersions(prisma, this.shopId, "product", versions);
    }
    for (const id of offSale) if (stored.has(id)) await removeItem(this.app, this.shopId, "product", id);
    this.written += items.length;
    this.done += nodes.length;
    await this.progress({ done: this.done });
  }
}

async function* productPages(admin: AdminGraphql, query: string): AsyncGenerator<ShopifyProductNode[]> {
  let after: string | null = null;
  do {
    const page: ProductPage = await admin<ProductPage>(PRODUCTS_PAGE, { first: PRODUCTS_PAGE_SIZE, after, query });
    const products: ShopifyProductNode[] = [];
    for (const node of page.products.nodes) products.push(await withAllVariants(admin, node));
    yield products;
    after = page.products.pageInfo.hasNextPage ? page.products.pageInfo.endCursor : null;
  } while (after);
}

/**
 * A product with every variant: a page brings the first few (a query may not cost more than 1,000
 * points), the rest come 250 at a time by the product's own variants cursor.
 */
async function withAllVariants(admin: AdminGraphql, node: PagedProductNode): Promise<ShopifyProductNode> {
  const variants = [...node.variants.nodes];
  let pageInfo = node.variants.pageInfo;
  while (pageInfo.hasNextPage && pageInfo.endCursor) {
    type Rest = { product: { variants: VariantPage } | null };
    const rest: Rest = await admin<Rest>(PRODUCT_VARIANTS_PAGE, { id: node.id, first: VARIANTS_PAGE_SIZE, after: pageInfo.endCursor });
    // Deleted meanwhile: what was read so far is what there is; the products/delete webhook follows.
    if (!rest.product) break;
    variants.push(...rest.product.variants.nodes);
    pageInfo = rest.product.variants.pageInfo;
  }
  return { ...node, variants };
}

async function syncDocuments(app: AppContext, admin: AdminGraphql, shopId: string, details: ShopDetails, progress: ProgressReporter) {
  const storefront = details.primaryDomain.url.replace(/(?<!\/)\/+$/, "");
  const pages: PageInput[] = [contactPage(details)];
  let after: string | null = null;
  do {
    type Pages = { pages: { pageInfo: PageInfo; nodes: ShopifyPageNode[] } };
    const result: Pages = await admin<Pages>(PAGES_PAGE, { first: PAGE_SIZE, after });
    for (const node of result.pages.nodes) {
      const mapped = pageFromShopify(node, storefront);
      if (mapped.ok) pages.push(mapped.item);
      else if (mapped.skip === "invalid") await progress({ error: { item: node.id, message: mapped.message } });
    }
    after = result.pages.pageInfo.hasNextPage ? result.pages.pageInfo.endCursor : null;
  } while (after);
  const policies: PolicyInput[] = [];
  for (const node of details.shopPolicies) {
    const mapped = policyFromShopify(node);
    if (mapped.ok) policies.push(mapped.item);
  }
  const result = await importKnowledge(app.db.prisma, app.embedder, shopId, { products: [], faq: [], policies, pages }, { mode: "merge" });
  // Only what Shopify owns is removed: a merchant's own FAQ or documents stay.
  const fromShopify = (id: string) => id.startsWith("gid://shopify/") || id === CONTACT_PAGE_ID;
  await removeUnseen(app, shopId, "page", new Set(pages.map((page) => page.id)), fromShopify);
  await removeUnseen(app, shopId, "policy", new Set(policies.map((policy) => policy.id)), fromShopify);
  return { pages: pages.length, policies: policies.length, embedded: result.embedded };
}

async function removeUnseen(app: AppContext, shopId: string, type: "product" | "page" | "policy", seen: Set<string>, owned: (id: string) => boolean) {
  const gone = (await knownItemIds(app.db.prisma, shopId, type)).filter((id) => owned(id) && !seen.has(id));
  for (const id of gone) await removeItem(app, shopId, type, id);
  return gone.length;
}

async function removeItem(app: AppContext, shopId: string, type: "product" | "page" | "policy", id: string) {
  await deleteItem(app.db.prisma, shopId, type, id);
  await forgetVersions(app.db.prisma, shopId, type, [id]);
}

export async function saveShopDetails(app: AppContext, shopId: string, details: ShopDetails): Promise<void> {
  const data = { currency: details.currencyCode, primaryDomain: details.primaryDomain.url, contactEmail: details.contactEmail || null };
  await app.db.prisma.shop.update({ where: { id: shopId }, data: { name: details.name } });
  await app.db.prisma.shopifyInstallation.upsert({ where: { shopId }, create: { shopId, ...data }, update: data });
}

export type RefreshResult = { status: "written" | "removed" | "stale" | "invalid"; available?: boolean };

/**
 * One product again from Shopify (webhooks): the delivery says what changed, the Admin API says
 * what is true now. `updatedAt` is the delivery's; an older one than stored is ignored unfetched.
 */
export async function refreshShopifyProduct(
  app: AppContext,
  admin: AdminGraphql,
  input: { shopId: string; productId: string; updatedAt?: string },
): Promise<RefreshResult> {
  const { prisma } = app.db;
  const stored = (await storedVersions(prisma, input.shopId, "product", [input.productId])).get(input.productId);
  if (input.updatedAt && isStale(stored, input.updatedAt)) return { status: "stale" };
  const { product } = await admin<{ product: PagedProductNode | null }>(PRODUCT_BY_ID, { id: input.productId });
  if (!product) {
    await removeItem(app, input.shopId, "product", input.productId);
    return { status: "removed" };
  }
  const node = await withAllVariants(admin, product);
  if (isStale(stored, node.updatedAt)) return { status: "stale" };
  const installation = await prisma.shopifyInstallation.findUnique({ where: { shopId: input.shopId }, select: { currency: true } });
  const mapped = productFromShopify(node, installation?.currency ?? undefined);
  if (!mapped.ok) {
    if (mapped.skip === "invalid") return { status: "invalid" };
    await removeItem(app, input.shopId, "product", node.id);
    return { status: "removed" };
  }
  await upsertItem(prisma, app.embedder, input.shopId, { type: "product", data: mapped.item });
  await recordVersions(prisma, input.shopId, "product", [{ id: node.id, updatedAt: node.updatedAt, available: mapped.item.available }]);
  return { status: "written", available: mapped.item.available };
}

export async function removeShopifyProduct(app: AppContext, input: { shopId: string; productId: string }): Promise<void> {
  await removeItem(app, input.shopId, "product", input.productId);
}

/**
 * Daily (and on "Resync"): products changed since the newest stored updatedAt are pulled again, and
 * the list of ids on sale (ids and timestamps only) finds what was deleted or missed.
 */
export async function reconcileShopifyCatalog(
  app: AppContext,
  admin: AdminGraphql,
  input: { shopId: string },
  progress: ProgressReporter,
  options: SyncOptions = {},
): Promise<{ changed: number; removed: number; added: number }> {
  const { prisma } = app.db;
  const { shopId } = input;
  const details = await fetchShopDetails(admin);
  await saveShopDetails(app, shopId, details);
  const newest = await prisma.platformItemVersion.aggregate({ where: { shopId, sourceType: "product" }, _max: { platformUpdatedAt: true } });
  const since = newest._max.platformUpdatedAt;
  const writer = new ProductWriter(app, shopId, details.currencyCode, progress, options.batchSize ?? DEFAULT_BATCH_SIZE);
  // No status filter: a product turned draft since must be found to be removed.
  for await (const nodes of productPages(admin, since ? `updated_at:>'${since.toISOString()}'` : ACTIVE)) await writer.write(nodes);

  // Counts alone cannot be trusted (an active product off the Online Store counts remotely, a
  // deletion and a missed creation cancel out): the id listing is cheap, so it always runs.
  const onSale = new Set<string>();
  let after: string | null = null;
  do {
    type Stamps = { products: { pageInfo: PageInfo; nodes: { id: string; onlineStoreUrl: string | null }[] } };
    const page: Stamps = await admin<Stamps>(PRODUCT_STAMPS_PAGE, { first: STAMPS_PAGE_SIZE, after, query: ACTIVE });
    for (const node of page.products.nodes) if (node.onlineStoreUrl) onSale.add(node.id);
    after = page.products.pageInfo.hasNextPage ? page.products.pageInfo.endCursor : null;
  } while (after);
  const removed = await removeUnseen(app, shopId, "product", onSale, () => true);
  const known = new Set(await knownItemIds(prisma, shopId, "product"));
  let added = 0;
  for (const id of onSale) {
    if (known.has(id)) continue;
    if ((await refreshShopifyProduct(app, admin, { shopId, productId: id })).status === "written") added += 1;
  }
  await syncDocuments(app, admin, shopId, details, progress);
  return { changed: writer.written, removed, added };
}
