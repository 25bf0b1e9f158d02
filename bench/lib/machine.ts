import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  pglite?: string;
  pgvector?: string;
}

function osName(): string {
  try {
    const release = readFileSync("/etc/os-release", "utf8");
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1];
    if (pretty) return `${pretty} (${os.type()} ${os.release()}, ${os.arch()})`;
  } catch {
    // not Linux
  }
  return `${os.type()} ${os.release()} (${os.arch()})`;
}

function cpuModel(): string {
  const model = os.cpus()[0]?.model?.trim() ?? "unknown";
  try {
    // lscpu often knows more than /proc/cpuinfo on virtual machines (e.g. "AMD EPYC 7B13").
    const out = execFileSync("lscpu", { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const name = /^Model name:\s*(.+)$/m.exec(out)?.[1]?.trim();
    if (name && name.length > model.length) return name;
  } catch {
    // lscpu missing
  }
  return model;
}

export function machineInfo(): MachineInfo {
  let pglite: string | undefined;
  try {
    pglite = JSON.parse(readFileSync("node_modules/@electric-sql/pglite/package.json", "utf8")).version;
  } catch {
    pglite = undefined;
  }
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: osName(),
    pglite,
  };
}
