import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { ClientDisconnected, errorBody, handleErrors, HttpError, jsonResponse } from "./errors";

/**
 * Rules every route gets without asking, applied to the server build once (server/http.mjs), so
 * routes added later are covered too:
 * - a method the route does not serve is a 405 JSON error with `Allow`, never Remix's text 400/405;
 * - an HttpError (or anything unexpected) thrown by a loader or action becomes the documented JSON
 *   error, never Remix's 500 page;
 * - a NUL in a query parameter or path param is a 422 naming it (the JSON body drops them, body.ts).
 * A route states its methods with `export const allowedMethods = [...]`; otherwise a loader means
 * GET and HEAD, an action POST, PUT, PATCH and DELETE (the action itself may refuse some).
 */

type Handler = (args: { request: Request; params: Record<string, string | undefined>; context: unknown }) => unknown;

export interface GuardedRouteModule {
  default?: unknown;
  loader?: Handler;
  action?: Handler;
  /** Methods the route serves; `[]` means nothing lives here (every method is a 404). */
  allowedMethods?: readonly string[];
  [name: string]: unknown;
}

export interface BuildRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  module: GuardedRouteModule;
}

export interface ServerBuildLike {
  routes: Record<string, BuildRoute>;
}

const READ_METHODS = ["GET", "HEAD"];
const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];
/** Every method a route can be asked with; others (TRACE, PROPFIND…) are refused before Remix. */
const ROUTABLE_METHODS = [...READ_METHODS, ...WRITE_METHODS, "OPTIONS"];

export function allowedMethodsOf(module: GuardedRouteModule): string[] {
  if (module.allowedMethods) return [...module.allowedMethods];
  return [...(module.loader || module.default ? READ_METHODS : []), ...(module.action ? WRITE_METHODS : [])];
}

function methodError(allowed: string[]): HttpError {
  if (allowed.length === 0) return new HttpError(404, "not_found", "No such endpoint.");
  const list = allowed.join(", ");
  return new HttpError(405, "method_not_allowed", `This endpoint answers ${list}.`, undefined, { allow: list });
}

/** The body's text rule for the URL: a NUL cannot be stored or matched, so it is refused by name. */
function refuseNul(request: Request, params: Record<string, string | undefined>): void {
  const named = [...new URL(request.url).searchParams, ...Object.entries(params)];
  for (const [name, value] of named) {
    if (name.includes("\u0000") || value?.includes("\u0000")) {
      throw new HttpError(422, "invalid_text", `${name}: must not contain NUL characters.`, name);
    }
  }
}

/** Remix's own test: a route with a component or an error boundary is a page, anything else a resource route. */
function isPageModule(module: GuardedRouteModule | undefined): boolean {
  return module === undefined || module.default !== undefined || module.ErrorBoundary !== undefined;
}

/**
 * A page route's errors stay thrown (Remix then renders its boundary, or entry.server answers the
 * JSON error); a resource route's error is its response.
 */
function guard(handler: Handler, allowed: string[], isPage: boolean): Handler {
  return async (args) => {
    let result: unknown;
    let failed = false;
    try {
      if (!allowed.includes(args.request.method)) throw methodError(allowed);
      refuseNul(args.request, args.params);
      result = await handler(args);
    } catch (error) {
      failed = true;
      // A form or body read that failed because the client left (request.formData() has no hook of its own).
      const known = error instanceof HttpError || error instanceof Response || error instanceof ClientDisconnected;
      const cause = args.request.signal.aborted && !known ? new ClientDisconnected(error) : error;
      result = await handleErrors(() => Promise.reject(cause));
    }
    if (result instanceof Response && result.status === 405 && !result.headers.has("allow") && allowed.length > 0) {
      try {
        result.headers.set("allow", allowed.join(", "));
      } catch {
        // Immutable headers (a proxied fetch Response): leave them as they are.
      }
    }
    if (failed && isPage) throw result;
    return result;
  };
}

/** Throws a JSON error for methods a route does not serve (for routes with no loader or no action). */
function refuser(allowed: string[], isPage: boolean): Handler {
  return guard(async () => {
    throw methodError(allowed);
  }, allowed, isPage);
}

/** The build with every route module guarded; routes, assets and entry are otherwise the same. */
export function guardRoutes<Build extends ServerBuildLike>(build: Build): Build {
  const routes: Record<string, BuildRoute> = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = route.module;
    if (route.parentId === undefined) {
      routes[id] = route; // root: its loader (if any) runs for every page and is not an endpoint.
      continue;
    }
    const allowed = allowedMethodsOf(module);
    const isPage = isPageModule(module);
    const guarded: GuardedRouteModule = { ...module, allowedMethods: allowed };
    if (module.loader) guarded.loader = guard(module.loader, allowed, isPage);
    else if (!isPage) guarded.loader = refuser(allowed, false);
    guarded.action = module.action ? guard(module.action, allowed, isPage) : refuser(allowed, isPage);
    routes[id] = { ...route, module: guarded };
  }
  return { ...build, routes };
}

const trees = new WeakMap<object, AgnosticRouteObject[]>();

function routeTreeOf(build: ServerBuildLike): AgnosticRouteObject[] {
  let tree = trees.get(build.routes);
  if (!tree) trees.set(build.routes, (tree = routeTree(build, undefined)));
  return tree;
}

