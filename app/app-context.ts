import type { AppConfig } from "./config.server";
import type { Database } from "./db/open.server";
import type { JobQueue } from "./jobs/types";
import type { Embedder } from "./knowledge/embedders/types";
import type { AdminGraphql } from "./shopify/admin-client";

/**
 * What the app's modules receive to do their work: configuration, the migrated database, the
 * embedder, the job queue and the way to a Shopify shop's Admin API. Built once by the composition root (context.server.ts) and passed
 * down; this module stays a leaf (types only, nothing of the domains) so that passing it creates
 * no import back up to the wiring.
 */
export interface AppContext {
  config: AppConfig;
  db: Database;
  embedder: Embedder;
  jobs: JobQueue;
  /** A shop's Admin API with its offline session (shopify-app-remix); a 404 HttpError when Shopify is not configured. */
  shopifyAdmin: (shopDomain: string) => Promise<AdminGraphql>;
}
