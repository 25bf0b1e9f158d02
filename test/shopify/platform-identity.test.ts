import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { fetchAdminGraphql } from "~/shopify/admin-client";
import { installShopifyShop } from "~/shopify/install.server";
import type { ShopifyJob } from "~/shopify/jobs.server";
import { openTestDatabase } from "../support/db";
import { startFakeAdminApi, type FakeAdminApi } from "../support/fake-shopify-admin";
import { fakeShopDetails } from "../support/shopify-catalog";
import { testAppContext } from "../support/shopify-app";

/**
 * Issue 16 item 2: a WooCommerce registration of victim.myshopify.com (written before the connector
 * refused such domains) must never become the Shopify store's shop when the real merchant installs:
 * a shop is (platform, domain).
 */

const DOMAIN = "victim-store.myshopify.com";
let db: Database;
let fake: FakeAdminApi;

beforeAll(async () => {
  [db, fake] = await Promise.all([openTestDatabase(), startFakeAdminApi({ shop: fakeShopDetails(DOMAIN) })]);
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

describe("afterAuth with a squatting WooCommerce shop on the same domain", () => {
  it("creates the Shopify store's own shop; the squatter's record, key and data are left out of it", async () => {
    const squatter = await db.prisma.shop.create({ data: { name: "Attacker", platform: "woocommerce", domain: DOMAIN, settings: { greeting: "attacker" } } });
    const jobs: ShopifyJob[] = [];
    const installed = await installShopifyShop(
      testAppContext(db),
      fetchAdminGraphql(fake.endpoint, fake.accessToken),
      { shopDomain: DOMAIN, scopes: "read_products", apiBase: "https://palompy.example.com" },
      async (job) => void jobs.push(job),
    );
    expect(installed.shopId).not.toBe(squatter.id);
    expect(installed.publicKey).not.toBe(squatter.publicKey);
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { id: installed.shopId } });
    expect(shop).toMatchObject({ platform: "shopify", domain: DOMAIN, settings: {} });
    // The theme's app embed gets the Shopify shop's public key, not the attacker's.
    expect(fake.metafields.get("gid://shopify/AppInstallation/1")?.get("palompy.public_key")?.value).toBe(shop.publicKey);
    expect(jobs.map((job) => job.shopId)).toEqual([shop.id]);
    expect(await db.prisma.shop.findUniqueOrThrow({ where: { id: squatter.id } })).toMatchObject({ platform: "woocommerce", name: "Attacker" });
  });
});
