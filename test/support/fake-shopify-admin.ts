import http from "node:http";
import type { AddressInfo } from "node:net";
import { executeSync, parse, validate, type DocumentNode, type ExecutionResult } from "graphql";
import { loadAdminSchema } from "./shared-data";

/**
 * A local Shopify Admin API (real HTTP on 127.0.0.1). Documents are validated and executed by
 * graphql-js against Shopify's published 2026-10 schema, so every answer has the schema's shape;
 * the data is a small in-memory store the test controls. Bulk operations run their query the same
 * way and serve the result as Shopify's JSONL (one line per object, children with `__parentId`,
 * slashes escaped as `\/`, a child not necessarily right after its parent).
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
  /** Operation names received, in order (for assertions on what the app asked). */
  operations: string[];
  /** The next N GraphQL requests answer THROTTLED. */
  throttleNext: number;
  /** Polls of a bulk operation answering RUNNING before it completes. */
  bulkPollsBeforeDone: number;
  setProducts(products: FakeProduct[]): void;
  close(): Promise<void>;
}

const APP_INSTALLATION_ID = "gid://shopify/AppInstallation/1";

export async function startFakeAdminApi(options: {
  shop: FakeShopDetails;
  products?: FakeProduct[];
  pages?: FakePage[];
  accessToken?: string;
  /** The app's required scopes, all granted at the start; read_orders is its optional one. */
  requiredScopes?: string[];
}): Promise<FakeAdminApi> {
  const schema = loadAdminSchema();
  const bulkFiles = new Map<string, string>();
  const bulkOps = new Map<string, { id: string; polls: number; objectCount: number; rootObjectCount: number }>();
  let baseUrl = "";

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
    operations: [],
    throttleNext: 0,
    bulkPollsBeforeDone: 1,
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

  const mutationRoot = {
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
    if (req.method !== "POST" || !url.pathname.endsWith("/graphql.json")) {
      res.writeHead(404).end();
      return;
    }
    if (req.headers["x-shopify-access-token"] !== api.accessToken) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ errors: "[API] Invalid API key or access token" }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { query: string; variables?: Record<string, unknown> };
    res.setHeader("content-type", "application/json");
    if (api.throttleNext > 0) {
      api.throttleNext -= 1;
      api.operations.push("THROTTLED");
      res.end(JSON.stringify({
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
        extensions: { cost: { requestedQueryCost: 10, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 1000 } } },
      }));
      return;
    }
    res.end(JSON.stringify(run(request.query, request.variables)));
  });

  function run(source: string, variables: Record<string, unknown> | undefined): ExecutionResult {
    let document: DocumentNode;
    try {
      document = parse(source);
    } catch (error) {
      return { errors: [{ message: (error as Error).message }] as never };
    }
    const errors = validate(schema, document);
    if (errors.length) return { errors };
    const operation = document.definitions.find((definition) => definition.kind === "OperationDefinition");
    api.operations.push(operation && "name" in operation && operation.name ? operation.name.value : "anonymous");
    const isMutation = operation && "operation" in operation && operation.operation === "mutation";
    return executeSync({ schema, document, rootValue: isMutation ? mutationRoot : root, variableValues: variables, typeResolver });
  }

  // Long syncs pause between requests (a big knowledge write); keep their sockets open meanwhile.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.url = baseUrl;
  api.endpoint = `${baseUrl}/admin/api/2026-10/graphql.json`;
  return api;
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
