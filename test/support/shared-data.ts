import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { buildClientSchema, type GraphQLSchema } from "graphql";

// import.meta.url, not __dirname: the benchmarks (tsx, ESM) load this module too.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** ../shared beside the repo (CI) or PALOMPY_SHARED_DIR (worktrees). */
export const sharedDir = process.env.PALOMPY_SHARED_DIR ?? path.resolve(repoRoot, "../shared");
export const shopifyDataDir = path.join(sharedDir, "data/shopify");

let adminSchema: GraphQLSchema | undefined;

/** Shopify's Admin API 2026-10 schema from its published introspection. */
export function loadAdminSchema(): GraphQLSchema {
  adminSchema ??= buildClientSchema(
    JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(shopifyDataDir, "schema/admin-2026-10.introspection.json.gz"))).toString("utf8")).data,
  );
  return adminSchema;
}
