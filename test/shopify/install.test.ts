import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/open.server";
import { themeEditorDeepLink } from "~/console/shopify/embed";
import { fetchAdminGraphql } from "~/shopify/admin-client";
import { WEB_PIXEL_CREATE } from "~/shopify/documents";
import { installShopifyShop } from "~/shopify/install.server";
import { activateWebPixel, PixelActivationError } from "~/shopify/pixel.server";
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
    // The web pixel is activated with the settings its extension declares: the key and where to report.
    expect(fake.webPixel).toEqual({ id: "gid://shopify/WebPixel/1", settings: { shopPublicKey: shop.publicKey, endpoint: "https://palompy.example.com/api/pixel/orders" } });
    expect(fake.operations.filter((name) => name.includes("WebPixel"))).toEqual(["PalompyWebPixelCreate"]);

    await db.prisma.shop.update({ where: { id: shop.id }, data: { status: "uninstalled" } });
    const again = await installShopifyShop(app, admin, input, async (job) => void jobs.push(job));
    expect(again).toEqual(first);
    expect(await db.prisma.shop.count({ where: { domain: "install-test.myshopify.com" } })).toBe(1);
    expect((await db.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).status).toBe("active");
  });

  it("a reinstall updates the existing web pixel (Shopify keeps one per app) rather than failing on TAKEN", async () => {
    const app = testAppContext(db);
    const admin = fetchAdminGraphql(fake.endpoint, fake.accessToken);
    fake.operations.length = 0;
    const { publicKey } = await installShopifyShop(app, admin, { shopDomain: DOMAIN, apiBase: "https://new.palompy.example/" }, async () => {});
    expect(fake.operations.filter((name) => name.includes("WebPixel"))).toEqual(["PalompyWebPixelCreate", "PalompyWebPixel", "PalompyWebPixelUpdate"]);
    expect(fake.webPixel).toEqual({ id: "gid://shopify/WebPixel/1", settings: { shopPublicKey: publicKey, endpoint: "https://new.palompy.example/api/pixel/orders" } });
  });

  it("the fake refuses pixel settings the extension does not declare, and without write_pixels; the install reports it", async () => {
    const strict = await startFakeAdminApi({ shop: fakeShopDetails("pixel-refused.myshopify.com"), requiredScopes: ["read_products"] });
    try {
      const admin = fetchAdminGraphql(strict.endpoint, strict.accessToken);
      const denied = await installShopifyShop(testAppContext(db), admin, { shopDomain: "pixel-refused.myshopify.com", apiBase: "https://palompy.example.com" }, async () => {}).catch((error: unknown) => error);
      expect(String(denied)).toMatch(/webPixelCreate: UNEXPECTED_ERROR Access denied: write_pixels/);
      strict.accessScopes.granted.push("write_pixels");
      const wrong = await activateWebPixel(admin, { shopPublicKey: "pk", endpoint: "https://x", accountId: "1" } as never).catch((error: unknown) => error);
      expect(wrong).toBeInstanceOf(PixelActivationError);
      expect(String(wrong)).toMatch(/INVALID_SETTINGS .*unknown: accountId/);
      const asObject = (await admin<{ webPixelCreate: { userErrors: { code: string }[] } }>(WEB_PIXEL_CREATE, { webPixel: { settings: { shopPublicKey: "pk", endpoint: "https://x" } } })).webPixelCreate;
      expect(asObject.userErrors.map((error) => error.code)).toEqual(["INVALID_CONFIGURATION_JSON"]);
      expect(strict.webPixel).toBeNull();
    } finally {
      await strict.close();
    }
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
