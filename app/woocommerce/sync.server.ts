import type { AppContext } from "~/app-context";
import { outboundClient } from "~/http/outbound.server";
import type { ProgressReporter } from "~/jobs/types";
import {
  activateKeys,
  domainOf,
  dropPendingKeys,
  readPendingKeys,
  requireConnection,
  storeClient,
  updateConnection,
  type PendingKeys,
} from "./connection.server";
import {
  PAGE_SIZE,
  fetchCurrency,
  fetchPolicyPages,
  knownProductIds,
  removeProducts,
  toProductInputs,
  writePolicies,
  writeProducts,
} from "./catalog.server";
import { createWooClient, type WooClient } from "./rest-client.server";
import { isOnStorefront, readWooProducts, type WooProduct } from "./store-data";
import { asMerchantError, merchantMessage, WooStoreError } from "./merchant-errors.server";
import { findClaim, promoteClaim, readClaimKeys, recordClaimFailure, takeDomain } from "./ownership.server";
import { describeWebhookFailure, ensureWebhooks } from "./webhook-setup.server";
import { drainWooDeliveries } from "./webhooks.server";

/**
 * The connector's background work, written as job-agnostic domain functions
 * `(app, input, progress) => result` that the job queue calls (registered in app/jobs/builtin.server.ts).
 */


export interface ShopJobInput {
  shopId: string;
}

export interface InitialSyncResult {
  products: number;
  policies: number;
  removed: number;
  embedded: number;
  skipped: number;
}

const noProgress: ProgressReporter = async () => {};

/**
 * Marks the connection's sync failed before the error goes on to the queue; what the plugin and the
 * job show is merchant-readable (merchant-errors.server.ts), never a database message.
 */
async function recordingFailure<T>(app: AppContext, shopId: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const safe = asMerchantError(error, { shopId });
    await updateConnection(app, shopId, { syncState: "failed", syncError: safe.message.slice(0, 1000) }).catch(() => {});
    throw safe;
  }
}

/**
 * Pulls every published product (with variations), the store currency and the policy pages, and
 * makes them the shop's product and WordPress-page knowledge: products the store no longer
 * publishes are removed. FAQ and anything else the merchant added in Palompy is left alone.
 */
export async function runWooInitialSync(app: AppContext, input: ShopJobInput, progress: ProgressReporter = noProgress): Promise<InitialSyncResult> {
  const { shopId } = input;
  return recordingFailure(app, shopId, async () => {
    const connection = await requireConnection(app, shopId);
    const client = storeClient(app, connection);
    await updateConnection(app, shopId, { syncState: "running", syncDone: 0, syncTotal: 0, syncError: null });
    const currency = (await fetchCurrency(client)) ?? connection.currency ?? undefined;
    await updateConnection(app, shopId, { currency: currency ?? null });

    const result: InitialSyncResult = { products: 0, policies: 0, removed: 0, embedded: 0, skipped: 0 };
    const seen = new Set<string>();
    let done = 0;
    for (let page = 1; ; page++) {
      const answer = await client.get<unknown>("products", { status: "publish", per_page: PAGE_SIZE, page });
      if (page === 1) {
        await updateConnection(app, shopId, { syncTotal: answer.total });
        await progress({ total: answer.total, done: 0 });
      }
      const listed = readWooProducts(answer.data);
      // Published but hidden from the catalog or password protected: the storefront does not show it.
      const products = listed.filter(isOnStorefront);
      for (const product of products) seen.add(String(product.id));
      const entries = await toProductInputs(client, products, currency, (product, reason) => {
        result.skipped++;
        void progress({ error: { item: `product ${product.id}`, message: reason } });
      });
      result.embedded += (await writeProducts(app, shopId, entries)).embedded;
      result.products += entries.length;
      done += listed.length;
      await updateConnection(app, shopId, { syncDone: done });
      await progress({ done });
      if (page >= answer.totalPages || listed.length === 0) break;
    }

    const stale = [...(await knownProductIds(app, shopId)).keys()].filter((id) => !seen.has(id));
    result.removed = await removeProducts(app, shopId, stale);

    result.policies = await syncPolicies(app, connection.siteUrl, shopId, progress);

    await updateConnection(app, shopId, { syncState: "done", syncError: null, lastSyncAt: new Date() });
    return result;
  });
}

