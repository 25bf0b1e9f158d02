// First: shopify-app-remix keeps the fetch it finds when the app build loads.
import { routeShopifyAdminTo } from "../support/shopify-admin-route";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { orderLookupAccess } from "~/orders/access.server";
import type { TestApp } from "../support/app-server";
import { EMBEDDED_SCOPES as SCOPES, startEmbeddedShop } from "../support/embedded-shop";
import type { FakeAdminApi } from "../support/fake-shopify-admin";
import { waitFor, WEBHOOK_SECRET } from "../support/shopify-webhooks";

/** The embedded Home through shopify-app-remix's real authenticate.admin (session token + stored offline session). */

const STORE = "home-test";
const DOMAIN = `${STORE}.myshopify.com`;
const API_KEY = "home-api-key";
let app: TestApp;
let fake: FakeAdminApi;
let shopId: string;

beforeAll(async () => {
  ({ app, fake, shopId } = await startEmbeddedShop({ domain: DOMAIN, apiKey: API_KEY, products: 12 }));
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
});

// shopify-app-remix answers 410 to anything isbot() flags, Node's own user agent included.
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

const authenticated = (request: Request, type: RequestType.Admin | RequestType.Bearer = RequestType.Admin) => {
  request.headers.set("user-agent", BROWSER);
  return setUpValidRequest({ type, store: STORE, apiKey: API_KEY, apiSecretKey: WEBHOOK_SECRET }, request);
};

describe("embedded Home (/app)", () => {
  it("without a session token it does not render the shop's page", async () => {
    const response = await fetch(`${app.url}/app?shop=${DOMAIN}&embedded=1`, { redirect: "manual", headers: { "user-agent": BROWSER } });
    expect(response.status).not.toBe(200);
  });

  it("shows sync progress and the theme editor deep link that activates the app embed", async () => {
    const response = await fetch(await authenticated(new Request(`${app.url}/app`)));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`https://${DOMAIN}/admin/themes/current/editor?context=apps&amp;activateAppId=${API_KEY}/chat-embed`);
    expect(html).toMatch(/(\d+) of \1 items/);
    expect(html).toContain("Catalog sync");
  });

  it("Resync queues the reconciliation, which runs against the Admin API", async () => {
    const finishedBefore = (await app.context.db.prisma.shopifyInstallation.findUniqueOrThrow({ where: { shopId } })).syncFinishedAt;
    fake.operations.length = 0;
    const response = await fetch(await authenticated(new Request(`${app.url}/app?index`, { method: "POST", body: new URLSearchParams() }), RequestType.Bearer));
    expect(response.status).toBeLessThan(400);
    await waitFor(async () => {
      const row = await app.context.db.prisma.shopifyInstallation.findUniqueOrThrow({ where: { shopId } });
      return row.syncStatus === "done" && row.syncFinishedAt! > finishedBefore!;
    });
    expect(fake.operations).toContain("PalompyProductStamps");
  });
});

describe("embedded Home: order status in the chat", () => {
  const storedScopes = async () => (await app.context.db.prisma.shopifyInstallation.findUniqueOrThrow({ where: { shopId } })).scopes;
  const home = async () => {
    const response = await fetch(await authenticated(new Request(`${app.url}/app`)));
    expect(response.status).toBe(200);
    return response.text();
  };
  afterEach(() => {
    fake.accessScopes.granted = SCOPES.split(",");
    routeShopifyAdminTo(fake.url);
  });

  it("is off, with the button that asks for read_orders, while Shopify has not granted it", async () => {
    fake.operations.length = 0;
    const html = await home();
    expect(fake.operations).toContain("FetchAccessScopes");
    expect(html).toContain("Order status in the chat");
    expect(html).toContain("Order status off");
    expect(html).toContain("Allow order access");
    expect(html).not.toContain("protected customer data");
    expect(await storedScopes()).toBe(SCOPES);
  });

  it("is on once Shopify reports the grant, says the email needs protected customer data approval, and the chat's lookup follows", async () => {
    expect((await orderLookupAccess(app.context, shopId)).available).toBe(false);
    fake.accessScopes.granted = [...SCOPES.split(","), "read_orders"];
    const html = await home();
    expect(html).toContain("Order status on");
    expect(html).toContain("protected customer data");
    expect(html).not.toContain("Allow order access");
    // The grant reaches the chat now, not only when app/scopes_update arrives.
    expect(await storedScopes()).toBe(`${SCOPES},read_orders`);
    expect((await orderLookupAccess(app.context, shopId)).available).toBe(true);
  });

  it("is off again after the merchant revokes the scope in Shopify", async () => {
    fake.accessScopes.granted = [...SCOPES.split(","), "read_orders"];
    expect(await home()).toContain("Order status on");
    fake.accessScopes.granted = SCOPES.split(",");
    expect(await home()).toContain("Order status off");
    expect(await storedScopes()).toBe(SCOPES);
    expect((await orderLookupAccess(app.context, shopId)).available).toBe(false);
  });

  it("answers from the scopes app/scopes_update stored when Shopify cannot be asked", async () => {
    await app.context.db.prisma.shopifyInstallation.update({ where: { shopId }, data: { scopes: `${SCOPES},read_orders` } });
    routeShopifyAdminTo(undefined);
    expect(await home()).toContain("Order status on");
    await app.context.db.prisma.shopifyInstallation.update({ where: { shopId }, data: { scopes: SCOPES } });
    expect(await home()).toContain("Order status off");
  });
});

describe("embedded Home: customer data requests", () => {
  it("lists a request with its report to download, fetched with the session token; another store's id is 404", async () => {
    const { prisma } = app.context.db;
    const request = await prisma.customerDataRequest.create({
      data: { shopId, platformRequestId: "4242", email: "ann@example.com", report: { customer: { email: "ann@example.com" }, leads: [{ email: "ann@example.com" }], chat: [], surveyResponses: [] } },
    });
    const home = await fetch(await authenticated(new Request(`${app.url}/app`)));
    expect(await home.text()).toContain("Download");

    const download = await fetch(await authenticated(new Request(`${app.url}/app/customer-data-requests/${request.id}.json`), RequestType.Bearer));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="customer-data-request-4242.json"');
    expect(await download.json()).toMatchObject({ requestId: "4242", leads: [{ email: "ann@example.com" }] });

    const other = await prisma.shop.create({ data: { name: "elsewhere", platform: "shopify", domain: "elsewhere.myshopify.com" } });
    const foreign = await prisma.customerDataRequest.create({ data: { shopId: other.id, platformRequestId: "1", report: {} } });
    const refused = await fetch(await authenticated(new Request(`${app.url}/app/customer-data-requests/${foreign.id}.json`), RequestType.Bearer));
    expect(refused.status).toBe(404);
    const unsigned = await fetch(`${app.url}/app/customer-data-requests/${request.id}.json`, { redirect: "manual", headers: { "user-agent": BROWSER } });
    expect(unsigned.status).not.toBe(200);
  });
});
