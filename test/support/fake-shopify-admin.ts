import { createHmac, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { executeSync, getVariableValues, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLError } from "graphql";
import { actualQueryCost, operationOf, QueryCostError, requestedQueryCost } from "./query-cost";
import { loadAdminSchema } from "./shared-data";

/**
 * A local Shopify Admin API (real HTTP on 127.0.0.1). Documents are validated and executed by
 * graphql-js against Shopify's published 2026-10 schema, so every answer has the schema's shape;
 * the data is a small in-memory store the test controls. Bulk operations run their query the same
 * way and serve the result as Shopify's JSONL (one line per object, children with `__parentId`,
 * slashes escaped as `\/`, a child not necessarily right after its parent).
 *
 * As strict as Shopify where Shopify refuses: every request's requested cost is computed from the
 * schema at the variables sent (./query-cost.ts); above 1,000 it answers MAX_COST_EXCEEDED, and a
 * leaky bucket (1,000 points, 100 points/s: the Standard plan) answers THROTTLED when the requested
 * cost does not fit, refunding the difference to the actual cost after a run, with the
 * `extensions.cost` Shopify returns. Connections need `first` or `last` (at most 250). Token
 * exchange (POST /admin/oauth/access_token) checks the session token the app sends.
 */

export interface FakeVariant {
  id: string;
  title: string;
  sku: string | null;
  price: string;
  /** Set while the variant is on sale (Shopify's compareAtPrice). */
  compareAtPrice?: string | null;
  inventoryQuantity: number;
  inventoryItemId: string;
  /** CONTINUE keeps selling at zero stock. */
  inventoryPolicy: "DENY" | "CONTINUE";
}

export interface FakeProduct {
  id: string;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  /** Published to the Online Store sales channel (onlineStoreUrl is null otherwise). */
  published: boolean;
  updatedAt: string;
  imageUrl: string | null;
  variants: FakeVariant[];
}

export interface FakePage {
  id: string;
  handle: string;
  title: string;
  body: string;
  isPublished: boolean;
  updatedAt: string;
}

export interface FakeShopDetails {
  name: string;
  myshopifyDomain: string;
  currencyCode: string;
  contactEmail: string;
  primaryDomain: { url: string; host: string };
  shopPolicies: { id: string; type: string; title: string; body: string; url: string; updatedAt: string }[];
}

/** An order as the fake stores it; the address and items are there so a test can show they never leak. */
export interface FakeOrder {
  id: string;
  name: string;
  email: string | null;
  cancelledAt?: string | null;
  displayFulfillmentStatus: string;
  displayFinancialStatus: string | null;
  fulfillments: { status: string; trackingInfo: { number: string | null; url: string | null; company: string | null }[] }[];
  shippingAddress?: { name: string; address1: string; city: string };
  lineItemTitles?: string[];
}

export interface FakeAdminApi {
  url: string;
  /** The GraphQL endpoint (what fetchAdminGraphql is pointed at). */
  endpoint: string;
  accessToken: string;
  products: Map<string, FakeProduct>;
  pages: FakePage[];
  shop: FakeShopDetails;
  /** metafields[ownerId]["namespace.key"] */
  metafields: Map<string, Map<string, { value: string; type: string }>>;
  /** Orders answered by `orders(query: "name:…")`. */
  orders: FakeOrder[];
  /**
   * The app's access scopes on this shop, answered by `app { … installation { accessScopes } }`
   * (shopify-app-remix's scopes.query()). A test grants or revokes by changing `granted`.
   */
  accessScopes: { required: string[]; optional: string[]; granted: string[] };
  /**
   * The app's web pixel on this shop (one per app and shop, as Shopify keeps it), its settings
   * parsed; null until webPixelCreate. Settings are checked against `pixelSettingsFields`.
   */
  webPixel: { id: string; settings: Record<string, string> } | null;
  /** The fields the pixel extension's shopify.extension.toml declares ([settings.fields.*]), all required text. */
  pixelSettingsFields: string[];
  /** Operation names received, in order (for assertions on what the app asked). */
  operations: string[];
  /** Every GraphQL request with its cost and what the fake answered. */
  requests: FakeRequest[];
  /** The cost bucket (leaky bucket of the shop and app). */
  bucket: { maximumAvailable: number; restoreRate: number; currentlyAvailable(): number; drain(points: number): void; fill(): void };
  /** The next N GraphQL requests answer THROTTLED whatever the bucket holds. */
  throttleNext: number;
  /** Token exchanges received (POST /admin/oauth/access_token) that passed the checks. */
  tokenExchanges: { shop: string; requestedTokenType: string; expiring: boolean }[];
  /** Polls of a bulk operation answering RUNNING before it completes. */
  bulkPollsBeforeDone: number;
  /** While set, GraphQL answers are computed at once but sent only when it resolves (a slow Shopify). */
  holdAnswers: Promise<void> | undefined;
  setProducts(products: FakeProduct[]): void;
  close(): Promise<void>;
}

export interface FakeRequest {
  operation: string;
  variables: Record<string, unknown>;
  requestedQueryCost?: number;
  actualQueryCost?: number;
  outcome: "ok" | "THROTTLED" | "MAX_COST_EXCEEDED" | "invalid";
}

const APP_INSTALLATION_ID = "gid://shopify/AppInstallation/1";
/** Shopify's single query limit, whatever the plan. */
export const MAX_QUERY_COST = 1_000;
/** Shopify's largest page (`first`/`last`) on a connection. */
export const MAX_PAGE_SIZE = 250;
const RATE_LIMITS_DOC = "https://shopify.dev/api/usage/rate-limits";

export async function startFakeAdminApi(options: {
  shop: FakeShopDetails;
  products?: FakeProduct[];
  pages?: FakePage[];
  accessToken?: string;
  /** The app's required scopes, all granted at the start; read_orders is its optional one. */
  requiredScopes?: string[];
  /** Bucket size and restore rate per second; Standard plan's by default. */
  bucket?: { size: number; restoreRate: number };
  /** The app's credentials, for token exchange: the session token must be signed with the secret. */
  app?: { apiKey: string; apiSecret: string };
  /** The web pixel extension's settings fields; Palompy's (extensions/palompy-pixel) by default. */
  pixelSettingsFields?: string[];
}): Promise<FakeAdminApi> {
  const schema = loadAdminSchema();
  const bulkFiles = new Map<string, string>();
  const bulkOps = new Map<string, { id: string; polls: number; objectCount: number; rootObjectCount: number }>();
  let baseUrl = "";
  const bucketSize = options.bucket?.size ?? 1_000;
  const restoreRate = options.bucket?.restoreRate ?? 100;
  let available = bucketSize;
  let filledAt = performance.now();
  const currentlyAvailable = () => {
    const now = performance.now();
    available = Math.min(bucketSize, available + ((now - filledAt) / 1000) * restoreRate);
    filledAt = now;
    return available;
  };

  const api: FakeAdminApi = {
    url: "",
    endpoint: "",
    accessToken: options.accessToken ?? "shpat_fake_token",
    products: new Map(),
    pages: options.pages ?? [],
    shop: options.shop,
    metafields: new Map(),
    orders: [],
    accessScopes: { required: options.requiredScopes ?? [], optional: ["read_orders"], granted: [...(options.requiredScopes ?? [])] },
    webPixel: null,
    pixelSettingsFields: options.pixelSettingsFields ?? pixelExtensionSettingsFields(),
    operations: [],
    requests: [],
    bucket: {
      maximumAvailable: bucketSize,
      restoreRate,
      currentlyAvailable: () => Math.floor(currentlyAvailable()),
      drain: (points) => void (available = currentlyAvailable() - points),
      // A test that counts requests starts from a full bucket, whatever the tests before it spent.
      fill: () => void (available = bucketSize),
    },
    throttleNext: 0,
    tokenExchanges: [],
    bulkPollsBeforeDone: 1,
    holdAnswers: undefined,
    setProducts(products) {
      api.products = new Map(products.map((product) => [product.id, product]));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  api.setProducts(options.products ?? []);

  const productView = (product: FakeProduct) => {
    const prices = product.variants.map((variant) => Number(variant.price));
    const money = (amount: number) => ({ amount: amount.toFixed(2), currencyCode: api.shop.currencyCode });
    return {
      __typename: "Product",
      ...product,
      onlineStoreUrl: product.published && product.status === "ACTIVE" ? `${api.shop.primaryDomain.url}/products/${product.handle}` : null,
      featuredMedia: product.imageUrl ? { __typename: "MediaImage", id: `${product.id}/media`, preview: { image: { url: product.imageUrl } } } : null,
      priceRangeV2: { minVariantPrice: money(prices.length ? Math.min(...prices) : 0), maxVariantPrice: money(prices.length ? Math.max(...prices) : 0) },
      variants: (args: ConnectionArgs) => connection(product.variants.map((variant) => variantView(product, variant)), args),
    };
  };
  const variantView = (product: FakeProduct, variant: FakeVariant) => ({
    __typename: "ProductVariant",
    ...variant,
    availableForSale: product.status === "ACTIVE" && (variant.inventoryQuantity > 0 || variant.inventoryPolicy === "CONTINUE"),
    product: () => productView(product),
    inventoryItem: { id: variant.inventoryItemId },
  });

  const root = {
    productsCount: (args: { query?: string }) => ({ count: filterProducts(args.query).length, precision: "EXACT" }),
    products: (args: ConnectionArgs & { query?: string }) => connection(filterProducts(args.query).map(productView), args),
    product: (args: { id: string }) => {
      const product = api.products.get(args.id);
      return product ? productView(product) : null;
    },
    pages: (args: ConnectionArgs & { query?: string }) =>
      connection(api.pages.filter((page) => !/published_status:published/.test(args.query ?? "") || page.isPublished), args),
    shop: () => ({ ...api.shop, shopPolicies: api.shop.shopPolicies }),
    currentAppInstallation: { id: APP_INSTALLATION_ID },
    // Without an id: the app's own pixel, or null when it has none.
    webPixel: (args: { id?: string }) => (api.webPixel && (!args.id || args.id === api.webPixel.id) ? pixelView(api.webPixel) : null),
    app: () => {
      const handles = (list: string[]) => list.map((handle) => ({ handle, description: handle }));
      return {
        requestedAccessScopes: handles(api.accessScopes.required),
        optionalAccessScopes: handles(api.accessScopes.optional),
        installation: { id: APP_INSTALLATION_ID, accessScopes: handles(api.accessScopes.granted) },
      };
    },
    inventoryItem: (args: { id: string }) => {
      for (const product of api.products.values()) {
        const variant = product.variants.find((candidate) => candidate.inventoryItemId === args.id);
        if (variant) return { id: args.id, variants: (connArgs: ConnectionArgs) => connection([variantView(product, variant)], connArgs) };
      }
      return null;
    },
    orders: (args: ConnectionArgs & { query?: string }) => connection(filterOrders(args.query).map(orderView), args),
    bulkOperation: (args: { id: string }) => {
      const op = bulkOps.get(args.id);
      if (!op) return null;
      op.polls += 1;
      const done = op.polls > api.bulkPollsBeforeDone;
      return {
        id: op.id,
        status: done ? "COMPLETED" : "RUNNING",
        errorCode: null,
        objectCount: String(done ? op.objectCount : 0),
        rootObjectCount: String(done ? op.rootObjectCount : 0),
        url: done && op.objectCount > 0 ? `${baseUrl}/bulk/${encodeURIComponent(op.id)}.jsonl` : null,
        partialDataUrl: null,
      };
    },
  };

  const pixelView = (pixel: { id: string; settings: Record<string, string> }) => ({ __typename: "WebPixel", id: pixel.id, settings: JSON.stringify(pixel.settings) });
  const pixelError = (code: string, message: string, field = ["webPixel", "settings"]) => ({ webPixel: null, userErrors: [{ field, message, code }] });

  /**
   * Shopify validates `settings` against the extension's definition: the JSON text of an object
   * (INVALID_CONFIGURATION_JSON otherwise) with exactly the declared fields, each a non-empty string
   * here since all of Palompy's are required single-line text (INVALID_SETTINGS otherwise).
   */
  function parsePixelSettings(raw: unknown): { settings: Record<string, string> } | { code: string; message: string } {
    let value: unknown;
    try {
      value = typeof raw === "string" ? JSON.parse(raw) : undefined;
    } catch {
      value = undefined;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) return { code: "INVALID_CONFIGURATION_JSON", message: "Settings must be a JSON object encoded as a string." };
    const entries = Object.entries(value as Record<string, unknown>);
    const declared = new Set(api.pixelSettingsFields);
    const unknown = entries.filter(([key]) => !declared.has(key)).map(([key]) => key);
    const missing = api.pixelSettingsFields.filter((field) => typeof (value as Record<string, unknown>)[field] !== "string" || !(value as Record<string, string>)[field]);
    if (unknown.length || missing.length) return { code: "INVALID_SETTINGS", message: `The provided settings does not match the expected settings definition on the app (unknown: ${unknown.join(", ") || "none"}; missing: ${missing.join(", ") || "none"}).` };
    return { settings: value as Record<string, string> };
  }
  // Only a fake told the app's scopes knows whether write_pixels was granted.
  const pixelsDenied = () => options.requiredScopes !== undefined && !api.accessScopes.granted.includes("write_pixels");

  const mutationRoot = {
    webPixelCreate: (args: { webPixel: { settings: unknown } }) => {
      if (pixelsDenied()) return pixelError("UNEXPECTED_ERROR", "Access denied: write_pixels is required.", ["webPixel"]);
      if (api.webPixel) return pixelError("TAKEN", "Web pixel is taken.", ["webPixel"]);
      const parsed = parsePixelSettings(args.webPixel.settings);
      if ("code" in parsed) return pixelError(parsed.code, parsed.message);
      api.webPixel = { id: "gid://shopify/WebPixel/1", settings: parsed.settings };
      return { webPixel: pixelView(api.webPixel), userErrors: [] };
    },
    webPixelUpdate: (args: { id: string; webPixel: { settings: unknown } }) => {
      if (pixelsDenied()) return pixelError("UNEXPECTED_ERROR", "Access denied: write_pixels is required.", ["webPixel"]);
      if (!api.webPixel || api.webPixel.id !== args.id) return pixelError("NOT_FOUND", "Web pixel not found.", ["id"]);
      const parsed = parsePixelSettings(args.webPixel.settings);
      if ("code" in parsed) return pixelError(parsed.code, parsed.message);
      api.webPixel = { id: api.webPixel.id, settings: parsed.settings };
      return { webPixel: pixelView(api.webPixel), userErrors: [] };
    },
    metafieldsSet: (args: { metafields: { ownerId: string; namespace?: string; key: string; value: string; type?: string }[] }) => {
      const written = args.metafields.map((input) => {
        const owner = api.metafields.get(input.ownerId) ?? new Map();
        api.metafields.set(input.ownerId, owner);
        owner.set(`${input.namespace}.${input.key}`, { value: input.value, type: input.type ?? "single_line_text_field" });
        return { namespace: input.namespace, key: input.key, value: input.value };
      });
      return { metafields: written, userErrors: [] };
    },
    bulkOperationRunQuery: (args: { query: string }) => {
      const id = `gid://shopify/BulkOperation/${bulkOps.size + 1}`;
      const result = executeSync({ schema, document: parse(args.query), rootValue: root, typeResolver });
      if (result.errors?.length) return { bulkOperation: null, userErrors: [{ field: ["query"], message: result.errors[0].message, code: "INVALID" }] };
      const lines = bulkJsonl(result.data ?? {});
      bulkFiles.set(id, lines.text);
      bulkOps.set(id, { id, polls: 0, objectCount: lines.objects, rootObjectCount: lines.roots });
      return { bulkOperation: { id, status: "CREATED" }, userErrors: [] };
    },
  };

  // Shopify's order search matches `name:1001` to "#1001"; like Shopify it ignores the email here
  // (the app must compare it itself). No `name:` filter returns every order, as Shopify would.
  function filterOrders(query: string | undefined): FakeOrder[] {
    const name = /name:"?#?([^"\s]+)"?/i.exec(query ?? "")?.[1]?.toUpperCase();
    return api.orders.filter((order) => !name || order.name.replace(/^#/, "").toUpperCase() === name);
  }

  const orderView = (order: FakeOrder) => ({
    __typename: "Order",
    ...order,
    cancelledAt: order.cancelledAt ?? null,
    fulfillments: (args: { first?: number }) =>
      order.fulfillments.slice(0, args.first ?? order.fulfillments.length).map((fulfillment) => ({
        __typename: "Fulfillment",
        status: fulfillment.status,
        trackingInfo: (trackingArgs: { first?: number }) => fulfillment.trackingInfo.slice(0, trackingArgs.first ?? fulfillment.trackingInfo.length),
      })),
  });

  function filterProducts(query: string | undefined): FakeProduct[] {
    let list = [...api.products.values()];
    const status = /status:(\w+)/i.exec(query ?? "")?.[1];
    if (status) list = list.filter((product) => product.status === status.toUpperCase());
    const since = /updated_at:>'?([^'\s]+)'?/i.exec(query ?? "")?.[1];
    if (since) list = list.filter((product) => Date.parse(product.updatedAt) > Date.parse(since));
    return list.sort((a, b) => gidNumber(a.id) - gidNumber(b.id));
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", baseUrl);
    const bulk = /^\/bulk\/(.+)\.jsonl$/.exec(url.pathname);
    if (req.method === "GET" && bulk) {
      const text = bulkFiles.get(decodeURIComponent(bulk[1]));
      res.writeHead(text === undefined ? 404 : 200, { "content-type": "application/jsonl" });
      res.end(text ?? "");
      return;
    }
    if (req.method === "POST" && url.pathname === "/admin/oauth/access_token") {
      const exchanged = tokenExchange(await readBody(req));
      res.writeHead(exchanged.status, { "content-type": "application/json" }).end(JSON.stringify(exchanged.body));
      return;
    }
    if (req.method !== "POST" || !url.pathname.endsWith("/graphql.json")) {
      res.writeHead(404).end();
      return;
    }
    if (req.headers["x-shopify-access-token"] !== api.accessToken) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ errors: "[API] Invalid API key or access token" }));
      return;
    }
    const request = JSON.parse(await readBody(req)) as { query: string; variables?: Record<string, unknown> | null; operationName?: string };
    res.setHeader("content-type", "application/json");
    const body = JSON.stringify(answer(request.query, request.variables ?? {}, request.operationName));
    if (api.holdAnswers) await api.holdAnswers;
    res.end(body);
  });

  function throttleStatus() {
    return { maximumAvailable: bucketSize, currentlyAvailable: Math.floor(currentlyAvailable()), restoreRate };
  }

  /** One GraphQL request the way Shopify answers it: validate, cost, bucket, run, refund. */
  function answer(source: string, variables: Record<string, unknown>, operationName: string | undefined): object {
    let document: DocumentNode;
    try {
      document = parse(source);
    } catch (error) {
      return refuse("anonymous", variables, [{ message: (error as Error).message }]);
    }
    const operation = document.definitions.find((definition) => definition.kind === "OperationDefinition");
    const name = operation && "name" in operation && operation.name ? operation.name.value : "anonymous";
    const errors = validate(schema, document);
    if (errors.length) return refuse(name, variables, errors);
    let requested: number;
    let coerced: Record<string, unknown>;
    try {
      const values = getVariableValues(schema, operationOf(document, operationName).variableDefinitions ?? [], variables);
      if (values.errors) return refuse(name, variables, values.errors);
      coerced = values.coerced;
      requested = requestedQueryCost(schema, document, coerced, operationName);
      checkPageSizes(source, variables);
    } catch (error) {
      if (!(error instanceof QueryCostError)) throw error;
      return refuse(name, variables, [{ message: error.message }]);
    }
    const entry: FakeRequest = { operation: name, variables, requestedQueryCost: requested, outcome: "ok" };
    api.requests.push(entry);
    if (requested > MAX_QUERY_COST) {
      entry.outcome = "MAX_COST_EXCEEDED";
      api.operations.push("MAX_COST_EXCEEDED");
      // Shopify's wording and shape: no top-level `extensions`, the cost inside the error.
      return {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee ${RATE_LIMITS_DOC} for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/docs/api/usage/bulk-operations/queries for usage details.\n`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST, documentation: RATE_LIMITS_DOC },
          },
        ],
      };
    }
    if (api.throttleNext > 0 || currentlyAvailable() < requested) {
      if (api.throttleNext > 0) api.throttleNext -= 1;
      entry.outcome = "THROTTLED";
      api.operations.push("THROTTLED");
      return {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMITS_DOC } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: throttleStatus() } },
      };
    }
    available -= requested;
    api.operations.push(name);
    const isMutation = operation && "operation" in operation && operation.operation === "mutation";
    const result: ExecutionResult = executeSync({ schema, document, rootValue: isMutation ? mutationRoot : root, variableValues: variables, operationName, typeResolver });
    const actual = result.data ? actualQueryCost(schema, document, coerced, result.data, operationName) : requested;
    entry.actualQueryCost = actual;
    // Shopify refunds what the run did not use: connections that returned fewer nodes, null objects.
    available += requested - actual;
    return { ...result, extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttleStatus() } } };
  }

  function refuse(operation: string, variables: Record<string, unknown>, errors: readonly (GraphQLError | { message: string })[]) {
    api.requests.push({ operation, variables, outcome: "invalid" });
    api.operations.push(`INVALID ${operation}`);
    return { errors };
  }

  /** Shopify refuses a page above 250 on any connection or sized list. */
  function checkPageSizes(source: string, variables: Record<string, unknown>) {
    const literal = [...source.matchAll(/\b(?:first|last):\s*(\d+)/g)].map((match) => Number(match[1]));
    const variable = [...source.matchAll(/\b(?:first|last):\s*\$(\w+)/g)].map((match) => Number(variables[match[1]] ?? 0));
    const largest = Math.max(0, ...literal, ...variable);
    if (largest > MAX_PAGE_SIZE) throw new QueryCostError(`first and last accept at most ${MAX_PAGE_SIZE} records, got ${largest}`);
  }

  /**
   * Token exchange as Shopify does it: the app's credentials, the token-exchange grant and an
   * App Bridge session token signed with the app secret for this shop, unexpired; answers the
   * offline token (an expiring one with its refresh token).
   */
  function tokenExchange(raw: string): { status: number; body: object } {
    const refuseExchange = (error: string, description: string) => ({ status: 400, body: { error, error_description: description } });
    if (!options.app) return refuseExchange("invalid_client", "this fake has no app credentials configured");
    let body: Record<string, string>;
    try {
      body = JSON.parse(raw) as Record<string, string>;
    } catch {
      return refuseExchange("invalid_request", "body is not JSON");
    }
    if (body.client_id !== options.app.apiKey || body.client_secret !== options.app.apiSecret) return refuseExchange("invalid_client", "Client credentials are invalid");
    if (body.grant_type !== "urn:ietf:params:oauth:grant-type:token-exchange") return refuseExchange("unsupported_grant_type", String(body.grant_type));
    if (body.subject_token_type !== "urn:ietf:params:oauth:token-type:id_token") return refuseExchange("invalid_request", "subject_token_type");
    const claims = verifySessionToken(body.subject_token ?? "", options.app.apiSecret);
    const shop = api.shop.myshopifyDomain;
    if (!claims || claims.aud !== options.app.apiKey || claims.dest !== `https://${shop}` || Number(claims.exp) * 1000 < Date.now()) {
      return refuseExchange("invalid_subject_token", "Session token is invalid");
    }
    if (body.requested_token_type !== "urn:shopify:params:oauth:token-type:offline-access-token") return refuseExchange("invalid_request", "only offline tokens are served");
    const expiring = body.expiring === "1";
    api.tokenExchanges.push({ shop, requestedTokenType: body.requested_token_type, expiring });
    const scope = api.accessScopes.granted.join(",");
    return {
      status: 200,
      body: expiring
        ? { access_token: api.accessToken, expires_in: 3600, refresh_token: "shprt_fake_refresh", refresh_token_expires_in: 7_776_000, scope }
        : { access_token: api.accessToken, scope },
    };
  }

  // Long syncs pause between requests (a big knowledge write); keep their sockets open meanwhile.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.url = baseUrl;
  api.endpoint = `${baseUrl}/admin/api/2026-10/graphql.json`;
  return api;
}

