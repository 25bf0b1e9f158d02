/**
 * What the sync needs from Shopify: send one GraphQL document, get its `data`. Production uses
 * shopify-app-remix's admin client (app/shopify.server.ts); tests and benchmarks a plain fetch
 * against the local fake Admin API. Both share the throttling rule below.
 */
export type AdminGraphql = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<T>;

/** A GraphQL response body as Shopify sends it. */
export interface GraphqlBody {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string; cost?: number; maxCost?: number } }[];
  extensions?: { cost?: Cost };
}

interface Cost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: { maximumAvailable?: number; currentlyAvailable: number; restoreRate: number };
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

/**
 * Shopify refused the document as too expensive for a single query (MAX_COST_EXCEEDED, above 1,000
 * points): the same document costs the same next time, so it is never retried.
 */
export class ShopifyQueryCostError extends ShopifyGraphqlError {
  constructor(
    readonly cost: number | undefined,
    readonly maxCost: number | undefined,
    errors: GraphqlBody["errors"],
  ) {
    super(`Shopify refused a query costing ${cost ?? "?"} points (the limit for one query is ${maxCost ?? 1000}): MAX_COST_EXCEEDED`, errors);
    this.name = "ShopifyQueryCostError";
  }
}

export interface RetryOptions {
  maxRetries?: number;
  /** First wait when Shopify gives no cost hint; doubles on each retry. */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told every cost Shopify reports (benchmarks count points spent and waits). */
  onCost?: (event: { requested?: number; actual?: number | null; throttled: boolean; waitedMs: number }) => void;
}

const MAX_WAIT_MS = 10_000;

/**
 * Sends through `send` and waits by the cost Shopify reports: before a document whose last
 * requested cost the bucket (as last reported, refilled since at its restore rate) cannot hold, and
 * after THROTTLED (or HTTP 429, which `send` reports as such) for as long as the bucket needs to
 * refill, else exponentially. MAX_COST_EXCEEDED is thrown at once as ShopifyQueryCostError.
 */
export function throttledClient(send: (query: string, variables?: Record<string, unknown>) => Promise<GraphqlBody>, options: RetryOptions = {}): AdminGraphql {
  const maxRetries = options.maxRetries ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // What Shopify last said about the bucket, and what each document last asked of it.
  let bucket: { available: number; restoreRate: number; maximum?: number; at: number } | undefined;
  const lastRequested = new Map<string, number>();
  const waitForRoom = async (query: string) => {
    const needed = lastRequested.get(query);
    if (needed === undefined || !bucket || bucket.restoreRate <= 0) return 0;
    const now = Date.now();
    const projected = Math.min(bucket.maximum ?? Infinity, bucket.available + ((now - bucket.at) / 1000) * bucket.restoreRate);
    if (projected >= needed) return 0;
    const waitMs = Math.min(MAX_WAIT_MS, Math.ceil(((needed - projected) / bucket.restoreRate) * 1000));
    await sleep(waitMs);
    refilled(needed);
    return waitMs;
  };
  // After a wait sized to the bucket's refill, the bucket holds (at least) what was waited for.
  const refilled = (points: number) => {
    if (bucket) bucket = { ...bucket, available: Math.max(bucket.available, points), at: Date.now() };
  };
  return async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      const waitedMs = await waitForRoom(query);
      const body = await send(query, variables);
      const cost = body.extensions?.cost;
      if (cost?.throttleStatus) bucket = { available: cost.throttleStatus.currentlyAvailable, restoreRate: cost.throttleStatus.restoreRate, maximum: cost.throttleStatus.maximumAvailable, at: Date.now() };
      if (cost?.requestedQueryCost !== undefined) lastRequested.set(query, cost.requestedQueryCost);
      const throttled = isThrottled(body);
      if (throttled && attempt < maxRetries) {
        const waitMs = Math.min(MAX_WAIT_MS, refillWaitMs(body) ?? baseDelayMs * 2 ** attempt);
        options.onCost?.({ requested: cost?.requestedQueryCost, actual: null, throttled, waitedMs: waitedMs + waitMs });
        await sleep(waitMs);
        if (cost?.requestedQueryCost !== undefined) refilled(cost.requestedQueryCost);
        continue;
      }
      options.onCost?.({ requested: cost?.requestedQueryCost, actual: cost?.actualQueryCost, throttled, waitedMs });
      const tooExpensive = body.errors?.find((error) => error.extensions?.code === "MAX_COST_EXCEEDED");
      if (tooExpensive) throw new ShopifyQueryCostError(tooExpensive.extensions?.cost, tooExpensive.extensions?.maxCost, body.errors);
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
