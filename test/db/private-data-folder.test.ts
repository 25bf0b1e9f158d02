import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db/open.server";

/** Issue 16 item 16: the embedded database's folder holds shoppers' emails and Shopify tokens. */
const root = fs.mkdtempSync(path.join(os.tmpdir(), "palompy-private-"));
// The usual umask, under which PGlite's own writes come out 0644 (a stricter one would hide the bug).
const previousUmask = process.umask(0o022);
afterAll(() => {
  process.umask(previousUmask);
  fs.rmSync(root, { recursive: true, force: true });
});

function modesBelow(dir: string): { dirs: Set<string>; files: Set<string> } {
  const dirs = new Set<string>();
  const files = new Set<string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const mode = (fs.statSync(full).mode & 0o777).toString(8);
    if (entry.isDirectory()) dirs.add(mode);
    else if (entry.isFile()) files.add(mode);
  }
  return { dirs, files };
}

describe("the embedded database folder", () => {
  it("is created 0700 with 0700 folders and 0600 files, whatever the umask lets PGlite write", async () => {
    const dataDir = path.join(root, "fresh", "data");
    const db = await openDatabase({ kind: "pglite", dataDir });
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    const whileOpen = modesBelow(dataDir);
    expect(whileOpen.files.size).toBeGreaterThan(0);
    expect([...whileOpen.dirs]).toEqual(["700"]);
    expect([...whileOpen.files]).toEqual(["600"]);
    await db.prisma.shop.create({ data: { name: "Private", settings: { handoff: { email: "owner@example.com" } } } });
    await db.close();
    const afterClose = modesBelow(dataDir);
    expect([...afterClose.dirs]).toEqual(["700"]);
    expect([...afterClose.files]).toEqual(["600"]);
  });

  it("tightens a folder an older version left readable by everyone", async () => {
    const dataDir = path.join(root, "older");
    const first = await openDatabase({ kind: "pglite", dataDir });
    await first.close();
    fs.chmodSync(dataDir, 0o755);
    const base = path.join(dataDir, "base");
    fs.chmodSync(base, 0o755);
    const someFile = fs.readdirSync(dataDir, { withFileTypes: true }).find((entry) => entry.isFile())!;
    fs.chmodSync(path.join(dataDir, someFile.name), 0o644);
    const second = await openDatabase({ kind: "pglite", dataDir });
    try {
      expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(fs.statSync(base).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(dataDir, someFile.name)).mode & 0o777).toBe(0o600);
    } finally {
      await second.close();
    }
  });
});
