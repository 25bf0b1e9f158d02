import type { AppConfig } from "./config.server";
import type { Database } from "./db/open.server";
import type { JobQueue } from "./jobs/types";
import type { Embedder } from "./knowledge/embedders/types";

/**
 * What the app's modules receive to do their work: configuration, the migrated database, the
 * embedder and the job queue. Built once by the composition root (context.server.ts) and passed
 * down; this module stays a leaf (types only, nothing of the domains) so that passing it creates
 * no import back up to the wiring.
 */
export interface AppContext {
  config: AppConfig;
  db: Database;
  embedder: Embedder;
  jobs: JobQueue;
}
