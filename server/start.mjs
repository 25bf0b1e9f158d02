// `npm start` / `npm run demo`: serve the production build.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { applyDemoDefaults } from "./demo-defaults.mjs";
import { listen } from "./http.mjs";

if (process.env.PALOMPY_DEMO === "1") await applyDemoDefaults();

const root = process.cwd();
const serverBuild = path.join(root, "build/server/index.js");
const build = await import(pathToFileURL(serverBuild).href).catch((error) => {
  console.error(`palompy: cannot load ${serverBuild}; run \`npm run build\` first.\n`, error.message);
  process.exit(1);
});

const report = await build.entry.module.startPalompy();
const port = Number(process.env.PORT || 3000);
const { log } = build.entry.module;
const { url, drain } = await listen({
  build,
  clientDir: path.join(root, "build/client"),
  port,
  host: process.env.HOST,
  trustProxy: process.env.PALOMPY_TRUST_PROXY,
});

const base = process.env.PALOMPY_PUBLIC_URL ?? url;
log.info("listening", { url: base, database: report.database, embedder: report.embedder, problems: report.problems });
console.log(`\nPalompy is listening on ${base}  (database: ${report.database}, embedder: ${report.embedder})`);
if (!report.adminApi) {
  console.log("Admin API disabled: set PALOMPY_ADMIN_TOKEN to enable /api/shops.");
} else if (process.env.PALOMPY_ADMIN_TOKEN_GENERATED === "1") {
  console.log(`Admin token (generated for this demo): ${process.env.PALOMPY_ADMIN_TOKEN}`);
}
if (report.secretKey === "derived") {
  console.log("PALOMPY_SECRET_KEY is not set: console sessions and links are signed with a key derived from the admin token (set it in production).");
} else if (report.secretKey === "generated") {
  console.log("PALOMPY_SECRET_KEY is not set: a random key was generated for this process; console sessions and links end on restart.");
}
if (report.adminApi) console.log(`Merchant console: ${base}/admin (log in with a shop's API key, or the admin token to pick a shop)`);
if (report.demo) {
  console.log(`\nDemo store "${report.demo.name}"`);
  console.log(`  public key:  ${report.demo.publicKey}`);
  console.log(`  shop id:     ${report.demo.shopId}`);
  console.log(`  knowledge:   ${report.demo.chunks} chunks (${report.demo.embedded} embedded on this start)`);
  console.log(`  storefront:  ${base}/demo`);
  console.log(`  widget:      ${base}/widget.js`);
  console.log(`  health:      ${base}/healthz  ${base}/readyz`);
  console.log(`\nAsk it something:\n  curl -s ${base}/api/chat -H 'content-type: application/json' \\\n    -d '{"shopPublicKey":"${report.demo.publicKey}","sessionId":"${crypto.randomUUID()}","message":"Do you have a warm winter jacket?"}'\n`);
}

// Graceful shutdown: stop accepting, let streaming answers finish (bounded), stop the job workers
// (running jobs resume on the next start), close the database.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    const graceMs = Number(process.env.PALOMPY_SHUTDOWN_GRACE_MS || 10_000);
    log.info("shutting down", { signal, graceMs });
    const forced = setTimeout(() => {
      log.error("shutdown took too long; exiting", { graceMs });
      process.exit(1);
    }, graceMs * 3);
    forced.unref();
    try {
      await drain(graceMs);
      await build.entry.module.closeAppContext();
      log.info("stopped", { signal });
      process.exit(0);
    } catch (error) {
      log.error("shutdown failed", { error });
      process.exit(1);
    }
  });
}
