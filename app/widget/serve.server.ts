import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/**
 * Serves the files scripts/build-widget.mjs writes to build/widget: gzipped when the client accepts
 * it, with a content-hash ETag, and readable from any storefront origin.
 */
interface BuiltFile {
  mtimeMs: number;
  body: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
  etag: string;
}

const cache = new Map<string, BuiltFile>();

/** build/widget next to build/server (production), else under the working directory (vite dev, tests). */
function candidates(name: string): string[] {
  const list = [path.resolve(process.cwd(), "build/widget", name)];
  try {
    list.unshift(fileURLToPath(new URL(`../widget/${name}`, import.meta.url)));
  } catch {
    // import.meta.url is not a file URL (bundled for another runtime)
  }
  return list;
}

async function loadBuilt(name: string): Promise<BuiltFile | undefined> {
  for (const file of candidates(name)) {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) continue;
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs) return cached;
    const body = new Uint8Array(await readFile(file));
    const built = {
      mtimeMs: info.mtimeMs,
      body,
      gzip: new Uint8Array(gzipSync(body, { level: 9 })),
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
    };
    cache.set(file, built);
    return built;
  }
  return undefined;
}

const etagMatches = (header: string | null, etag: string) =>
  !!header && header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag || tag.trim() === "*");

export async function serveWidgetFile(request: Request, name: string, cacheControl: string): Promise<Response> {
  const base = {
    "content-type": "application/javascript; charset=utf-8",
    "access-control-allow-origin": "*",
    "x-content-type-options": "nosniff",
    vary: "accept-encoding",
  };
  const built = await loadBuilt(name);
  if (!built) {
    const body = `console.warn("[Palompy] ${name} is not built yet: run \`npm run build\` on the server.");\n`;
    return new Response(body, { status: 503, headers: { ...base, "cache-control": "no-store" } });
  }
  const headers: Record<string, string> = { ...base, "cache-control": cacheControl, etag: built.etag };
  if (etagMatches(request.headers.get("if-none-match"), built.etag)) return new Response(null, { status: 304, headers });
  const gzip = /\bgzip\b/.test(request.headers.get("accept-encoding") ?? "");
  if (gzip) headers["content-encoding"] = "gzip";
  const body = gzip ? built.gzip : built.body;
  headers["content-length"] = String(body.byteLength);
  return new Response(request.method === "HEAD" ? null : body, { headers });
}
