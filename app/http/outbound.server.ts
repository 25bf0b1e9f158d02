import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { Agent, buildConnector, errors as undiciErrors, request as undiciRequest } from "undici";
import { isPublicAddress } from "./public-address";

export { isPublicAddress };

/**
 * The one HTTP client for every URL a tenant or a payload supplies (WooCommerce stores, handoff
 * webhooks). The destination is checked where it cannot be raced: in undici's connect step, after
 * DNS resolution, on the very address the socket then connects to (a host name that resolves to
 * a public address for the check and to 127.0.0.1 for the connection — DNS rebinding — is
 * impossible because the socket is opened to the checked address). Only global unicast passes:
 * loopback, private, link-local, unique-local, multicast, CGNAT, reserved, NAT64, 6to4, Teredo,
 * IPv4-compatible and IPv4-mapped non-public addresses (and with them cloud metadata services such
 * as 169.254.169.254 and fd00:ec2::254) are refused. Redirects are followed only on the same host
 * (http → https allowed, never the reverse) and every hop goes through the same check; answers are
 * bounded in time and size. Errors never carry the address, port or socket error: a caller turns
 * them into "the store could not be reached" without becoming a port scanner.
 *
 * `allowPrivateAddresses` (PALOMPY_WOO_ALLOW_PRIVATE_HOSTS=1) lifts the address check for local
 * development and tests, and nothing else.
 */

export type LookupAddress = { address: string; family: number };
export type Lookup = (hostname: string) => Promise<LookupAddress[]>;

export interface OutboundPolicy {
  allowPrivateAddresses: boolean;
  /** Name resolution; tests inject one (a name that resolves to loopback) instead of the system resolver. */
  lookup?: Lookup;
  /** Which resolved addresses may be connected to: public unicast unless a test narrows or widens it. */
  isAllowedAddress?: (address: string) => boolean;
}

export interface OutboundRequest {
  method?: string;
  /** Per hop: a redirect to https may need other credentials than the first http request. */
  headers?: Record<string, string> | ((url: URL) => Record<string, string>);
  body?: string;
  /** The whole exchange, redirects and body included. */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
}

export interface OutboundResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: string;
}

export type OutboundFailure = "blocked_address" | "unreachable" | "timeout" | "too_large" | "redirect_refused" | "invalid_url";

/** `message` is safe to show to a tenant; `detail` is for the server log only. */
export class OutboundError extends Error {
  constructor(
    readonly reason: OutboundFailure,
    readonly detail: string,
  ) {
    super(OUTBOUND_MESSAGES[reason]);
  }
}

const OUTBOUND_MESSAGES: Record<OutboundFailure, string> = {
  blocked_address: "could not be reached",
  unreachable: "could not be reached",
  timeout: "did not answer in time",
  too_large: "answered with more data than allowed",
  redirect_refused: "redirected to another host",
  invalid_url: "is not an http(s) address",
};

