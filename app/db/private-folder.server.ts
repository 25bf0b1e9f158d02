import fs from "node:fs";
import path from "node:path";

/**
 * The embedded database's folder holds shoppers' emails and Shopify offline tokens: only the
 * account running Palompy may read it. A 0700 folder already shuts everyone else out of what is in
 * it; files are also made 0600 (and folders 0700), so a copy or a looser parent folder does not
 * expose them.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder (and missing parents) as 0700, and tightens it when it already existed. */
export function ensurePrivateFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Makes every folder below `dir` 0700 and every file 0600. PGlite's file system writes with the
 * process umask (0644 files under the usual 022), and a worker thread cannot change the umask of
 * the process it shares, so the tree is tightened after the database has written it: when it
 * opens (files of an earlier run) and when it closes. Symbolic links are left alone: chmod would
 * follow them out of the folder.
 */
export function restrictTree(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (chmodIfPresent(child, PRIVATE_DIR_MODE)) restrictTree(child);
    } else if (entry.isFile()) {
      chmodIfPresent(child, PRIVATE_FILE_MODE);
    }
  }
}

/** The running database may remove a file between listing and chmod. */
function chmodIfPresent(target: string, mode: number): boolean {
  try {
    fs.chmodSync(target, mode);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
