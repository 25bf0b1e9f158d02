// `npm run demo`'s safe defaults, applied by server/start.mjs before the app reads its configuration:
// the demo listens on the loopback interface only (HOST says otherwise), and its generated admin
// token lives in the data folder readable by its owner alone.
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** @param {NodeJS.ProcessEnv} env */
export async function applyDemoDefaults(env = process.env) {
  env.HOST ||= "127.0.0.1";
  if (env.PALOMPY_ADMIN_TOKEN) return;
  env.PALOMPY_ADMIN_TOKEN = await demoAdminToken(env.PALOMPY_DATA_DIR || ".data");
  env.PALOMPY_ADMIN_TOKEN_GENERATED = "1";
}

/** One token per data folder, so the printed token stays valid across restarts. */
async function demoAdminToken(dataDir) {
  const fresh = randomBytes(24).toString("base64url");
  if (dataDir.startsWith("memory://")) return fresh;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, "admin-token");
  const existing = (await readFile(file, "utf8").catch(() => "")).trim();
  if (existing) {
    await chmod(file, 0o600); // a token file written by an older demo may still be world-readable
    return existing;
  }
  await writeFile(file, fresh, { mode: 0o600 });
  return fresh;
}
