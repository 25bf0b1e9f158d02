import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";
import { FakeWooCommerce } from "../support/fake-woocommerce";
import { postJson } from "../chat/http";
import { PUBLIC_URL, productRows, TEST_SECRET_KEY, waitFor } from "./support";

/**
 * Changes made while the Palompy server was down: WooCommerce does not retry a failed delivery and
 * disables a webhook after repeated failures, so nothing would arrive until the daily
 * reconciliation. The production build is started, stopped and started again on the same
 * embedded database folder; the second start must repair the webhooks and pull the change.
 */

let app: TestApp | undefined;
let store: FakeWooCommerce;
let dataDir: string;

const env = () => ({
  PALOMPY_DATA_DIR: dataDir,
  PALOMPY_EMBEDDER: "local",
  PALOMPY_SECRET_KEY: TEST_SECRET_KEY,
  PALOMPY_PUBLIC_URL: PUBLIC_URL,
  PALOMPY_WOO_ALLOW_PRIVATE_HOSTS: "1",
});

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "palompy-restart-"));
  store = await new FakeWooCommerce({ currency: "EUR", resolve: (url) => url.replace(PUBLIC_URL, app!.url) }).start();
});
afterAll(async () => {
  await app?.close();
  await store?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("after an outage", () => {
  it("on start, the server switches disabled webhooks back on and pulls what changed while it was down", async () => {
    store.addProduct({ id: 10, name: "Trail Runner 2", price: "93.00", description: "<p>Light trail running shoe.</p>" });
    app = await startTestApp(env());
    const connect = await postJson(`${app.url}/api/woocommerce/connect`, {
      siteUrl: store.siteUrl,
      storeName: "Trail Shop",
      pluginVersion: "1.0.0",
      returnUrl: `${store.siteUrl}/wp-admin/admin.php?page=palompy`,
    });
    expect(connect.status).toBe(201);
    const { shopId, pluginToken } = await connect.json();
    const key = store.createKey("read_write");
    const keys = await postJson(`${app.url}/api/woocommerce/keys`, { consumerKey: key.consumerKey, consumerSecret: key.consumerSecret }, { authorization: `Bearer ${pluginToken}` });
    expect(keys.status).toBe(200);
    const current = app;
    await waitFor(async () => (await productRows(current.context, shopId))[0]?.price === "93.00", "the initial sync");
    expect(store.webhooks.size).toBe(4);
    await app.close();
    app = undefined;

    // While the server is down: the price changes, the delivery fails and WooCommerce gives up on the webhook.
    store.update(10, { price: "79.00", regular_price: "79.00" });
    for (const hook of store.webhooks.values()) if (hook.topic === "product.updated") hook.status = "disabled";

    app = await startTestApp(env());
    const restarted = app;
    const status = await waitFor(async () => {
      const answer = await (await fetch(`${restarted.url}/api/woocommerce/status`, { headers: { authorization: `Bearer ${pluginToken}` } })).json();
      return answer.sync.lastReconciledAt && answer.sync.state === "done" && answer;
    }, "the reconciliation on start");
    expect(status.sync).toMatchObject({ products: 1, error: null });
    expect((await productRows(restarted.context, shopId))[0]?.price).toBe("79.00");
    expect([...store.webhooks.values()].map((hook) => hook.status)).toEqual(["active", "active", "active", "active"]);
  }, 120_000);
});