/**
 * The policy pages come from WordPress's own REST API, which security plugins sometimes close: that
 * is reported as a progress error and costs the sync nothing else.
 */
async function syncPolicies(app: AppContext, siteUrl: string, shopId: string, progress: ProgressReporter): Promise<number> {
  try {
    const policies = await fetchPolicyPages(outboundClient(app.config), siteUrl);
    await writePolicies(app, shopId, policies);
    return policies.length;
  } catch (error) {
    await progress({ error: { item: "policy pages", message: merchantMessage(error, { shopId }) } });
    return 0;
  }
}

export interface ReconcileResult {
  removed: number;
  updated: number;
  webhooks: { created: number; reactivated: number } | { error: string };
}

/**
 * What webhooks cannot deliver: a permanent delete sends nothing, deliveries are not retried and
 * a webhook is disabled after repeated failures. Compares the store's published product ids and
 * modification dates with ours, removes what is gone, re-pulls what changed and repairs webhooks.
 */
export async function runWooReconciliation(app: AppContext, input: ShopJobInput, progress: ProgressReporter = noProgress): Promise<ReconcileResult> {
  const { shopId } = input;
  return recordingFailure(app, shopId, async () => {
    // Deliveries accepted but never applied (the process stopped in between) go first.
    await drainWooDeliveries(app, shopId);
    const connection = await requireConnection(app, shopId);
    const client = storeClient(app, connection);
    // The plugin's status shows "Running" until the result is in (last reconciled, products).
    await updateConnection(app, shopId, { syncState: "running", syncError: null });
    const currency = (await fetchCurrency(client)) ?? connection.currency ?? undefined;

    const inStore = new Map<string, string>();
    for (let page = 1; ; page++) {
      const answer = await client.get<Array<{ id?: unknown; date_modified_gmt?: unknown; catalog_visibility?: unknown; password_protected?: unknown }>>("products", {
        status: "publish",
        per_page: PAGE_SIZE,
        page,
        _fields: "id,date_modified_gmt,catalog_visibility,password_protected",
      });
      const rows = Array.isArray(answer.data) ? answer.data : [];
      for (const row of rows) {
        const shown = isOnStorefront({
          status: "publish",
          catalog_visibility: typeof row.catalog_visibility === "string" ? row.catalog_visibility : "",
          password_protected: row.password_protected === true,
        });
        if (typeof row.id === "number" && shown) inStore.set(String(row.id), String(row.date_modified_gmt ?? ""));
      }
      if (page >= answer.totalPages || rows.length === 0) break;
    }

    const ours = await knownProductIds(app, shopId);
    const gone = [...ours.keys()].filter((id) => !inStore.has(id));
    const changed = [...inStore].filter(([id, modified]) => ours.get(id) !== modified).map(([id]) => Number(id));
    await progress({ total: changed.length, done: 0 });
    const removed = await removeProducts(app, shopId, gone);

    let updated = 0;
    for (let start = 0; start < changed.length; start += PAGE_SIZE) {
      const ids = changed.slice(start, start + PAGE_SIZE);
      const answer = await client.get<unknown>("products", { include: ids.join(","), status: "publish", per_page: PAGE_SIZE });
      const entries = await toProductInputs(client, readWooProducts(answer.data).filter(isOnStorefront), currency, (product, reason) => {
        void progress({ error: { item: `product ${product.id}`, message: reason } });
      });
      await writeProducts(app, shopId, entries);
      updated += entries.length;
      await progress({ done: Math.min(changed.length, start + ids.length) });
    }

    await syncPolicies(app, connection.siteUrl, shopId, progress);

    let webhooks: ReconcileResult["webhooks"];
    try {
      const repair = await ensureWebhooks(app, await requireConnection(app, shopId), client);
      webhooks = { created: repair.created, reactivated: repair.reactivated };
    } catch (error) {
      webhooks = { error: describeWebhookFailure(error) };
    }
    await updateConnection(app, shopId, {
      syncState: "done",
      lastReconciledAt: new Date(),
      currency: currency ?? null,
      ...("error" in webhooks ? { syncError: webhooks.error } : {}),
    });
    return { removed, updated, webhooks };
  });
}

