import { loadConfig } from "~/config.server";
import type { AppContext } from "~/context.server";
import type { Database } from "~/db/open.server";
import { LocalHashEmbedder } from "~/knowledge/embedders/local";
import type { Embedder } from "~/knowledge/embedders/types";

/** An AppContext over a test database with the offline embedder, counting embedding calls. */
export function testAppContext(db: Database, env: Record<string, string> = {}): AppContext & { embedCalls: () => number } {
  const local = new LocalHashEmbedder();
  let calls = 0;
  const embedder: Embedder = {
    modelId: local.modelId,
    dimensions: local.dimensions,
    embed: (texts) => {
      calls += 1;
      return local.embed(texts);
    },
  };
  // No job queue: these tests run the Shopify job functions directly.
  const app = { config: loadConfig({ PALOMPY_DATA_DIR: "memory://", ...env, NODE_ENV: "test" }), db, embedder } as AppContext;
  return Object.assign(app, { embedCalls: () => calls });
}
