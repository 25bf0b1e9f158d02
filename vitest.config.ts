import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/**/*.test.ts"],
    // Several app instances on one PostgreSQL server: vitest.postgres.config.ts runs them.
    exclude: ["test/postgres/**", "**/node_modules/**"],
    // Each file opens its own embedded Postgres (WASM); forks keep their memory apart.
    pool: "forks",
    // A deprecation (such as two queries at once on one pg client) fails the test that caused it.
    poolOptions: { forks: { maxForks: 2, minForks: 1, execArgv: ["--throw-deprecation"] } },
    setupFiles: ["test/support/file-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ["test/support/global-setup.ts"],
  },
});
