import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig(({ isSsrBuild }) => ({
  server: { port: Number(process.env.PORT || 3000), fs: { allow: ["app", "node_modules"] } },
  plugins: [
    remix({
      ignoredRouteFiles: ["**/.*", "**/*.test.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
      },
    }),
    tsconfigPaths(),
  ],
  // The server runs on Node 22, which has all of ES2023. For Vite's default target (browsers of 2020), and
  // for "node22" too, esbuild rewrites each regular-expression literal with a \p{…} class or a lookbehind
  // into a `new RegExp(…)` call, constructed again every time its line runs: the server bundle keeps them.
  build: { assetsInlineLimit: 0, ...(isSsrBuild ? { target: "es2023" } : {}) },
  // PGlite ships WASM and data files it loads from its own folder: keep it external in the server build.
  ssr: { external: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/client", "pg"] },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
}));