/** Daily: every connected WooCommerce shop, one after another; one store's failure does not stop the rest. */
export async function runWooReconciliationForAll(app: AppContext, _input: unknown, progress: ProgressReporter = noProgress) {
  const shops = await app.db.prisma.wooConnection.findMany({ where: { consumerKeyEnc: { not: null } }, select: { shopId: true } });
  await progress({ total: shops.length, done: 0 });
  let done = 0;
  for (const { shopId } of shops) {
    try {
      await runWooReconciliation(app, { shopId });
    } catch (error) {
      await progress({ error: { item: shopId, message: merchantMessage(error, { shopId }) } });
    }
    await progress({ done: ++done });
  }
  return { shops: shops.length };
}

/** Keys are good when the store lets them read its products. */
export async function verifyKeys(app: AppContext, siteUrl: string, keys: Pick<PendingKeys, "consumerKey" | "consumerSecret">): Promise<WooClient> {
  const client = createWooClient({ siteUrl, ...keys }, outboundClient(app.config));
  await client.get<WooProduct[]>("products", { per_page: 1 });
  return client;
}

export interface ActivationResult {
  activated: boolean;
  webhooks?: { created: number; reactivated: number };
  webhookError?: string;
  sync?: InitialSyncResult;
}

/**
 * After WooCommerce's key approval (or pasted keys): verifies the pending keys against the store
 * (so a forged callback can never replace working keys), makes them the active ones, creates the
 * webhooks and runs the initial sync.
 */
export async function runWooActivation(app: AppContext, input: ShopJobInput, progress: ProgressReporter = noProgress): Promise<ActivationResult> {
  const { shopId } = input;
  const connection = await requireConnection(app, shopId);
  const keys = readPendingKeys(app, connection);
  if (!keys) return { activated: false };
  try {
    await verifyKeys(app, connection.siteUrl, keys);
  } catch (error) {
    await dropPendingKeys(app, shopId);
    const message = `The store refused the new API keys: ${merchantMessage(error, { shopId })}`;
    await updateConnection(app, shopId, { syncState: "failed", syncError: message.slice(0, 1000) });
    throw new WooStoreError(message);
  }
  // The store accepted keys through this registration: it is the store, and now owns the URL.
  const domain = domainOf(connection);
  if (domain) {
    try {
      await takeDomain(app, shopId, domain);
    } catch (error) {
      await dropPendingKeys(app, shopId);
      const message = merchantMessage(error, { shopId });
      await updateConnection(app, shopId, { syncState: "failed", syncError: message.slice(0, 1000) });
      throw asMerchantError(error, { shopId });
    }
  }
  const active = await activateKeys(app, shopId, keys);
  const result: ActivationResult = { activated: true };
  try {
    const repair = await ensureWebhooks(app, active, storeClient(app, active));
    result.webhooks = { created: repair.created, reactivated: repair.reactivated };
  } catch (error) {
    result.webhookError = describeWebhookFailure(error);
  }
  result.sync = await runWooInitialSync(app, { shopId }, progress);
  if (result.webhookError) await updateConnection(app, shopId, { syncError: result.webhookError });
  return result;
}

export interface ClaimJobInput extends ShopJobInput {
  claimId: string;
}

/**
 * WooCommerce's approval of keys for a claim (a new registration of an already connected store):
 * keys the store accepts prove the claim, which then takes the connection over and activates.
 */
export async function runWooClaim(app: AppContext, input: ClaimJobInput, progress: ProgressReporter = noProgress): Promise<ActivationResult & { tookOver: boolean }> {
  const claim = await findClaim(app, input.claimId);
  if (!claim || claim.shopId !== input.shopId) return { activated: false, tookOver: false };
  const keys = readClaimKeys(app, claim);
  if (!keys) return { activated: false, tookOver: false };
  try {
    await verifyKeys(app, claim.siteUrl, keys);
  } catch (error) {
    const message = `The store refused the new API keys: ${merchantMessage(error, { shopId: claim.shopId, claimId: claim.id })}`;
    await recordClaimFailure(app, claim.id, message);
    throw new WooStoreError(message);
  }
  await promoteClaim(app, claim, keys);
  return { ...(await runWooActivation(app, { shopId: claim.shopId }, progress)), tookOver: true };
}