export interface OutboundClient {
  request(url: string, init?: OutboundRequest): Promise<OutboundResponse>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 3;
const CONNECT_TIMEOUT_MS = 10_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The connect step refused the address (never shown to a tenant: it names the address). */
class BlockedAddressError extends Error {}

const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Every address the name resolves to must be public (a mixed answer is refused whole). */
async function checkedAddress(hostname: string, lookup: Lookup, allowed: (address: string) => boolean): Promise<string> {
  const literal = hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(literal) ? [literal] : (await lookup(hostname)).map((entry) => entry.address);
  if (!addresses.length) throw new Error(`${hostname} resolves to no address`);
  const refused = addresses.find((address) => !allowed(address));
  if (refused) throw new BlockedAddressError(`${hostname} resolves to a non-public address (${refused})`);
  return addresses[0];
}

function guardedConnector(policy: OutboundPolicy): buildConnector.connector {
  const connect = buildConnector({ timeout: CONNECT_TIMEOUT_MS });
  if (policy.allowPrivateAddresses) return connect;
  const lookup = policy.lookup ?? systemLookup;
  const allowed = policy.isAllowedAddress ?? isPublicAddress;
  return (options, callback) => {
    checkedAddress(options.hostname, lookup, allowed).then(
      // The socket goes to the address just checked; TLS still verifies the original name
      // (undici derives the SNI server name from `host`, which keeps it).
      (address) => connect({ ...options, hostname: address }, callback),
      (error: Error) => callback(error, null),
    );
  };
}

function classify(error: unknown): OutboundError {
  if (error instanceof OutboundError) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ""}` : String(error);
  const root = error instanceof Error && error.cause instanceof BlockedAddressError ? error.cause : error;
  if (root instanceof BlockedAddressError) return new OutboundError("blocked_address", detail);
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError ||
    (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
  ) {
    return new OutboundError("timeout", detail);
  }
  return new OutboundError("unreachable", detail);
}

function parseTarget(raw: string | URL): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError("invalid_url", `not a URL: ${String(raw).slice(0, 200)}`);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password) {
    throw new OutboundError("invalid_url", `refused URL scheme or credentials: ${url.protocol}`);
  }
  return url;
}

/** Same host; the scheme may only go from http to https (credentials never fall back to plain http). */
function allowedRedirect(from: URL, to: URL): boolean {
  if (to.hostname !== from.hostname) return false;
  if (to.protocol === from.protocol) return to.port === from.port;
  return from.protocol === "http:" && to.protocol === "https:" && !to.port;
}

async function readBounded(body: AsyncIterable<Buffer> & { destroy(error?: Error): void }, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new OutboundError("too_large", `answer larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

export function createOutboundClient(policy: OutboundPolicy): OutboundClient {
  const agent = new Agent({
    connect: guardedConnector(policy),
    headersTimeout: DEFAULT_TIMEOUT_MS,
    bodyTimeout: DEFAULT_TIMEOUT_MS,
    keepAliveTimeout: 4_000,
  });

  async function request(rawUrl: string, init: OutboundRequest = {}): Promise<OutboundResponse> {
    const maxBytes = init.maxBytes ?? DEFAULT_MAX_BYTES;
    const signal = AbortSignal.timeout(init.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const method = (init.method ?? "GET").toUpperCase();
    let url = parseTarget(rawUrl);
    let redirectsLeft = init.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    try {
      for (;;) {
        const headers = typeof init.headers === "function" ? init.headers(url) : (init.headers ?? {});
        const answer = await undiciRequest(url, {
          dispatcher: agent,
          method: method as "GET",
          headers,
          body: method === "GET" || method === "HEAD" ? undefined : init.body,
          signal,
        });
        const location = answer.headers.location;
        const followable = REDIRECT_STATUSES.has(answer.statusCode) && typeof location === "string";
        if (followable && (answer.statusCode === 307 || answer.statusCode === 308 || method === "GET" || method === "HEAD")) {
          await readBounded(answer.body, 64 * 1024).catch(() => undefined);
          const next = parseTarget(new URL(location, url).toString());
          if (!allowedRedirect(url, next)) throw new OutboundError("redirect_refused", `redirect from ${url.host} to ${next.host}`);
          if (redirectsLeft-- <= 0) throw new OutboundError("redirect_refused", "too many redirects");
          url = next;
          continue;
        }
        const declared = Number(answer.headers["content-length"]);
        if (Number.isFinite(declared) && declared > maxBytes) {
          answer.body.destroy();
          throw new OutboundError("too_large", `content-length ${declared} > ${maxBytes}`);
        }
        const body = await readBounded(answer.body, maxBytes);
        return { status: answer.statusCode, headers: toHeaders(answer.headers), body, url: url.toString() };
      }
    } catch (error) {
      throw classify(error);
    }
  }

  return { request, close: () => agent.close() };
}

const shared = new Map<boolean, OutboundClient>();

/** The process's client for tenant-supplied URLs, under the operator's PALOMPY_WOO_ALLOW_PRIVATE_HOSTS switch. */
export function outboundClient(config: { woocommerce: { allowPrivateHosts: boolean } }): OutboundClient {
  const allow = config.woocommerce.allowPrivateHosts;
  let client = shared.get(allow);
  if (!client) {
    client = createOutboundClient({ allowPrivateAddresses: allow });
    shared.set(allow, client);
  }
  return client;
}
