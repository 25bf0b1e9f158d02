import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { themeEditorDeepLink } from "~/console/shopify/embed";
import { fetchAdminGraphql } from "~/shopify/admin-client";
import { installShopifyShop } from "~/shopify/install.server";
import type { ShopifyJob } from "~/shopify/jobs.server";
import { openTestDatabase } from "../support/db";
import { startFakeAdminApi, type FakeAdminApi } from "../support/fake-shopify-admin";
import { fakeShopDetails } from "../support/shopify-catalog";
import { testAppContext } from "../support/shopify-app";

const DOMAIN = "Install-Test.myshopify.com";
let db: Database;
let fake: FakeAdminApi;

beforeAll(async () => {
  [db, fake] = await Promise.all([openTestDatabase(), startFakeAdminApi({ shop: fakeShopDetails(DOMAIN.toLowerCase()) })]);
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

describe("afterAuth: installShopifyShop", () => {
  it("creates one shop per domain, writes the embed's metafields and starts the sync; a reinstall finds the same shop", async () => {
    const app = testAppContext(db);
    const jobs: ShopifyJob[] = [];
    const admin = fetchAdminGraphql(fake.endpoint, fake.accessToken);
    const input = { shopDomain: DOMAIN, scopes: "read_products,read_content", apiBase: "https://palompy.example.com/" };
    const first = await installShopifyShop(app, admin, input, async (job) => void jobs.push(job));

    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { id: first.shopId } });
    expect(shop).toMatchObject({ domain: "install-test.myshopify.com", platform: "shopify", name: "Agrosel Seeds", status: "active" });
    const installation = await db.prisma.shopifyInstallation.findUniqueOrThrow({ where: { shopId: shop.id } });
    expect(installation).toMatchObject({ currency: "EUR", primaryDomain: "https://agrosel.example", contactEmail: "hello@agrosel.example", scopes: "read_products,read_content" });
    const metafields = fake.metafields.get("gid://shopify/AppInstallation/1")!;
    expect(Object.fromEntries(metafields)).toEqual({
      "palompy.public_key": { value: shop.publicKey, type: "single_line_text_field" },
      "palompy.api_base": { value: "https://palompy.example.com", type: "url" },
    });
    expect(jobs).toEqual([{ shopId: shop.id, kind: "shopify.sync", input: { shopId: shop.id, shopDomain: "install-test.myshopify.com" } }]);

    await db.prisma.shop.update({ where: { id: shop.id }, data: { status: "uninstalled" } });
    const again = await installShopifyShop(app, admin, input, async (job) => void jobs.push(job));
    expect(again).toEqual(first);
    expect(await db.prisma.shop.count({ where: { domain: "install-test.myshopify.com" } })).toBe(1);
    expect((await db.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).status).toBe("active");
  });

  it("links the theme editor with the app embed to activate", () => {
    expect(themeEditorDeepLink("a.myshopify.com", "abc123")).toBe("https://a.myshopify.com/admin/themes/current/editor?context=apps&activateAppId=abc123/chat-embed");
  });
});

describe("webhook event ids", () => {
  it("a replayed event is seen once; ids older than a week are purged for that shop only", async () => {
    const { purgeWebhookEvents, recordWebhookEvent } = await import("~/shopify/webhooks.server");
    const app = testAppContext(db);
    const delivery = { topic: "products/update" as const, shopDomain: "A.myshopify.com", eventId: "event-1", rawBody: "{}" };
    expect(await recordWebhookEvent(app, delivery)).toBe(true);
    expect(await recordWebhookEvent(app, delivery)).toBe(false);
    await recordWebhookEvent(app, { ...delivery, shopDomain: "b.myshopify.com", eventId: "event-2" });
    const eightDaysLater = new Date(Date.now() + 8 * 24 * 60 * 60 * 1000);
    expect(await purgeWebhookEvents(app, "a.myshopify.com", new Date())).toBe(0);
    expect(await purgeWebhookEvents(app, "a.myshopify.com", eightDaysLater)).toBe(1);
    expect(await db.prisma.shopifyWebhookEvent.findMany({ select: { eventId: true } })).toEqual([{ eventId: "event-2" }]);
  });
});
