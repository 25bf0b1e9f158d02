// Runs the production build (build/server + server/http.mjs) in a child process for the benchmark,
// like `npm start` but on a random loopback port, and answers SQL queries over IPC so the
// benchmark can inspect the in-memory database (e.g. count chat_logs) without a second connection.
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = process.cwd();
const build = await import(pathToFileURL(path.join(root, "build/server/index.js")).href);
const report = await build.entry.module.startPalompy();
const context = await build.entry.module.getAppContext();
const { listen } = await import(pathToFileURL(path.join(root, "server/http.mjs")).href);
const http = await listen({ build, clientDir: path.join(root, "build/client"), port: 0, host: "127.0.0.1" });

process.on("message", async (message) => {
  if (message?.type === "query") {
    try {
      const rows = await context.db.runner.query(message.sql, message.params ?? []);
      process.send({ type: "result", id: message.id, rows });
    } catch (error) {
      process.send({ type: "result", id: message.id, error: String(error?.message ?? error) });
    }
  } else if (message?.type === "close") {
    await http.close();
    await build.entry.module.closeAppContext();
    process.exit(0);
  }
});
process.send({ type: "ready", url: http.url, report });
