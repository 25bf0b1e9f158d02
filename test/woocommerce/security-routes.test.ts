import http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-server";
import { FakeWooCommerce } from "../support/fake-woocommerce";
import { postJson } from "../chat/http";
import { PUBLIC_URL, TEST_SECRET_KEY, waitFor } from "./support";

/**
 * The connector's abuse cases over HTTP, against the production build (issue 16 items 3, 7, 11;
 * issue 18 item 2): no socket error leaks from POST /keys; a squatted store URL never blocks the
 * real merchant; a store that lost its plugin token reconnects by proving itself; the operator can
 * delete a shop; unsigned junk cannot use up a shop's webhook limit.
 */

const WEBHOOKS_PER_SHOP = 5;
const WEBHOOK_FAILURES_PER_IP = 10;

let app: TestApp;
let store: FakeWooCommerce;

beforeAll(async () => {
  store = await new FakeWooCommerce({ currency: "EUR", resolve: (url) => url.replace(PUBLIC_URL, app.url) }).start();
  store.addProduct({ id: 10, name: "Trail Runner 2", price: "93.00", sku: "SIMPLE-1" });
  app = await startTestApp({
    PALOMPY_EMBEDDER: "local",
    PALOMPY_SECRET_KEY: TEST_SECRET_KEY,
    PALOMPY_PUBLIC_URL: PUBLIC_URL,
    // The fake store listens on 127.0.0.1.
    PALOMPY_WOO_ALLOW_PRIVATE_HOSTS: "1",
    PALOMPY_RATE_WOO_REGISTER_PER_IP_HOUR: "100",
    PALOMPY_RATE_WOO_WEBHOOKS_PER_SHOP: String(WEBHOOKS_PER_SHOP),
    PALOMPY_RATE_WOO_WEBHOOK_FAILURES_PER_IP: String(WEBHOOK_FAILURES_PER_IP),
  });
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const connectBody = (siteUrl: string) => ({ siteUrl, storeName: "Trail Shop", pluginVersion: "1.0.0", returnUrl: `${new URL(siteUrl).origin}/wp-admin/admin.php?page=palompy` });
const connect = async (siteUrl: string, token?: string) => {
  const response = await postJson(`${app.url}/api/woocommerce/connect`, connectBody(siteUrl), token ? bearer(token) : {});
  return { status: response.status, body: await response.json() };
};
const status = (token: string) => fetch(`${app.url}/api/woocommerce/status`, { headers: bearer(token) });
const pasteKeys = (token: string, key: { consumerKey: string; consumerSecret: string }) =>
  postJson(`${app.url}/api/woocommerce/keys`, { consumerKey: key.consumerKey, consumerSecret: key.consumerSecret }, bearer(token));
/** Pastes keys, waits for the activation job it starts, and returns the plugin's status after it. */
async function activateWith(token: string, shopId: string, key: { consumerKey: string; consumerSecret: string }) {
  const pasted = await pasteKeys(token, key);
  expect(pasted.status).toBe(200);
  const { jobId } = await pasted.json();
  const job = await waitFor(async () => {
    const current = await (await app.admin(`/api/shops/${shopId}/jobs/${jobId}`)).json();
    return (current.state === "succeeded" || current.state === "failed") && current;
  }, `job ${jobId}`);
  expect(job.state).toBe("succeeded");
  return (await status(token)).json();
}

describe("POST /keys to a store that does not answer", () => {
  it("says the store could not be reached, without the socket error, address or port", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const { body } = await connect(`http://127.0.0.1:${port}`);
    const response = await pasteKeys(body.pluginToken, { consumerKey: "ck_0123456789abcdef", consumerSecret: "cs_0123456789abcdef" });
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error).toMatchObject({ code: "keys_rejected", field: "consumerKey" });
    expect(error.message).toMatch(/could not be reached/);
    expect(error.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect /);
    expect(error.message).not.toContain(String(port));
  });
});

