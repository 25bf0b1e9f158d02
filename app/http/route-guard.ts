import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { cleanText } from "./body";
import { errorBody, handleErrors, HttpError, jsonResponse } from "./errors";

/**
 * Rules every route gets without asking, applied to the server build once (server/http.mjs), so
 * routes added later are covered too:
 * - a method the route does not serve is a 405 JSON error with `Allow`, never Remix's text 400/405;
 * - an HttpError (or anything unexpected) thrown by a loader or action becomes the documented JSON
 *   error, never Remix's 500 page;
 * - query parameters and path params follow the JSON body's text rule (no NUL, no lone surrogate).
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

interface BuildRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  module: GuardedRouteModule;
}

interface ServerBuildLike {
  routes: Record<string, BuildRoute>;
}

const READ_METHODS = ["GET", "HEAD"];
const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];
/** Every method a route can be asked with; others (TRACE, PROPFIND…) are refused before Remix. */
export const ROUTABLE_METHODS = [...READ_METHODS, ...WRITE_METHODS, "OPTIONS"];

export function allowedMethodsOf(module: GuardedRouteModule): string[] {
  if (module.allowedMethods) return [...module.allowedMethods];
  return [...(module.loader || module.default ? READ_METHODS : []), ...(module.action ? WRITE_METHODS : [])];
}

function methodError(allowed: string[]): HttpError {
  if (allowed.length === 0) return new HttpError(404, "not_found", "No such endpoint.");
  const list = allowed.join(", ");
  return new HttpError(405, "method_not_allowed", `This endpoint answers ${list}.`, undefined, { allow: list });
}

function refuseBadText(request: Request, params: Record<string, string | undefined>): void {
  for (const [name, value] of new URL(request.url).searchParams) {
    cleanText(name, [name]);
    if (value.includes("\u0000")) throw new HttpError(422, "invalid_text", `${name}: must not contain NUL characters.`, name);
  }
  for (const [name, value] of Object.entries(params)) {
    if (value?.includes("\u0000")) throw new HttpError(422, "invalid_text", `${name}: must not contain NUL characters.`, name);
  }
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
      refuseBadText(args.request, args.params);
      result = await handler(args);
    } catch (error) {
      failed = true;
      result = await handleErrors(() => Promise.reject(error));
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
function refuser(allowed: string[]): Handler {
  return guard(async () => {
    throw methodError(allowed);
  }, allowed, false);
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
    const isPage = module.default !== undefined;
    const guarded: GuardedRouteModule = { ...module, allowedMethods: allowed };
    if (module.loader) guarded.loader = guard(module.loader, allowed, isPage);
    else if (!isPage) guarded.loader = refuser(allowed);
    guarded.action = module.action ? guard(module.action, allowed, isPage) : refuser(allowed);
    routes[id] = { ...route, module: guarded };
  }
  return { ...build, routes };
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

/**
 * The answer to a method no route serves (TRACE, PROPFIND…, which fetch's Request cannot even
 * carry into Remix): 405 with the matched route's `Allow`, or 404 where nothing matches.
 */
export function unroutableMethodResponse(build: ServerBuildLike, pathname: string): Response {
  const matches = matchRoutes(routeTree(build, undefined), pathname) ?? [];
  const leaf = matches.at(-1)?.route.id;
  const allowed = leaf && leaf !== "root" ? allowedMethodsOf(build.routes[leaf].module) : [];
  const error = methodError(allowed);
  return jsonResponse(errorBody(error.code, error.message), { status: error.status, headers: error.headers });
}