/** The `[settings.fields.<name>]` tables of extensions/palompy-pixel/shopify.extension.toml. */
export function pixelExtensionSettingsFields(): string[] {
  const toml = fs.readFileSync(path.resolve(__dirname, "../../extensions/palompy-pixel/shopify.extension.toml"), "utf8");
  const prefix = "[settings.fields.";
  return toml
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith(prefix) && line.endsWith("]"))
    .map((line) => line.slice(prefix.length, -1));
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** An HS256 JWT's claims when its signature is the secret's, else undefined. */
function verifySessionToken(token: string, secret: string): Record<string, unknown> | undefined {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) return undefined;
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if ((JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: string }).alg !== "HS256") return undefined;
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

interface ConnectionArgs {
  first?: number;
  after?: string;
}

/** Relay connection over a list; without `first` (bulk queries) it returns everything. */
function connection<T>(items: T[], args: ConnectionArgs) {
  const start = args.after ? Number(Buffer.from(args.after, "base64").toString("utf8")) + 1 : 0;
  const end = args.first === undefined ? items.length : Math.min(items.length, start + args.first);
  const slice = items.slice(start, end);
  const cursor = (index: number) => Buffer.from(String(index)).toString("base64");
  return {
    nodes: slice,
    edges: slice.map((node, index) => ({ node, cursor: cursor(start + index) })),
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length ? cursor(start) : null,
      endCursor: slice.length ? cursor(end - 1) : null,
    },
  };
}

