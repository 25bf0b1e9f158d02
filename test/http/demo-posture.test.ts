import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** Issue 8, production posture: what `npm run demo` (PALOMPY_DEMO=1 server/start.mjs) exposes. */
const ROOT = path.resolve(__dirname, "../..");
const README_SESSION = "6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f";
const UUID = /"sessionId":"([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})"/;

const running: ChildProcess[] = [];

/** Starts the demo server on a free port and returns what it printed once it is ready. */
function startDemo(dataDir: string): Promise<{ output: string; child: ChildProcess }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PALOMPY_DEMO: "1", NODE_ENV: "production", PALOMPY_DATA_DIR: dataDir, PORT: "0" };
  for (const name of ["HOST", "PALOMPY_ADMIN_TOKEN", "PALOMPY_ADMIN_TOKEN_GENERATED", "PALOMPY_PUBLIC_URL", "OPENAI_API_KEY", "DATABASE_URL"]) delete env[name];
  const child = spawn(process.execPath, ["server/start.mjs"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  running.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 100_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (UUID.test(output)) {
        clearTimeout(timer);
        resolve({ output, child });
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.on("exit", (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

describe("npm run demo posture", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "palompy-demo-"));
  afterAll(async () => {
    await Promise.all(running.map(stop));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1, keeps its admin token mode 0600 and prints a fresh session id", async () => {
    // A token file an older demo left world-readable.
    writeFileSync(path.join(dataDir, "admin-token"), "old-demo-token-0123456789", { mode: 0o644 });
    const first = await startDemo(dataDir);
    const url = /listening on (http:\/\/\S+)/.exec(first.output)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(statSync(path.join(dataDir, "admin-token")).mode & 0o777).toBe(0o600);
    expect(first.output).toContain("Admin token (generated for this demo): old-demo-token-0123456789");

    const firstSession = UUID.exec(first.output)![1];
    expect(firstSession).not.toBe(README_SESSION);
    await stop(first.child);

    const second = await startDemo(dataDir);
    expect(UUID.exec(second.output)![1]).not.toBe(firstSession);
    await stop(second.child);
  });

  it("generates a new token file readable by its owner only", async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), "palompy-demo-"));
    try {
      const { applyDemoDefaults } = await import(/* @vite-ignore */ path.join(ROOT, "server/demo-defaults.mjs"));
      const env: Record<string, string | undefined> = { PALOMPY_DATA_DIR: fresh };
      await applyDemoDefaults(env);
      expect(env.HOST).toBe("127.0.0.1");
      expect(statSync(path.join(fresh, "admin-token")).mode & 0o777).toBe(0o600);
      expect(readFileSync(path.join(fresh, "admin-token"), "utf8")).toBe(env.PALOMPY_ADMIN_TOKEN);
      const explicit: Record<string, string | undefined> = { PALOMPY_DATA_DIR: fresh, HOST: "0.0.0.0", PALOMPY_ADMIN_TOKEN: "mine" };
      await applyDemoDefaults(explicit);
      expect(explicit).toMatchObject({ HOST: "0.0.0.0", PALOMPY_ADMIN_TOKEN: "mine" });
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
