// The embedded database in its own thread: PGlite (WASM Postgres with pgvector, unaccent and
// pg_trgm) served over the Postgres wire protocol on a private unix socket. The app reaches it
// through node-postgres exactly as it reaches a PostgreSQL server, and a long query (a bulk import's
// HNSW inserts) runs here instead of blocking the HTTP event loop.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { vector } from "@electric-sql/pglite/vector";
import { serveWire } from "./pglite-wire.mjs";

/** @type {{ dataDir: string, socketPath: string, maxConnections: number, sessionSql: string }} */
const { dataDir, socketPath, maxConnections, sessionSql } = workerData;

try {
  const db = await PGlite.create(dataDir, { extensions: { vector, unaccent, pg_trgm } });
  // PGlite is one session whatever the socket connection: the app's session settings, set once.
  await db.exec(sessionSql);
  const server = await serveWire(db, { path: socketPath, maxConnections });
  parentPort.on("message", async (message) => {
    if (message?.type !== "close") return;
    try {
      await server.stop();
      await db.close();
      parentPort.postMessage({ type: "closed" });
    } catch (error) {
      parentPort.postMessage({ type: "closed", error: String(error?.message ?? error) });
    }
    parentPort.close();
  });
  parentPort.postMessage({ type: "ready" });
} catch (error) {
  parentPort.postMessage({ type: "failed", error: String(error?.stack ?? error) });
  parentPort.close();
}
