import WooCommerceModule from "@woocommerce/woocommerce-rest-api";

/**
 * The store's REST API through @woocommerce/woocommerce-rest-api, which signs requests with
 * OAuth 1.0a over plain http (WooCommerce refuses Basic and query-string auth there) and uses Basic
 * auth over https. Answers carry the pagination headers (X-WP-Total / X-WP-TotalPages).
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

type LibraryResponse = { data: unknown; headers: Record<string, unknown>; status: number };
type LibraryClient = {
  get(endpoint: string, params?: object): Promise<LibraryResponse>;
  post(endpoint: string, data: unknown, params?: object): Promise<LibraryResponse>;
  put(endpoint: string, data: unknown, params?: object): Promise<LibraryResponse>;
  delete(endpoint: string, params?: object): Promise<LibraryResponse>;
};
type LibraryConstructor = new (options: { url: string; consumerKey: string; consumerSecret: string; version: "wc/v3"; timeout?: number }) => LibraryClient;

// The package is CommonJS compiled by Babel: depending on the loader the class is the default
// export itself or sits on its `default` property.
const WooCommerceRestApi: LibraryConstructor =
  (WooCommerceModule as unknown as { default?: LibraryConstructor }).default ?? (WooCommerceModule as unknown as LibraryConstructor);

export function createWooClient(credentials: WooCredentials, options: WooClientOptions = {}): WooClient {
  const library = new WooCommerceRestApi({
    url: credentials.siteUrl,
    consumerKey: credentials.consumerKey,
    consumerSecret: credentials.consumerSecret,
    version: "wc/v3",
    timeout: options.timeoutMs ?? 30_000,
  });
  const call = async (method: string, endpoint: string, run: () => Promise<LibraryResponse>) => {
    try {
      return await run();
    } catch (error) {
      throw toWooApiError(method, endpoint, error);
    }
  };
  return {
    async get<T>(endpoint: string, params: Record<string, string | number> = {}) {
      const response = await call("GET", endpoint, () => library.get(endpoint, params));
      const total = Number(header(response.headers, "x-wp-total") ?? NaN);
      const totalPages = Number(header(response.headers, "x-wp-totalpages") ?? NaN);
      return {
        data: response.data as T,
        total: Number.isFinite(total) ? total : Array.isArray(response.data) ? response.data.length : 1,
        totalPages: Number.isFinite(totalPages) ? totalPages : 1,
      };
    },
    async post<T>(endpoint: string, body: unknown) {
      return (await call("POST", endpoint, () => library.post(endpoint, body))).data as T;
    },
    async put<T>(endpoint: string, body: unknown) {
      return (await call("PUT", endpoint, () => library.put(endpoint, body))).data as T;
    },
    async delete<T>(endpoint: string, params: Record<string, string | number> = {}) {
      return (await call("DELETE", endpoint, () => library.delete(endpoint, params))).data as T;
    },
  };
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const value = typeof (headers as { get?: unknown }).get === "function" ? (headers as { get(n: string): unknown }).get(name) : headers[name];
  return value === undefined || value === null ? undefined : String(value);
}

function toWooApiError(method: string, endpoint: string, error: unknown): WooApiError {
  const response = (error as { response?: { status?: number; data?: unknown } }).response;
  if (!response) {
    const reason = error instanceof Error ? error.message : String(error);
    return new WooApiError(`${method} ${endpoint}: the store did not answer (${reason})`, undefined, undefined);
  }
  const data = response.data as { code?: unknown; message?: unknown } | undefined;
  const code = typeof data?.code === "string" ? data.code : undefined;
  const message = typeof data?.message === "string" ? data.message : `HTTP ${response.status}`;
  return new WooApiError(`${method} ${endpoint}: ${message}`, response.status, code);
}
