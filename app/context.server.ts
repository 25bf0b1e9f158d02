import { loadConfig, type AppConfig } from "./config.server";
import { openDatabase, type Database } from "./db/open.server";
import { createEmbedder } from "./knowledge/embedders/index.server";
import type { Embedder } from "./knowledge/embedders/types";

/** What every route needs: configuration, the migrated database and the configured embedder. */
export interface AppContext {
  config: AppConfig;
  db: Database;
  embedder: Embedder;
}

let current: Promise<AppContext> | undefined;

/** Opened once per process, on first use; migrations are applied before anything else runs. */
export function getAppContext(): Promise<AppContext> {
  current ??= createAppContext(loadConfig()).catch((error) => {
    current = undefined;
    throw error;
  });
  return current;
}

export async function createAppContext(config: AppConfig): Promise<AppContext> {
  const db = await openDatabase(config.database);
  return { config, db, embedder: createEmbedder(config) };
}

/** For graceful shutdown and tests. */
export async function closeAppContext(): Promise<void> {
  const context = current;
  current = undefined;
  if (context) await (await context).db.close();
}
