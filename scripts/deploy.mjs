// `npm run deploy`: builds the widget into the theme app extension's assets (the loader Shopify's
// CDN serves), fails on any theme-check error in the extension, then runs `shopify app deploy`
// with the arguments given. `--check-only` stops before deploying.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { themeCheckRun } from "@shopify/theme-check-node";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const checkOnly = args.includes("--check-only");

const build = spawnSync(process.execPath, [path.join(root, "scripts/build-widget.mjs")], { cwd: root, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const extension = path.join(root, "extensions/palompy-chat");
const { offenses } = await themeCheckRun(extension, path.join(extension, ".theme-check.yml"), () => {});
const errors = offenses.filter((offense) => offense.severity === 0);
for (const offense of offenses) console.error(`${offense.severity === 0 ? "error" : "warning"} ${offense.check}: ${offense.message} (${offense.uri})`);
if (errors.length) {
  console.error(`theme-check: ${errors.length} error(s) in extensions/palompy-chat; not deploying.`);
  process.exit(1);
}
console.log("theme-check: no errors in extensions/palompy-chat");
if (checkOnly) process.exit(0);

const deploy = spawnSync("shopify", ["app", "deploy", ...args], { cwd: root, stdio: "inherit" });
if (deploy.error) {
  console.error(`could not run the Shopify CLI (${deploy.error.message}): install it with npm install -g @shopify/cli`);
  process.exit(1);
}
process.exit(deploy.status ?? 1);
