import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A WooCommerce store on 127.0.0.1 that behaves like the real ones captured in
 * ../shared/data/woocommerce-webhooks (WooCommerce 7.8 and 9.9):
 * - plain http REST: only OAuth 1.0a is accepted (signature, timestamp window and nonce checked the
 *   way WC_REST_Authentication does); Basic auth and ?consumer_key= answer 401; writes need a
 *   read_write (or write) key;
 * - lists include drafts unless `status=publish`; X-WP-Total / X-WP-TotalPages; per_page ≤ 100;
 *   variations come 10 per page by default;
 * - /wc-auth/v1/authorize approves at once (as a logged-in admin would), posts the keys to the
 *   https callback_url and redirects to return_url;
 * - webhooks: creating one sends the unsigned form-encoded ping; deliveries carry the X-WC headers,
 *   a delivery id shared within one second, PHP's `\/` escaping, and the payload as it is at
 *   delivery time (trashed → status trash; deleted for good → the signed error object).
 * `resolve` maps public URLs to where they are served (a reverse proxy in front of the app).
 */

export interface FakeProduct {
  id: number;
  name: string;
  slug: string;
  permalink: string;
  date_modified_gmt: string;
  type: "simple" | "variable" | "variation";
  status: "publish" | "draft" | "private" | "trash" | "pending";
  description: string;
  short_description: string;
  sku: string;
  price: string;
  regular_price: string;
  sale_price: string;
  on_sale: boolean;
  stock_status: "instock" | "outofstock" | "onbackorder";
  parent_id: number;
  categories: Array<{ id: number; name: string; slug: string }>;
  tags: Array<{ id: number; name: string; slug: string }>;
  images: Array<{ id: number; src: string }>;
  attributes: Array<{ id: number; name: string; option?: string; options?: string[] }>;
  variations: number[];
  [extra: string]: unknown;
}

interface ApiKey {
  consumerSecret: string;
  permissions: "read" | "write" | "read_write";
  nonces: Set<string>;
}

interface Webhook {
  id: number;
  name: string;
  topic: string;
  delivery_url: string;
  secret: string;
  status: "active" | "paused" | "disabled";
  failures: number;
}

export interface FakeOrder {
  id: number;
  number: string;
  status: string;
  billing: { email: string; first_name?: string };
  meta_data: Array<{ id: number; key: string; value: unknown }>;
  total?: string;
}

export interface FakeWooOptions {
  currency?: string;
  resolve?: (url: string) => string;
  /** Real WooCommerce refuses an http callback_url; tests whose app has an https public URL keep this on. */
  requireHttpsCallback?: boolean;
}

const WP_EPOCH = Date.UTC(2026, 10, 25, 3, 0, 0);

export class FakeWooCommerce {
  siteUrl = "";
  readonly products = new Map<number, FakeProduct>();
  readonly pages: Array<{ id: number; slug: string; link: string; title: { rendered: string }; content: { rendered: string } }> = [];
  readonly orders: FakeOrder[] = [];
  readonly webhooks = new Map<number, Webhook>();
  readonly keys = new Map<string, ApiKey>();
  readonly requests: Array<{ method: string; path: string; status: number }> = [];
  readonly pings: Array<{ url: string; status: number }> = [];
  currency: string;
  private server?: http.Server;
  private nextId = 100;
  private nextWebhookId = 1;
  private clock = 0;

