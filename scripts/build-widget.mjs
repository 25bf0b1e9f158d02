// Builds the storefront widget (widget/src) into two files:
//   build/widget/widget.js               the loader, served at /widget.js by app/routes/widget[.]js.ts
//   build/widget/widget-chat.<hash>.js   the chat panel, fetched on first intent; served immutable at
//                                        /widget/<file> by app/routes/widget.$asset.ts
// plus build/widget/manifest.json (names, hashes, sizes) for those routes and scripts/widget-size.mjs.
// Both are served by routes rather than express.static so they are gzipped and carry CORS headers.
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// `--out <dir>` builds elsewhere (tests that must not touch a build/ shared with a running server).
const outFlag = process.argv.indexOf("--out");
const widgetDir = outFlag > 0 ? path.resolve(process.argv[outFlag + 1]) : path.join(root, "build/widget");
const { version } = JSON.parse(await readFile(path.join(root, "package.json"), "utf8"));

/** `import css from "./x.css?inline"`: the stylesheet, minified, as a string (same syntax Vite uses). */
const inlineCss = {
  name: "inline-css",
  setup(build) {
    build.onResolve({ filter: /\.css\?inline$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.replace(/\?inline$/, "")),
      namespace: "inline-css",
    }));
    build.onLoad({ filter: /.*/, namespace: "inline-css" }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const { code } = await esbuild.transform(source, { loader: "css", minify: true });
      return { contents: code.trim(), loader: "text", watchFiles: [args.path] };
    });
  },
};

const common = {
  bundle: true,
  minify: true,
  format: "iife",
  // Storefront shoppers: evergreen browsers and iOS Safari 14+.
  target: ["es2020", "safari14"],
  legalComments: "none",
  write: false,
  plugins: [inlineCss],
  logLevel: "warning",
};

const hashOf = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 12);
const sizes = (bytes) => ({ bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length });

const chat = await esbuild.build({ ...common, entryPoints: [path.join(root, "widget/src/chat/index.ts")] });
const chatBytes = chat.outputFiles[0].contents;
const chatHash = hashOf(chatBytes);
const chatFile = `widget-chat.${chatHash}.js`;

const loader = await esbuild.build({
  ...common,
  entryPoints: [path.join(root, "widget/src/loader.ts")],
  define: {
    __PALOMPY_CHAT_CHUNK__: JSON.stringify(`/widget/${chatFile}`),
    __PALOMPY_VERSION__: JSON.stringify(version),
  },
});
const loaderBytes = loader.outputFiles[0].contents;

await mkdir(widgetDir, { recursive: true });
await writeFile(path.join(widgetDir, chatFile), chatBytes);
await writeFile(path.join(widgetDir, "widget.js"), loaderBytes);
// The Shopify theme app extension serves the same loader from Shopify's CDN (`shopify app deploy`
// uploads extensions/ as it is, so the copy must exist before deploying).
if (outFlag < 0) {
  const themeAssets = path.join(root, "extensions/palompy-chat/assets");
  await mkdir(themeAssets, { recursive: true });
  await writeFile(path.join(themeAssets, "palompy-widget.js"), loaderBytes);
}
const manifest = {
  version,
  builtAt: new Date().toISOString(),
  loader: { file: "widget.js", hash: hashOf(loaderBytes), ...sizes(loaderBytes) },
  chat: { file: chatFile, url: `/widget/${chatFile}`, hash: chatHash, ...sizes(chatBytes) },
};
await writeFile(path.join(widgetDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  `widget: widget.js ${manifest.loader.gzipBytes} B gzip (${manifest.loader.bytes} B), ${chatFile} ${manifest.chat.gzipBytes} B gzip (${manifest.chat.bytes} B)`,
);