/** Remix's route tree, for matching a path outside Remix. */
function routeTree(build: ServerBuildLike, parentId: string | undefined): AgnosticRouteObject[] {
  return Object.values(build.routes)
    .filter((route) => route.parentId === parentId)
    .map((route) =>
      route.index
        ? { id: route.id, path: route.path, index: true, caseSensitive: route.caseSensitive }
        : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: routeTree(build, route.id) },
    );
}

const UNSAFE_METHODS = new Set(WRITE_METHODS);

/**
 * matchRoutes flattens and ranks the whole route tree on every call (about 1 ms of CPU, on every
 * API request): the few paths an app is called on are remembered. Bounded, since paths are the
 * caller's choice.
 */
const LEAF_CACHE_SIZE = 512;
const leafCaches = new WeakMap<object, Map<string, string | undefined>>();

function leafRouteOf(build: ServerBuildLike, pathname: string): string | undefined {
  let cache = leafCaches.get(build.routes);
  if (!cache) leafCaches.set(build.routes, (cache = new Map()));
  if (cache.has(pathname)) return cache.get(pathname);
  const leaf = (matchRoutes(routeTreeOf(build), pathname) ?? []).at(-1)?.route.id;
  if (cache.size >= LEAF_CACHE_SIZE) cache.clear();
  cache.set(pathname, leaf);
  return leaf;
}

/**
 * The build cut down to one resource route's branch (the route and its ancestors), for the route a
 * path matches; undefined for a page, for no route, and for Remix's own URL forms (`.data`,
 * `/__manifest`). Remix matches every request against all the routes twice, flattening and ranking
 * them each time (about 1 ms of CPU per request with 108 routes); a handler made for the branch
 * matches against it alone and picks the same route. A page keeps the whole build: its document
 * lists every route.
 */
export function resourceBranchOf<Build extends ServerBuildLike>(build: Build, pathname: string): Build | undefined {
  if (pathname.endsWith(".data") || pathname.startsWith("/__manifest")) return undefined;
  const leaf = leafRouteOf(build, pathname);
  if (!leaf || leaf === "root" || isPageModule(build.routes[leaf].module)) return undefined;
  let branches = branchCaches.get(build.routes);
  if (!branches) branchCaches.set(build.routes, (branches = new Map()));
  let branch = branches.get(leaf) as Build | undefined;
  if (!branch) {
    const routes: Record<string, BuildRoute> = {};
    for (let id: string | undefined = leaf; id !== undefined; id = build.routes[id].parentId) routes[id] = build.routes[id];
    branches.set(leaf, (branch = { ...build, routes }));
  }
  return branch;
}

const branchCaches = new WeakMap<object, Map<string, ServerBuildLike>>();

/**
 * What is answered before Remix sees the request:
 * - a method no route serves (TRACE, PROPFIND…, which fetch's Request cannot even carry, and OPTIONS
 *   outside the public API's CORS preflight): 405 with the matched route's `Allow`, or 404 where
 *   nothing matches;
 * - a write to a page (not an API route) from another origin, or with an Origin that is not a URL:
 *   a 403 JSON error, where Remix's own CSRF check would throw a 500;
 * - an /api path no route matches: the JSON 404;
 * - Remix's data-request forms where they mean nothing: `?_data=` (this app uses single fetch) and
 *   `/api/….data`, which Remix would answer in its own formats (with a stack trace in development).
 */
export function answerBeforeRemix(
  build: ServerBuildLike,
  method: string,
  url: { pathname: string; query: URLSearchParams },
  header: (name: string) => string | undefined,
): Response | undefined {
  const { pathname } = url;
  const isApi = pathname.startsWith("/api/");
  if (url.query.has("_data")) return errorResponse(new HttpError(400, "invalid_field", "_data: is reserved and not accepted.", "_data"));
  if (isApi && pathname.endsWith(".data")) return errorResponse(methodError([]));
  const routable = ROUTABLE_METHODS.includes(method) && method !== "OPTIONS";
  if (routable && !UNSAFE_METHODS.has(method) && !isApi) return undefined;
  const leaf = leafRouteOf(build, pathname);
  const module = leaf && leaf !== "root" ? build.routes[leaf].module : undefined;
  // Even the /api splat route misses some paths (a %0A in a segment): still the JSON 404.
  if (isApi && !module) return errorResponse(methodError([]));
  if (!routable) return errorResponse(methodError(module ? allowedMethodsOf(module) : []));
  // An unmatched path counts as a page too: Remix renders its 404 through the root.
  if (UNSAFE_METHODS.has(method) && isPageModule(module) && !sameOrigin(header)) {
    return errorResponse(new HttpError(403, "cross_origin_write", "Pages accept form submissions from their own origin only."));
  }
  return undefined;
}

/** Remix's rule for page actions (Origin's host is the Host or X-Forwarded-Host), without its throw. */
function sameOrigin(header: (name: string) => string | undefined): boolean {
  const origin = header("origin");
  if (!origin) return true;
  const host = header("x-forwarded-host")?.split(",")[0]?.trim() || header("host");
  try {
    return origin !== "null" && new URL(origin).host === host;
  } catch {
    return false;
  }
}

function errorResponse(error: HttpError): Response {
  return jsonResponse(errorBody(error.code, error.message, error.field), { status: error.status, headers: error.headers });
}
