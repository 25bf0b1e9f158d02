import { createHmac, randomBytes } from "node:crypto";
import { OutboundError, type OutboundClient } from "~/http/outbound.server";
import { log } from "~/log.server";

/**
 * The store's REST API (wc/v3) through the outbound client, which refuses non-public addresses at
 * connect time and redirects to other hosts. Over https the keys go as Basic auth; over plain http
 * WooCommerce refuses Basic and query-string keys and wants OAuth 1.0a (HMAC-SHA256, signed the way
 * WC_REST_Authentication checks it). Answers carry the pagination headers (X-WP-Total /
 * X-WP-TotalPages).
 */

export interface WooCredentials {
  siteUrl: string;
  consumerKey: string;
  consumerSecret: string;
}

export interface WooPage<T> {
  data: T;
  total: number;
  totalPages: number;
}

export interface WooClient {
  get<T>(endpoint: string, params?: Record<string, string | number>): Promise<WooPage<T>>;
  post<T>(endpoint: string, body: unknown): Promise<T>;
  put<T>(endpoint: string, body: unknown): Promise<T>;
  delete<T>(endpoint: string, params?: Record<string, string | number>): Promise<T>;
}

/** A non-2xx answer (or no answer) from the store, with WooCommerce's error code when it sent one. */
export class WooApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export interface WooClientOptions {
  timeoutMs?: number;
}

/** A catalog page of 100 products with long descriptions stays well below this. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;
const USER_AGENT = "Palompy-WooCommerce/1";

/** RFC 3986 percent-encoding (what OAuth 1.0a and PHP's rawurlencode use). */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** OAuth 1.0a query parameters for one request (one-legged: no token, secret `consumer_secret&`). */
export function oauthParams(method: string, url: URL, credentials: Pick<WooCredentials, "consumerKey" | "consumerSecret">, now = Date.now()): Record<string, string> {
  const oauth: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_nonce: randomBytes(16).toString("hex"),
    oauth_signature_method: "HMAC-SHA256",
    oauth_timestamp: String(Math.floor(now / 1000)),
    oauth_version: "1.0",
  };
  const pairs = [...new Map([...url.searchParams.entries(), ...Object.entries(oauth)])]
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1));
  const base = [method, rfc3986(`${url.origin}${url.pathname}`), rfc3986(pairs.map(([name, value]) => `${name}=${value}`).join("&"))].join("&");
  return { ...oauth, oauth_signature: createHmac("sha256", `${credentials.consumerSecret}&`).update(base).digest("base64") };
}

export function createWooClient(credentials: WooCredentials, outbound: OutboundClient, options: WooClientOptions = {}): WooClient {
  const apiRoot = `${credentials.siteUrl.replace(/(?<!\/)\/+$/, "")}/wp-json/wc/v3/`;

  async function call(method: string, endpoint: string, params: Record<string, string | number>, body?: unknown) {
    const url = new URL(endpoint.replace(/^\/+/, ""), apiRoot);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, String(value));
    const basic = `Basic ${Buffer.from(`${credentials.consumerKey}:${credentials.consumerSecret}`).toString("base64")}`;
    // OAuth signs the exact URL, so the parameters are added once, for the first hop; a same-host
    // redirect to https then authenticates with Basic (the outbound client never redirects elsewhere).
    const target = new URL(url);
    if (url.protocol === "http:") for (const [name, value] of Object.entries(oauthParams(method, url, credentials))) target.searchParams.set(name, value);
    let answer;
    try {
      answer = await outbound.request(target.toString(), {
        method,
        headers: (hop) => ({
          accept: "application/json",
          "user-agent": USER_AGENT,
          ...(body !== undefined ? { "content-type": "application/json; charset=utf-8" } : {}),
          ...(hop.protocol === "https:" ? { authorization: basic } : {}),
        }),
        body: body !== undefined ? JSON.stringify(body) : undefined,
        timeoutMs: options.timeoutMs ?? 30_000,
        maxBytes: MAX_ANSWER_BYTES,
      });
    } catch (error) {
      if (error instanceof OutboundError) {
        // The detail (address, socket error) is for the operator's log only, never for the tenant.
        log.info("WooCommerce store not reached", { endpoint, reason: error.reason, detail: error.detail });
        throw new WooApiError(`${method} ${endpoint}: the store ${error.message}`, undefined, undefined);
      }
      throw error;
    }
    let data: unknown;
    try {
      data = answer.body.length ? JSON.parse(answer.body.toString("utf8")) : null;
    } catch {
      data = undefined;
    }
    if (answer.status < 200 || answer.status >= 300) {
      const error = (data ?? {}) as { code?: unknown; message?: unknown };
      const code = typeof error.code === "string" ? error.code : undefined;
      const message = typeof error.message === "string" ? error.message.slice(0, 300) : `HTTP ${answer.status}`;
      throw new WooApiError(`${method} ${endpoint}: ${message}`, answer.status, code);
    }
    if (data === undefined) throw new WooApiError(`${method} ${endpoint}: the store answered with something other than JSON (is this a WooCommerce store?)`, answer.status, undefined);
    return { data, headers: answer.headers };
  }

  return {
    async get<T>(endpoint: string, params: Record<string, string | number> = {}) {
      const response = await call("GET", endpoint, params);
      const total = Number(response.headers.get("x-wp-total") ?? NaN);
      const totalPages = Number(response.headers.get("x-wp-totalpages") ?? NaN);
      return {
        data: response.data as T,
        total: Number.isFinite(total) ? total : Array.isArray(response.data) ? response.data.length : 1,
        totalPages: Number.isFinite(totalPages) ? totalPages : 1,
      };
    },
    async post<T>(endpoint: string, body: unknown) {
      return (await call("POST", endpoint, {}, body)).data as T;
    },
    async put<T>(endpoint: string, body: unknown) {
      return (await call("PUT", endpoint, {}, body)).data as T;
    },
    async delete<T>(endpoint: string, params: Record<string, string | number> = {}) {
      return (await call("DELETE", endpoint, params)).data as T;
    },
  };
}
