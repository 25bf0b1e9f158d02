/**
 * What the sync needs from Shopify: send one GraphQL document, get its `data`. Production uses
 * shopify-app-remix's admin client (app/shopify.server.ts); tests and benchmarks a plain fetch
 * against the local fake Admin API. Both share the throttling rule below.
 */
export type AdminGraphql = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<T>;

/** A GraphQL response body as Shopify sends it. */
export interface GraphqlBody {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: { currentlyAvailable: number; restoreRate: number } } };
}

export class ShopifyGraphqlError extends Error {
  constructor(
    message: string,
    readonly errors: GraphqlBody["errors"] = [],
  ) {
    super(message);
    this.name = "ShopifyGraphqlError";
  }
}

export interface RetryOptions {
  maxRetries?: number;
  /** First wait when Shopify gives no cost hint; doubles on each retry. */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const MAX_WAIT_MS = 10_000;

/**
 * Sends through `send` and retries while Shopify answers THROTTLED (or HTTP 429, which `send`
 * reports as such): the wait is what the cost bucket needs to refill, else exponential.
 */
export function throttledClient(send: (query: string, variables?: Record<string, unknown>) => Promise<GraphqlBody>, options: RetryOptions = {}): AdminGraphql {
  const maxRetries = options.maxRetries ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      const body = await send(query, variables);
      if (isThrottled(body) && attempt < maxRetries) {
        await sleep(Math.min(MAX_WAIT_MS, refillWaitMs(body) ?? baseDelayMs * 2 ** attempt));
        continue;
      }
      if (body.errors?.length) throw new ShopifyGraphqlError(body.errors.map((error) => error.message).join("; "), body.errors);
      if (body.data === undefined || body.data === null) throw new ShopifyGraphqlError("Shopify answered without data");
      return body.data as T;
    }
  };
}

export function isThrottled(body: GraphqlBody): boolean {
  return Boolean(body.errors?.some((error) => error.extensions?.code === "THROTTLED"));
}

function refillWaitMs(body: GraphqlBody): number | undefined {
  const cost = body.extensions?.cost;
  const status = cost?.throttleStatus;
  if (!cost?.requestedQueryCost || !status || status.restoreRate <= 0) return undefined;
  const missing = cost.requestedQueryCost - status.currentlyAvailable;
  return missing > 0 ? Math.ceil((missing / status.restoreRate) * 1000) : undefined;
}

/** A plain fetch client: tests and benchmarks point it at the fake Admin API. */
export function fetchAdminGraphql(endpoint: string, accessToken: string, options: RetryOptions & { fetch?: typeof fetch } = {}): AdminGraphql {
  const doFetch = options.fetch ?? fetch;
  return throttledClient(async (query, variables) => {
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": accessToken },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      // A dropped connection (a reused keep-alive socket the server had closed) is worth a retry:
      // reported like a throttle, it gets the same bounded backoff.
      if (error instanceof TypeError) return { errors: [{ message: `Network error: ${error.message}`, extensions: { code: "THROTTLED" } }] };
      throw error;
    }
    if (response.status === 429) return { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] };
    if (!response.ok) throw new ShopifyGraphqlError(`Admin API answered HTTP ${response.status}`);
    return (await response.json()) as GraphqlBody;
  }, options);
}

/**
 * shopify-app-remix's `admin.graphql` returns a Response, and throws a GraphqlQueryError carrying
 * the body when Shopify reports errors; both end up as a GraphqlBody here.
 */
export function remixAdminGraphql(
  graphql: (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>,
  options: RetryOptions = {},
): AdminGraphql {
  return throttledClient(async (query, variables) => {
    try {
      const response = await graphql(query, { variables });
      return (await response.json()) as GraphqlBody;
    } catch (error) {
      const body = (error as { body?: GraphqlBody }).body;
      if (body?.errors) return body;
      if ((error as { response?: { code?: number } }).response?.code === 429) return { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] };
      throw error;
    }
  }, options);
}
