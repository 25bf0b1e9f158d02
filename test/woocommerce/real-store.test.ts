import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activateKeys, registerStore, storeClient } from "~/woocommerce/connection.server";
import { fetchCurrency } from "~/woocommerce/catalog.server";
import { findWooOrderStatus } from "~/woocommerce/order-status.server";
import { parseSiteUrl } from "~/woocommerce/site-url";
import { runWooInitialSync, verifyKeys } from "~/woocommerce/sync.server";
import { openTestApp, productRows } from "./support";

/**
 * Opt-in: runs the connector against a real WooCommerce store when WOO_URL, WOO_CK and WOO_CS are
 * set (read-only: it creates no webhooks and writes nothing to the store). Skipped otherwise.
 */
const { WOO_URL, WOO_CK, WOO_CS } = process.env;

describe.skipIf(!WOO_URL || !WOO_CK || !WOO_CS)("a real WooCommerce store (WOO_URL, WOO_CK, WOO_CS)", () => {
  let app: Awaited<ReturnType<typeof openTestApp>>;
  let shopId: string;

  beforeAll(async () => {
    app = await openTestApp();
    const site = parseSiteUrl(WOO_URL!)!;
    const { shop } = await registerStore(app, { site, storeName: "Real store", pluginVersion: "test" });
    shopId = shop.id;
    await activateKeys(app, shopId, { consumerKey: WOO_CK!, consumerSecret: WOO_CS! });
  });
  afterAll(() => app?.db.close());

  it("accepts the keys (OAuth 1.0a over http, Basic over https) and reports its currency", async () => {
    await verifyKeys(app, parseSiteUrl(WOO_URL!)!.siteUrl, { consumerKey: WOO_CK!, consumerSecret: WOO_CS! });
    const connection = await app.db.prisma.wooConnection.findUniqueOrThrow({ where: { shopId } });
    expect(await fetchCurrency(storeClient(app, connection))).toMatch(/^[A-Z]{3}$/);
  });

  it("syncs every published product the store counts, and finds no order for a made-up number", async () => {
    const connection = await app.db.prisma.wooConnection.findUniqueOrThrow({ where: { shopId } });
    const client = storeClient(app, connection);
    const { total } = await client.get("products", { status: "publish", per_page: 1 });
    const result = await runWooInitialSync(app, { shopId });
    expect(result.products + result.skipped).toBe(total);
    expect(await productRows(app, shopId)).toHaveLength(result.products);
    expect(await findWooOrderStatus(client, { orderNumber: "999999999", email: "nobody@example.invalid" })).toEqual({ found: false });
  }, 600_000);
});
