import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The outbound client (app/http/outbound.server.ts) is the only way server code may open an HTTP
 * connection (issue 16 items 3 and 5): a `fetch(`, an `http.request`, an HTTP library import or a
 * raw socket anywhere else in app/ or server/ fails this test unless it is listed below with the
 * reason it never carries a tenant-supplied URL.
 */

const root = path.resolve(__dirname, "../..");

const OUTBOUND_PATTERNS: Array<[name: string, pattern: RegExp]> = [
  ["fetch(", /(?<![\w.])fetch\s*\(|globalThis\.fetch|window\.fetch/],
  ["http(s).request/get", /\bhttps?\.(request|get)\s*\(/],
  ["HTTP library import", /from\s+["'](node:)?(http|https|http2|undici|axios|node-fetch|got|@woocommerce\/woocommerce-rest-api)["']|require\(\s*["'](node:)?(http|https|undici|axios)["']\s*\)/],
  ["raw socket", /\b(net|tls)\.(connect|createConnection)\s*\(/],
];

/** file → why its matches never reach a tenant-supplied URL. */
const ALLOWED: Record<string, string> = {
  "app/http/outbound.server.ts": "the outbound client itself (undici Agent with the connect-time address check)",
  "app/console/console-paths.tsx": "runs in the merchant's browser: downloads the console's own CSV from the same origin",
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return relative === "app/generated" ? [] : sourceFiles(relative);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) ? [relative] : [];
  });
}

function outboundUses(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    text.split("\n").forEach((line, index) => {
      if (/^\s*(\*|\/\/)/.test(line)) return;
      for (const [name, pattern] of OUTBOUND_PATTERNS) if (pattern.test(line)) found.push(`${file}:${index + 1} ${name}`);
    });
  }
  return found;
}

describe("one outbound HTTP client", () => {
  const files = [...sourceFiles("app"), ...(fs.existsSync(path.join(root, "server")) ? sourceFiles("server") : [])];

  it("no server code opens an HTTP connection except through app/http/outbound.server.ts", () => {
    const bypasses = outboundUses(files).filter((use) => !(use.split(":")[0] in ALLOWED));
    expect(bypasses).toEqual([]);
  });

  it("the scan sees what it looks for (a bypass written today would be caught)", () => {
    const probe = path.join(root, "app/.outbound-probe.ts");
    const samples = [
      'const r = await fetch(connection.siteUrl);',
      'http.request(url, () => {});',
      'import axios from "axios";',
      'import WooCommerceRestApi from "@woocommerce/woocommerce-rest-api";',
      'import { request } from "undici";',
      'https.get(webhookUrl);',
      'net.connect({ host, port });',
    ];
    fs.writeFileSync(probe, samples.join("\n"));
    try {
      expect(outboundUses(["app/.outbound-probe.ts"])).toHaveLength(samples.length);
    } finally {
      fs.rmSync(probe);
    }
  });

  it("every allowed file exists and still needs its exception", () => {
    const uses = outboundUses(Object.keys(ALLOWED).filter((file) => fs.existsSync(path.join(root, file))));
    for (const file of Object.keys(ALLOWED)) {
      expect({ file, exists: fs.existsSync(path.join(root, file)) }).toEqual({ file, exists: true });
      expect({ file, used: uses.some((use) => use.startsWith(`${file}:`)) }).toEqual({ file, used: true });
    }
  });
});
