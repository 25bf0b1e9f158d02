import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { TEST_ADMIN_TOKEN } from "./app-server";

export interface AppProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far (JSON log lines and the banner). */
  output(): string;
  /** The JSON log lines with this `msg`. */
  logs(msg: string): Record<string, unknown>[];
  admin(pathname: string, init?: RequestInit): Promise<Response>;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const root = path.resolve(__dirname, "../..");

/**
 * One more app instance: the production build (`npm start`'s server/start.mjs) in its own Node
 * process on a random loopback port, with --throw-deprecation like the tests. Nothing is
 * inherited from the test's environment but PATH and what `env` says.
 */
export async function startAppProcess(name: string, env: Record<string, string>): Promise<AppProcess> {
  let output = "";
  const child = spawn(process.execPath, ["--throw-deprecation", "server/start.mjs"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "test",
      PORT: "0",
      HOST: "127.0.0.1",
      PALOMPY_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      PALOMPY_SECRET_KEY: "multi-instance-secret-key-0123456789abcdef",
      PALOMPY_EMBEDDER: "local",
      PALOMPY_LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (data: Buffer) => (output += data.toString()));
  child.stderr!.on("data", (data: Buffer) => (output += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const logs = (msg: string) =>
    output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return {};
        }
      })
      .filter((line) => line.msg === msg);
  const deadline = Date.now() + 90_000;
  let early: number | null | undefined;
  void exited.then((code) => (early = code));
  while (logs("listening").length === 0) {
    if (early !== undefined) throw new Error(`app ${name} exited (${early}) before listening:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`app ${name} did not listen within 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = String(logs("listening")[0].url);
  return {
    name,
    url,
    child,
    output: () => output,
    logs,
    admin: (pathname, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${TEST_ADMIN_TOKEN}`);
      if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
      return fetch(`${url}${pathname}`, { ...init, headers });
    },
    stop: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
