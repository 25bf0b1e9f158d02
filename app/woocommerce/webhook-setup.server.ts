import type { AppContext } from "~/app-context";
import { updateConnection, webhookIdsOf, webhookSecretOf, type WooConnection } from "./connection.server";
import { merchantMessage, WooStoreError } from "./merchant-errors.server";
import { WooApiError, type WooClient } from "./rest-client.server";

/** Creating, repairing and removing the store's webhooks that point at us. */

export const WEBHOOK_TOPICS = ["product.created", "product.updated", "product.deleted", "product.restored"] as const;

export function publicUrlOf(app: AppContext): string {
  return (app.config.publicUrl ?? `http://localhost:${app.config.port}`).replace(/(?<!\/)\/+$/, "");
}

export function deliveryUrlFor(app: AppContext, shopId: string): string {
  return `${publicUrlOf(app)}/webhooks/woocommerce/${shopId}`;
}

interface StoreWebhook {
  id: number;
  topic: string;
  status: string;
  delivery_url: string;
}

async function listWebhooks(client: WooClient): Promise<StoreWebhook[]> {
  const all: StoreWebhook[] = [];
  for (let page = 1; ; page++) {
    const answer = await client.get<StoreWebhook[]>("webhooks", { per_page: 100, page });
    if (Array.isArray(answer.data)) all.push(...answer.data.filter((hook) => typeof hook?.id === "number"));
    if (page >= answer.totalPages) return all;
  }
}

export interface WebhookRepair {
  created: number;
  reactivated: number;
  ids: number[];
}

/**
 * One active webhook per topic delivering to this shop's URL. WooCommerce disables a webhook after
 * more than 5 failed deliveries and never retries, so a disabled or paused one is switched back on
 * and a missing one is created again.
 */
export async function ensureWebhooks(app: AppContext, connection: WooConnection, client: WooClient): Promise<WebhookRepair> {
  const deliveryUrl = deliveryUrlFor(app, connection.shopId);
  const ours = new Set(webhookIdsOf(connection));
  const existing = (await listWebhooks(client)).filter((hook) => hook.delivery_url === deliveryUrl || ours.has(hook.id));
  const repair: WebhookRepair = { created: 0, reactivated: 0, ids: [] };
  let secret: string | undefined;
  try {
    for (const topic of WEBHOOK_TOPICS) {
      const found = existing.find((hook) => hook.topic === topic && hook.delivery_url === deliveryUrl);
      if (found) {
        if (found.status !== "active") {
          await client.put(`webhooks/${found.id}`, { status: "active" });
          repair.reactivated++;
        }
        repair.ids.push(found.id);
        continue;
      }
      secret ??= webhookSecretOf(app, connection);
      const created = await client.post<Partial<StoreWebhook> | null>("webhooks", {
        name: `Palompy ${topic}`,
        topic,
        delivery_url: deliveryUrl,
        secret,
        status: "active",
      });
      // A security plugin or proxy that rewrites the answer leaves us a webhook we cannot manage.
      if (typeof created?.id !== "number" || !Number.isSafeInteger(created.id)) {
        throw new WooStoreError(
          `The store answered the creation of the ${topic} webhook without a webhook id, so Palompy cannot manage it. Check WooCommerce → Settings → Advanced → Webhooks and whether a security plugin changes REST API answers.`,
        );
      }
      repair.created++;
      repair.ids.push(created.id);
    }
  } finally {
    await updateConnection(app, connection.shopId, { webhookIds: [...new Set(repair.ids)] });
  }
  return repair;
}

/** Best effort: a webhook the merchant already deleted is not an error. */
export async function deleteWebhooks(connection: WooConnection, client: WooClient): Promise<number> {
  let deleted = 0;
  for (const id of webhookIdsOf(connection)) {
    try {
      await client.delete(`webhooks/${id}`, { force: "true" });
      deleted++;
    } catch (error) {
      if (!(error instanceof WooApiError && error.status === 404)) throw error;
    }
  }
  return deleted;
}

/** The store refuses writes with keys approved for reading only. */
export function describeWebhookFailure(error: unknown): string {
  if (error instanceof WooApiError && error.status === 401) {
    return `Webhooks could not be created (${error.message}); the keys need read/write permission. Changes reach Palompy only through the daily reconciliation until then.`;
  }
  return `Webhooks could not be created: ${merchantMessage(error, { step: "webhooks" })}`;
}