  constructor(private readonly options: FakeWooOptions = {}) {
    this.currency = options.currency ?? "EUR";
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      void this.handle(req, res).catch((error) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ code: "internal", message: String(error) }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.siteUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  // --- the merchant's side -------------------------------------------------------------------

  /** WordPress's date_modified_gmt has second resolution; the fake clock ticks one second per change. */
  private tick(): string {
    this.clock++;
    return new Date(WP_EPOCH + this.clock * 1000).toISOString().slice(0, 19);
  }

  createKey(permissions: ApiKey["permissions"] = "read_write"): { consumerKey: string; consumerSecret: string; keyId: number } {
    const consumerKey = `ck_${randomBytes(20).toString("hex")}`;
    const consumerSecret = `cs_${randomBytes(20).toString("hex")}`;
    this.keys.set(consumerKey, { consumerSecret, permissions, nonces: new Set() });
    return { consumerKey, consumerSecret, keyId: this.keys.size };
  }

  addProduct(fields: Partial<FakeProduct> & { name: string }): FakeProduct {
    const id = fields.id ?? this.nextId++;
    const slug = fields.slug ?? fields.name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    const product: FakeProduct = {
      id,
      slug,
      permalink: `${this.siteUrl}/product/${slug}/`,
      date_modified_gmt: this.tick(),
      type: "simple",
      status: "publish",
      description: "",
      short_description: "",
      sku: "",
      price: "",
      regular_price: fields.price ?? "",
      sale_price: "",
      on_sale: false,
      stock_status: "instock",
      parent_id: 0,
      categories: [],
      tags: [],
      images: [],
      attributes: [],
      variations: [],
      // Products carry their catalog visibility; variations have none in WooCommerce's JSON.
      ...(fields.type === "variation" ? {} : { catalog_visibility: "visible" }),
      ...fields,
    };
    this.products.set(id, product);
    return product;
  }

  addVariable(fields: Partial<FakeProduct> & { name: string }, options: Array<{ option: string; price: string; stock_status?: FakeProduct["stock_status"] }>) {
    const parent = this.addProduct({ ...fields, type: "variable", price: options[0]?.price ?? "" });
    for (const entry of options) {
      const variation = this.addProduct({
        name: `${parent.name} - ${entry.option}`,
        type: "variation",
        parent_id: parent.id,
        price: entry.price,
        regular_price: entry.price,
        sku: `${parent.sku || parent.id}-${entry.option}`,
        stock_status: entry.stock_status ?? "instock",
        attributes: [{ id: 0, name: "Size", option: entry.option }],
        permalink: `${parent.permalink}?attribute_size=${entry.option}`,
      });
      parent.variations.push(variation.id);
    }
    parent.attributes = [{ id: 0, name: "Size", options: options.map((entry) => entry.option) }];
    return parent;
  }

  update(id: number, fields: Partial<FakeProduct>): FakeProduct {
    const product = this.products.get(id);
    if (!product) throw new Error(`no product ${id}`);
    Object.assign(product, fields, { date_modified_gmt: this.tick() });
    return product;
  }

  /** `DELETE /products/:id?force=true`: gone, and WooCommerce sends nothing. */
  forceDelete(id: number): void {
    const product = this.products.get(id);
    for (const variationId of product?.variations ?? []) this.products.delete(variationId);
    this.products.delete(id);
  }

  /** A catalog of `count` products, every `variableEvery`-th one variable with `variationsEach` sizes. */
  seedCatalog(count: number, options: { variableEvery?: number; variationsEach?: number } = {}) {
    const sizes = ["XS", "S", "M", "L", "XL", "XXL"].slice(0, options.variationsEach ?? 4);
    for (let i = 1; i <= count; i++) {
      const fields = {
        name: `Catalog item ${i}`,
        sku: `SKU-${i}`,
        description: `<p>Item number ${i} of the catalog, made of material ${i % 17} in colour ${i % 11}.</p>`,
        categories: [{ id: 1 + (i % 9), name: `Category ${i % 9}`, slug: `category-${i % 9}` }],
        images: [{ id: i, src: `${this.siteUrl}/wp-content/uploads/item-${i}.jpg` }],
      };
      if (options.variableEvery && i % options.variableEvery === 0) {
        this.addVariable(fields, sizes.map((option, n) => ({ option, price: `${20 + (i % 50)}.${n}0` })));
      } else {
        this.addProduct({ ...fields, price: `${10 + (i % 90)}.00` });
      }
    }
  }

  // --- webhooks as WooCommerce delivers them ----------------------------------------------------

  /** The JSON the REST API (and a webhook) shows for a product. */
  productJson(product: FakeProduct): Record<string, unknown> {
    return {
      ...product,
      date_modified: product.date_modified_gmt,
      _links: { self: [{ href: `${this.siteUrl}/wp-json/wc/v3/products/${product.id}` }] },
    };
  }

  /**
   * Delivers `topic` for product `id` to every active webhook of that topic, built now (as the
   * Action Scheduler does): the product's current JSON, `{"id":N}` for product.deleted, or the
   * signed error object when the product no longer exists.
   */
  async deliver(topic: string, id: number): Promise<Array<{ status: number; body: string; headers: Record<string, string> }>> {
    const product = this.products.get(id);
    const payload =
      topic === "product.deleted"
        ? { id }
        : product
          ? this.productJson(product)
          : { code: "woocommerce_rest_product_invalid_id", message: "Invalid ID.", data: { status: 404 } };
    const body = JSON.stringify(payload).replace(/\//g, "\\/");
    const results = [];
    for (const hook of this.webhooks.values()) {
      if (hook.topic !== topic || hook.status !== "active") continue;
      const headers = {
        "content-type": "application/json",
        "user-agent": "WooCommerce/9.9.5 Hookshot (WordPress/6.9)",
        "x-wc-webhook-source": `${this.siteUrl}/`,
        "x-wc-webhook-topic": topic,
        "x-wc-webhook-resource": "product",
        "x-wc-webhook-event": topic.split(".")[1],
        "x-wc-webhook-signature": createHmac("sha256", hook.secret).update(body).digest("base64"),
        "x-wc-webhook-id": String(hook.id),
        // wp_hash(webhook id + current time in seconds): shared by deliveries within one second.
        "x-wc-webhook-delivery-id": createHmac("md5", "wp").update(`${hook.id}${Math.floor(Date.now() / 1000)}`).digest("hex"),
      };
      const response = await fetch(this.resolve(hook.delivery_url), { method: "POST", headers, body });
      const text = await response.text();
      // More than 5 consecutive failures disable the webhook (WC_Webhook::failed_delivery).
      hook.failures = response.ok ? 0 : hook.failures + 1;
      if (hook.failures > 5) hook.status = "disabled";
      results.push({ status: response.status, body: text, headers });
    }
    return results;
  }

  private resolve(url: string): string {
    return this.options.resolve ? this.options.resolve(url) : url;
  }

  // --- HTTP ----------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", this.siteUrl);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method: req.method ?? "GET", path: url.pathname, status });
      res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    if (url.pathname === "/wc-auth/v1/authorize") return this.authorize(url, send, res);
    if (url.pathname.startsWith("/wp-json/wp/v2/pages")) return this.listPages(url, send);
    const match = /^\/wp-json\/wc\/v3\/(.+)$/.exec(url.pathname);
    if (!match) return send(404, { code: "rest_no_route", message: "No route was found matching the URL and request method.", data: { status: 404 } });
    const auth = this.authenticate(req, url);
    if ("error" in auth) return send(401, { code: auth.code, message: auth.error, data: { status: 401 } });
    const method = req.method ?? "GET";
    const writes = method !== "GET" && method !== "HEAD";
    if (writes ? auth.key.permissions === "read" : auth.key.permissions === "write") {
      return send(401, {
        code: "woocommerce_rest_authentication_error",
        message: `The API key provided does not have ${writes ? "write" : "read"} permissions.`,
        data: { status: 401 },
      });
    }
    const body = rawBody ? JSON.parse(rawBody) : {};
    return this.route(method, match[1], url.searchParams, body, send);
  }

  private authenticate(req: http.IncomingMessage, url: URL): { key: ApiKey } | { error: string; code: string } {
    const params = url.searchParams;
    // Over plain http WooCommerce ignores Basic auth and query-string keys: it wants OAuth 1.0a.
    if (!params.get("oauth_signature")) {
      return { error: "Sorry, you cannot list resources.", code: "woocommerce_rest_cannot_view" };
    }
    const key = this.keys.get(params.get("oauth_consumer_key") ?? "");
    if (!key) return { error: "Consumer key is invalid.", code: "woocommerce_rest_authentication_error" };
    const method = params.get("oauth_signature_method") ?? "";
    if (method !== "HMAC-SHA1" && method !== "HMAC-SHA256") {
      return { error: "Invalid signature - signature method is invalid.", code: "woocommerce_rest_authentication_error" };
    }
    // PHP's $_GET keeps one value per name (the last): the library repeats the query's own
    // parameters after the OAuth ones, and WooCommerce signs each once.
    const signed = [...new Map(params.entries())].filter(([name]) => name !== "oauth_signature");
    const encoded = signed.map(([name, value]) => [rfc3986(name), rfc3986(value)] as const).sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1));
    const base = [req.method ?? "GET", rfc3986(`${this.siteUrl}${url.pathname}`), rfc3986(encoded.map(([name, value]) => `${name}=${value}`).join("&"))].join("&");
    const expected = createHmac(method === "HMAC-SHA1" ? "sha1" : "sha256", `${key.consumerSecret}&`).update(base).digest("base64");
    if (expected !== params.get("oauth_signature")) {
      return { error: "Invalid signature - provided signature does not match.", code: "woocommerce_rest_authentication_error" };
    }
    const timestamp = Number(params.get("oauth_timestamp"));
    if (!Number.isFinite(timestamp) || Math.abs(timestamp - Date.now() / 1000) > 15 * 60) {
      return { error: "Invalid timestamp.", code: "woocommerce_rest_authentication_error" };
    }
    const nonce = params.get("oauth_nonce") ?? "";
    if (key.nonces.has(nonce)) return { error: "Invalid nonce - nonce has already been used.", code: "woocommerce_rest_authentication_error" };
    key.nonces.add(nonce);
    return { key };
  }

  private route(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>, send: (status: number, body: unknown, headers?: Record<string, string>) => void) {
    const invalidId = { code: "woocommerce_rest_product_invalid_id", message: "Invalid ID.", data: { status: 404 } };
    let match: RegExpExecArray | null;
    if (method === "GET" && path === "settings/general") {
      return send(200, [
        { id: "woocommerce_default_country", value: "DE" },
        { id: "woocommerce_currency", value: this.currency },
      ]);
    }
    if (method === "GET" && path === "products") {
      const status = query.get("status") ?? "any";
      const include = query.get("include")?.split(",").map(Number);
      const list = [...this.products.values()].filter(
        (product) =>
          product.type !== "variation" &&
          (status === "any" ? product.status !== "trash" : product.status === status) &&
          (!include || include.includes(product.id)),
      );
      return this.sendPage(list.map((product) => this.fields(this.productJson(product), query)), query, 10, send);
    }
    if (method === "GET" && (match = /^products\/(\d+)$/.exec(path))) {
      const product = this.products.get(Number(match[1]));
      return product ? send(200, this.productJson(product)) : send(404, invalidId);
    }
    if (method === "GET" && (match = /^products\/(\d+)\/variations$/.exec(path))) {
      const parent = this.products.get(Number(match[1]));
      if (!parent) return send(404, invalidId);
      const variations = parent.variations.map((id) => this.products.get(id)).filter((product): product is FakeProduct => Boolean(product));
      return this.sendPage(variations.map((variation) => this.productJson(variation)), query, 10, send);
    }
    if (method === "GET" && path === "webhooks") return this.sendPage([...this.webhooks.values()].map(publicWebhook), query, 10, send);
    if (method === "POST" && path === "webhooks") return this.createWebhook(body, send);
    if ((match = /^webhooks\/(\d+)$/.exec(path))) {
      const hook = this.webhooks.get(Number(match[1]));
      if (!hook) return send(404, { code: "woocommerce_rest_webhook_invalid_id", message: "Invalid ID.", data: { status: 404 } });
      if (method === "PUT") {
        if (typeof body.status === "string") hook.status = body.status as Webhook["status"];
        if (hook.status === "active") hook.failures = 0;
        return send(200, publicWebhook(hook));
      }
      if (method === "DELETE") {
        if (query.get("force") !== "true") return send(501, { code: "woocommerce_rest_trash_not_supported", message: "Webhooks do not support trashing.", data: { status: 501 } });
        this.webhooks.delete(hook.id);
        return send(200, publicWebhook(hook));
      }
      return send(200, publicWebhook(hook));
    }
    if (method === "GET" && (match = /^orders\/(\d+)$/.exec(path))) {
      const order = this.orders.find((entry) => entry.id === Number(match![1]));
      return order ? send(200, order) : send(404, { code: "woocommerce_rest_shop_order_invalid_id", message: "Invalid ID.", data: { status: 404 } });
    }
    if (method === "GET" && path === "orders") {
      const search = (query.get("search") ?? "").toLowerCase();
      const found = this.orders.filter((order) => !search || order.number.toLowerCase().includes(search) || order.billing.email.toLowerCase().includes(search));
      return this.sendPage(found, query, 10, send);
    }
    return send(404, { code: "rest_no_route", message: "No route was found matching the URL and request method.", data: { status: 404 } });
  }

  private fields(json: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> {
    const wanted = query.get("_fields")?.split(",");
    return wanted ? Object.fromEntries(wanted.filter((name) => name in json).map((name) => [name, json[name]])) : json;
  }

  private sendPage(items: unknown[], query: URLSearchParams, defaultPerPage: number, send: (status: number, body: unknown, headers?: Record<string, string>) => void) {
    const perPage = Number(query.get("per_page") ?? defaultPerPage);
    const page = Number(query.get("page") ?? 1);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
      return send(400, { code: "rest_invalid_param", message: "Invalid parameter(s): per_page", data: { status: 400, params: { per_page: "per_page must be between 1 (inclusive) and 100 (inclusive)" } } });
    }
    const totalPages = Math.ceil(items.length / perPage);
    if (page > Math.max(1, totalPages)) {
      return send(400, { code: "rest_post_invalid_page_number", message: "The page number requested is larger than the number of pages available.", data: { status: 400 } });
    }
    return send(200, items.slice((page - 1) * perPage, page * perPage), { "x-wp-total": String(items.length), "x-wp-totalpages": String(totalPages) });
  }

  private async createWebhook(body: Record<string, unknown>, send: (status: number, body: unknown) => void) {
    const hook: Webhook = {
      id: this.nextWebhookId++,
      name: String(body.name ?? ""),
      topic: String(body.topic ?? ""),
      delivery_url: String(body.delivery_url ?? ""),
      secret: String(body.secret ?? ""),
      status: (body.status as Webhook["status"]) ?? "active",
      failures: 0,
    };
    this.webhooks.set(hook.id, hook);
    // Saving a webhook pings its delivery URL: unsigned, form-encoded, no X-WC headers.
    try {
      const response = await fetch(this.resolve(hook.delivery_url), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "WooCommerce/9.9.5 Hookshot (WordPress/6.9)" },
        body: `webhook_id=${hook.id}`,
      });
      this.pings.push({ url: hook.delivery_url, status: response.status });
    } catch {
      this.pings.push({ url: hook.delivery_url, status: 0 });
    }
    send(201, publicWebhook(hook));
  }

  private listPages(url: URL, send: (status: number, body: unknown, headers?: Record<string, string>) => void) {
    return this.sendPage(this.pages, url.searchParams, 10, send);
  }

  private async authorize(url: URL, send: (status: number, body: unknown, headers?: Record<string, string>) => void, res: http.ServerResponse) {
    const q = url.searchParams;
    const missing = ["app_name", "user_id", "return_url", "callback_url", "scope"].find((name) => !q.get(name));
    if (missing) return send(401, `Error: Missing parameter ${missing}.`);
    const scope = q.get("scope")!;
    if (!["read", "write", "read_write"].includes(scope)) return send(401, `Error: Invalid scope ${scope}.`);
    const callbackUrl = q.get("callback_url")!;
    if ((this.options.requireHttpsCallback ?? true) && !callbackUrl.toLowerCase().startsWith("https://")) {
      return send(401, "Error: The callback_url needs to be over SSL.");
    }
    const key = this.createKey(scope as ApiKey["permissions"]);
    const consumerData = {
      key_id: key.keyId,
      user_id: q.get("user_id"),
      consumer_key: key.consumerKey,
      consumer_secret: key.consumerSecret,
      key_permissions: scope,
    };
    const response = await fetch(this.resolve(callbackUrl), {
      method: "POST",
      headers: { "content-type": "application/json;charset=UTF-8" },
      body: JSON.stringify(consumerData),
    });
    await response.arrayBuffer();
    if (response.status !== 200) {
      this.keys.delete(key.consumerKey);
      return send(401, "Error: An error occurred in the request and at the time were unable to send the consumer data.");
    }
    const back = new URL(q.get("return_url")!);
    back.searchParams.set("success", "1");
    back.searchParams.set("user_id", q.get("user_id")!);
    this.requests.push({ method: "GET", path: url.pathname, status: 302 });
    res.writeHead(302, { location: back.toString() });
    res.end();
  }
}

function publicWebhook(hook: Webhook) {
  return { id: hook.id, name: hook.name, topic: hook.topic, delivery_url: hook.delivery_url, status: hook.status };
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
