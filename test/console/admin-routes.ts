import path from "node:path";
import { pathToFileURL } from "node:url";

interface BuildRoute {
  path?: string;
  parentId?: string;
  module: Record<string, unknown>;
}

/**
 * Every URL pattern the production build serves, from its route manifest (so a route added on any
 * branch is listed without editing the tests), with the route's id and whether it has a loader/action.
 */
export async function builtRoutes(): Promise<{ id: string; pattern: string; hasLoader: boolean; hasAction: boolean }[]> {
  const root = path.resolve(__dirname, "../..");
  const build = (await import(/* @vite-ignore */ pathToFileURL(path.join(root, "build/server/index.js")).href)) as { routes: Record<string, BuildRoute> };
  const fullPath = (id: string): string => {
    const route = build.routes[id];
    if (!route) return "";
    const parent = route.parentId ? fullPath(route.parentId) : "";
    return [parent, route.path ?? ""].filter(Boolean).join("/");
  };
  return Object.entries(build.routes).map(([id, route]) => ({
    id,
    pattern: `/${fullPath(id)}`,
    hasLoader: typeof route.module.loader === "function",
    hasAction: typeof route.module.action === "function",
  }));
}

/** A concrete URL for a pattern: `:shopId` as given, any other parameter a fresh UUID. */
export function fillPattern(pattern: string, shopId: string): string {
  return pattern.replace(/:shopId\b/, shopId).replace(/:[A-Za-z]+/g, () => crypto.randomUUID()).replace(/\*$/, "x");
}
