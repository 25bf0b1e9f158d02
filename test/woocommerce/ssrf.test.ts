import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerStore, storePendingKeys } from "~/woocommerce/connection.server";
import { parseSiteUrl } from "~/woocommerce/site-url";
import { runWooActivation } from "~/woocommerce/sync.server";
import { FakeWooCommerce } from "../support/fake-woocommerce";
import { openTestApp, productRows } from "./support";

/**
 * Issue 16 item 3, end to end in the connector: a store registered under a host name that
 * resolves to loopback (here "localhost", through the system resolver) used to be read after the
 * unauthenticated auth-callback, its JSON becoming the shop's knowledge. Without the development
 * switch the connector never reaches it, and says only that the store could not be reached.
 */

let app: Awaited<ReturnType<typeof openTestApp>>;
let internal: FakeWooCommerce;

beforeAll(async () => {
  [app, internal] = await Promise.all([openTestApp({ PALOMPY_WOO_ALLOW_PRIVATE_HOSTS: "0" }), new FakeWooCommerce({ currency: "EUR" }).start()]);
  internal.addProduct({ id: 1, name: "Internal admin secret", price: "1.00" });
});
afterAll(async () => {
  await internal?.close();
  await app?.db.close();
});

describe("a store whose name resolves to loopback", () => {
  it("is never called: activation fails with a message that names no address, nothing is imported", async () => {
    expect(app.config.woocommerce.allowPrivateHosts).toBe(false);
    const port = new URL(internal.siteUrl).port;
    const site = parseSiteUrl(`http://localhost:${port}`)!;
    const { shop } = await registerStore(app, { site, storeName: "Looks public", pluginVersion: "1.0.0" });
    const key = internal.createKey("read_write");
    // What an unauthenticated POST /api/woocommerce/auth-callback stores.
    await storePendingKeys(app, shop.id, { consumerKey: key.consumerKey, consumerSecret: key.consumerSecret });

    const failure = await runWooActivation(app, { shopId: shop.id }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(/the store could not be reached/);
    expect(failure?.message).not.toMatch(/127\.0\.0\.1|::1|ECONNREFUSED/);
    expect(failure?.message).not.toContain(port);
    expect(internal.requests).toEqual([]);
    expect(await productRows(app, shop.id)).toEqual([]);
    const connection = await app.db.prisma.wooConnection.findUniqueOrThrow({ where: { shopId: shop.id } });
    expect(connection).toMatchObject({ consumerKeyEnc: null, syncState: "failed" });
  });
});