describe("store ownership", () => {
  let shopId: string;
  let token: string;

  it("a squatter's registration never blocks the real merchant's (any spelling of the URL): both 201, the store's keys decide", async () => {
    const squatter = await connect(store.siteUrl);
    expect(squatter.status).toBe(201);
    for (const spelling of [`${store.siteUrl}/`, store.siteUrl.replace("http://", "HTTP://")]) {
      const again = await connect(spelling);
      expect({ spelling, status: again.status }).toEqual({ spelling, status: 201 });
    }
    const real = await connect(store.siteUrl);
    expect(real.status).toBe(201);
    expect(real.body).toMatchObject({ proven: false, takeover: false });
    ({ shopId, pluginToken: token } = real.body);

    expect(await activateWith(token, shopId, store.createKey("read_write"))).toMatchObject({ connected: true, proven: true, shopId, sync: { state: "done" } });
    // The squatter never had keys the store accepts: it owns nothing, and its console link is its own empty shop.
    expect((await (await status(squatter.body.pluginToken)).json()).connected).toBe(false);
    expect((await app.context.db.prisma.shop.findUniqueOrThrow({ where: { id: squatter.body.shopId } })).domain).toBeNull();
  });

  it("after losing its plugin token, the store reconnects by proving itself and takes its shop over", async () => {
    const claim = await connect(store.siteUrl);
    expect(claim.status).toBe(201);
    expect(claim.body).toMatchObject({ shopId, takeover: true, proven: false });
    const claimToken: string = claim.body.pluginToken;

    const pending = await status(claimToken);
    expect(pending.status).toBe(200);
    expect(await pending.json()).toMatchObject({ connected: false, proven: false, takeover: true, shopId });
    for (const [method, path] of [
      ["POST", "/api/woocommerce/console-link"],
      ["POST", "/api/woocommerce/resync"],
      ["DELETE", "/api/woocommerce/shop"],
    ]) {
      const refused = await fetch(`${app.url}${path}`, { method, headers: bearer(claimToken) });
      expect({ path, status: refused.status, code: (await refused.json()).error.code }).toEqual({ path, status: 403, code: "not_proven" });
    }

    expect(await activateWith(claimToken, shopId, store.createKey("read_write"))).toMatchObject({ connected: true, proven: true, takeover: false, shopId, sync: { state: "done" } });
    expect((await status(token)).status).toBe(401);
    const ours = [...store.webhooks.values()].filter((hook) => hook.delivery_url === `${PUBLIC_URL}/webhooks/woocommerce/${shopId}`);
    expect(ours).toHaveLength(4);
    token = claimToken;
  });

  it("unsigned junk does not use up the shop's webhook limit; failures are limited per client address", async () => {
    const attacker = new Agent({ localAddress: "127.0.0.3" });
    try {
      // From another loopback address than the store's deliveries (127.0.0.1).
      const junk = () =>
        undiciFetch(`${app.url}/webhooks/woocommerce/${shopId}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-wc-webhook-topic": "product.updated" },
          body: '{"id":10}',
          dispatcher: attacker,
        });
      for (let i = 0; i < WEBHOOKS_PER_SHOP + 3; i++) expect((await junk()).status).toBe(401);
      // The store's own signed delivery still goes through.
      expect((await store.deliver("product.updated", 10)).map((delivery) => delivery.status)).toEqual([200]);
      for (let i = WEBHOOKS_PER_SHOP + 3; i < WEBHOOK_FAILURES_PER_IP; i++) expect((await junk()).status).toBe(401);
      const refused = await junk();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await store.deliver("product.updated", 10)).map((delivery) => delivery.status)).toEqual([200]);
    } finally {
      await attacker.close();
    }
  });

  it("the operator deletes a shop through the admin API (a shop's own key cannot); the store's webhooks go first", async () => {
    const other = await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name: "Other" }) })).json();
    const asShop = await fetch(`${app.url}/api/shops/${other.id}?confirm=${other.id}`, { method: "DELETE", headers: bearer(other.apiKey) });
    expect(asShop.status).toBe(403);
    const unconfirmed = await app.admin(`/api/shops/${shopId}`, { method: "DELETE" });
    expect(unconfirmed.status).toBe(422);
    expect((await unconfirmed.json()).error).toMatchObject({ code: "confirmation_required", field: "confirm" });

    const deleted = await app.admin(`/api/shops/${shopId}?confirm=${shopId}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ id: shopId, deleted: true, webhooksDeleted: 4 });
    expect([...store.webhooks.values()].filter((hook) => hook.delivery_url.endsWith(shopId))).toEqual([]);
    expect(await app.context.db.prisma.shop.findUnique({ where: { id: shopId } })).toBeNull();
    expect((await status(token)).status).toBe(401);
    expect((await app.admin(`/api/shops/${shopId}?confirm=${shopId}`, { method: "DELETE" })).status).toBe(404);
    expect((await app.admin(`/api/shops/${other.id}`, { method: "GET" })).status).toBe(405);
  });
});
