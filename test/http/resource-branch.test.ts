import path from "node:path";
import { pathToFileURL } from "node:url";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { beforeAll, describe, expect, it } from "vitest";
import type { BuildRoute, ServerBuildLike } from "~/http/route-guard";

interface Build extends ServerBuildLike {
  entry: { module: { guardRoutes(build: Build): Build; resourceBranchOf(build: Build, pathname: string): Build | undefined } };
}

/**
 * server/http.mjs hands an API, webhook or asset request to a Remix handler made for that route's
 * branch alone (resourceBranchOf, app/http/route-guard.ts): for every route of the production build,
 * the branch must match the path exactly as the whole route tree does.
 */
describe("the branch of routes a resource request is handled with", () => {
  let build: Build;
  beforeAll(async () => {
    const raw = await import(/* @vite-ignore */ pathToFileURL(path.resolve(__dirname, "../../build/server/index.js")).href);
    build = raw.entry.module.guardRoutes(raw);
  });

  const tree = (routes: Record<string, BuildRoute>, parentId?: string): AgnosticRouteObject[] =>
    Object.values(routes)
      .filter((route) => route.parentId === parentId)
      .map((route) =>
        route.index
          ? { id: route.id, path: route.path, index: true, caseSensitive: route.caseSensitive }
          : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: tree(routes, route.id) },
      );

  /** A path the route answers: its own pattern under its parents', with every parameter filled in. */
  const samplePath = (route: BuildRoute): string => {
    const segments: string[] = [];
    for (let at: BuildRoute | undefined = route; at; at = at.parentId ? build.routes[at.parentId] : undefined) if (at.path) segments.unshift(at.path);
    return `/${segments.join("/")}`.replace(/:[\w-]+\??/g, "x1").replace(/\*$/, "a/b").replace(/\/{2,}/g, "/");
  };

  it("picks the route the whole tree picks, with the same parameters, and is the route and its ancestors only", () => {
    const whole = tree(build.routes);
    let resources = 0;
    for (const route of Object.values(build.routes)) {
      if (route.id === "root") continue;
      const pathname = samplePath(route);
      const matched = matchRoutes(whole, pathname) ?? [];
      const leaf = matched.at(-1)?.route.id;
      const branch = build.entry.module.resourceBranchOf(build, pathname);
      const isPage = !leaf || leaf === "root" || build.routes[leaf].module.default !== undefined || build.routes[leaf].module.ErrorBoundary !== undefined;
      if (isPage) {
        expect(branch, pathname).toBeUndefined();
        continue;
      }
      resources++;
      expect(branch, pathname).toBeDefined();
      expect(Object.keys(branch!.routes).sort(), pathname).toEqual(matched.map((match) => match.route.id!).sort());
      const inBranch = matchRoutes(tree(branch!.routes), pathname) ?? [];
      expect(inBranch.at(-1)?.route.id, pathname).toBe(leaf);
      expect(inBranch.at(-1)?.params, pathname).toEqual(matched.at(-1)?.params);
    }
    // The widget API, webhooks, the admin API, widget.js…: most of the app's routes.
    expect(resources).toBeGreaterThan(40);
  });

  it("leaves pages, Remix's data URLs and its route manifest to the whole build", () => {
    for (const pathname of ["/api/chat", "/demo", "/healthz"]) expect(build.entry.module.resourceBranchOf(build, pathname), pathname).toBeDefined();
    for (const pathname of ["/admin", "/app", "/app/settings", "/api/chat.data", "/healthz.data", "/__manifest", "/no/such/page"]) {
      expect(build.entry.module.resourceBranchOf(build, pathname), pathname).toBeUndefined();
    }
  });
});