function typeResolver(value: unknown): string | undefined {
  return (value as { __typename?: string }).__typename;
}

function gidNumber(gid: string): number {
  return Number(gid.slice(gid.lastIndexOf("/") + 1));
}

/**
 * Flattens a bulk query's result like Shopify: every node of a connection becomes a line, nested
 * connections become lines of their own with `__parentId`. A product's children are written after
 * the next product's line, so a parser that assumes "children follow their parent directly" fails.
 */
function bulkJsonl(data: Record<string, unknown>): { text: string; objects: number; roots: number } {
  const out: string[] = [];
  let roots = 0;
  let pendingChildren: string[] = [];
  for (const value of Object.values(data)) {
    for (const node of connectionNodes(value)) {
      roots += 1;
      const children: string[] = [];
      const own = flatten(node as Record<string, unknown>, children);
      out.push(jsonLine(own), ...pendingChildren);
      pendingChildren = children;
    }
  }
  out.push(...pendingChildren);
  return { text: out.map((line) => `${line}\n`).join(""), objects: out.length, roots };

  function flatten(node: Record<string, unknown>, children: string[]): Record<string, unknown> {
    const own: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (isConnection(value)) {
        for (const child of connectionNodes(value)) children.push(jsonLine({ ...flatten(child as Record<string, unknown>, children), __parentId: node.id }));
      } else own[key] = value;
    }
    return own;
  }
}

function isConnection(value: unknown): boolean {
  return Boolean(value && typeof value === "object" && ("edges" in value || "nodes" in value));
}

function connectionNodes(value: unknown): unknown[] {
  const connection = value as { edges?: { node: unknown }[]; nodes?: unknown[] };
  return connection.nodes ?? connection.edges?.map((edge) => edge.node) ?? [];
}

/** Shopify escapes `/` in its JSONL. */
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replaceAll("/", "\\/");
}
