import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storePendingKeys } from "~/woocommerce/connection.server";
import { statusOf } from "~/woocommerce/plugin-api.server";
import { WOO_JOB_HANDLERS } from "~/woocommerce/background.server";
import { runWooActivation } from "~/woocommerce/sync.server";
import { FakeWooCommerce } from "../support/fake-woocommerce";
import { openTestApp, registerFakeStore } from "./support";

/**
 * Issue 16 item 17: what the plugin's status and the job results say is written for the merchant.
 * A store whose webhook answers carry no id (a security plugin rewriting REST answers) used to
 * leave "Invalid `prisma.wooConnection.update()` invocation … webhookIds: [undefined]" there.
 */

/** The store creates the webhook but answers without its id (what a rewriting proxy or plugin leaves). */
class StoreWithoutWebhookIds extends FakeWooCommerce {
  constructor() {
    super({ currency: "EUR" });
    const self = this as unknown as { createWebhook: (body: Record<string, unknown>, send: (status: number, body: unknown) => void) => Promise<void> };
    const create = self.createWebhook.bind(this);
    self.createWebhook = (body, send) => create(body, (status, answer) => send(status, { ...(answer as object), id: undefined }));
  }
}

let app: Awaited<ReturnType<typeof openTestApp>>;
let store: StoreWithoutWebhookIds;

beforeAll(async () => {
  [app, store] = await Promise.all([openTestApp(), new StoreWithoutWebhookIds().start()]);
  store.addProduct({ id: 1, name: "Trail Runner", price: "93.00" });
});
afterAll(async () => {
  await store?.close();
  await app?.db.close();
});

const INTERNAL = /prisma|invocation|webhookIds|undefined|Invalid `/i;

describe("merchant-readable errors", () => {
  it("a webhook created without an id is a clear error in the status, never a database message", async () => {
    const { shop } = await registerFakeStore(app, store);
    const result = await runWooActivation(app, { shopId: shop.id });
    expect(result.activated).toBe(true);
    expect(result.webhookError).toMatch(/without a webhook id/);
    expect(result.webhookError).not.toMatch(INTERNAL);
    const connection = await app.db.prisma.wooConnection.findUniqueOrThrow({ where: { shopId: shop.id }, include: { shop: true } });
    const status = statusOf(connection);
    expect(status.sync.error).toMatch(/without a webhook id/);
    expect(JSON.stringify(status)).not.toMatch(INTERNAL);
    expect(connection.webhookIds).toEqual([]);
  });

  it("an unexpected internal error reaches the job result as a generic message with a reference, not its text", async () => {
    const { shop } = await registerFakeStore(app, store, "Broken store");
    // Pending keys sealed for another shop cannot be opened here: an internal failure, not the merchant's.
    await storePendingKeys(app, shop.id, { consumerKey: "ck_x", consumerSecret: "cs_x" });
    await app.db.prisma.wooConnection.update({ where: { shopId: shop.id }, data: { pendingKeysEnc: "not-a-sealed-value" } });
    const failure = await WOO_JOB_HANDLERS["woocommerce-activate"](app, { shopId: shop.id }, async () => {}).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(/internal error \(reference [0-9a-f-]{36}\)/);
    expect(failure?.message).not.toMatch(/decrypt|sealed|not-a-sealed-value|Unsupported|prisma/i);
  });
});
