import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The shape of app/: wiring happens once, at the top (app/context.server.ts, the composition root),
 * and every other module receives what it needs as an argument (the AppContext interface of
 * app/app-context.ts). Two properties keep it so:
 * 1. no import cycle in app/, type imports included (a cycle through types today is a cycle through
 *    values after the next refactoring, and it is what tied the domains to the composition root);
 * 2. only the top layer (routes, http adapters, server start-up) imports the composition root,
 *    and only the composition root imports the built-in job handlers (jobs/builtin.server.ts).
 *
 * Imports are read with TypeScript's own pre-processor (static, type-only, re-exports and dynamic
 * import() alike), so nothing here guesses at syntax.
 */

const root = path.resolve(__dirname, "../..");
const appDir = path.join(root, "app");
const COMPOSITION_ROOT = "app/context.server.ts";

/** Prisma's generated client is not our code: its internal imports are Prisma's business. */
const NOT_OURS = ["app/generated/"];

/**
 * Modules allowed to import the composition root: Remix routes and the http adapters that serve
 * them (the loaders and actions of the console and the Shopify admin included), and the server's
 * start-up. Everything else gets its AppContext passed in.
 */
function isTopLayer(file: string): boolean {
  return (
    file === COMPOSITION_ROOT ||
    file.startsWith("app/routes/") ||
    // The http adapters (app/http/*-route.server.ts, app/console/route.server.ts, …).
    file.endsWith("route.server.ts") ||
    [
      "app/entry.server.tsx",
      "app/root.tsx",
      // First request: migrations, the demo store, the readiness check.
      "app/startup.server.ts",
      // The console's login/SSO and shell loaders and actions, called directly by routes.
      "app/console/session/login.server.ts",
      "app/console/shell/shell.server.ts",
    ].includes(file)
  );
}

const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".js", ".mjs"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return SOURCE_EXTENSIONS.some((extension) => name.endsWith(extension)) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith("~/")) base = path.join(appDir, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return undefined; // a package
  const candidates = [base, ...SOURCE_EXTENSIONS.map((extension) => base + extension), ...SOURCE_EXTENSIONS.map((extension) => path.join(base, "index" + extension))];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

const relative = (file: string) => path.relative(root, file).split(path.sep).join("/");

/** file → the app/ files it imports (relative to the repository root). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(appDir)) {
    const name = relative(file);
    if (NOT_OURS.some((prefix) => name.startsWith(prefix))) continue;
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = importedFiles.map((imported) => resolveImport(file, imported.fileName)).filter((target): target is string => target !== undefined);
    graph.set(name, [...new Set(targets.map(relative))].filter((target) => !NOT_OURS.some((prefix) => target.startsWith(prefix))));
  }
  return graph;
}

/** Tarjan's strongly connected components of more than one file (or a file importing itself). */
function importCycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (file: string) => {
    index.set(file, next);
    lowLink.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        lowLink.set(file, Math.min(lowLink.get(file)!, lowLink.get(target)!));
      } else if (onStack.has(target)) {
        lowLink.set(file, Math.min(lowLink.get(file)!, index.get(target)!));
      }
    }
    if (lowLink.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

describe("the import graph of app/", () => {
  const graph = importGraph();

  it("reads the imports it should (type imports and the path alias included)", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get("app/jobs/queue.server.ts")).toContain("app/jobs/records.server.ts");
    // `import type` from a `~/` path counts like any import.
    expect(graph.get("app/chat/service.server.ts")).toContain("app/app-context.ts");
  });

  it("has no import cycle", () => {
    const cycles = importCycles(graph);
    expect(cycles.map((cycle) => `${cycle.length} files: ${cycle.join(", ")}`)).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const cyclic = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a", "d"]],
      ["d", []],
    ]);
    expect(importCycles(cyclic)).toEqual([["a", "b", "c"]]);
  });

  it("lets only the top layer import the composition root", () => {
    const offenders = [...graph].filter(([file, targets]) => !isTopLayer(file) && targets.includes(COMPOSITION_ROOT)).map(([file]) => file);
    expect(offenders).toEqual([]);
  });

  it("registers the job kinds in the composition root only (the queue never imports the handlers)", () => {
    const importers = [...graph].filter(([, targets]) => targets.includes("app/jobs/builtin.server.ts")).map(([file]) => file);
    expect(importers).toEqual([COMPOSITION_ROOT]);
    expect(graph.get("app/jobs/queue.server.ts")?.filter((target) => !target.startsWith("app/jobs/"))).toEqual(["app/app-context.ts", "app/log.server.ts", "app/uuid.ts"]);
  });
});
