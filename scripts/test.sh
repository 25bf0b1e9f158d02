#!/usr/bin/env sh
# npm test: generate the Prisma client, build the app and the widget (route and browser tests
# run against the real build), then run every test: vitest on PGlite, the database-dependent files
# again on a real PostgreSQL server with pgvector (vitest.postgres.config.ts, through
# scripts/postgres-test-server.sh; PALOMPY_SKIP_POSTGRES=1 leaves it out), then the WooCommerce
# plugin on a real WordPress (scripts/test-wordpress.sh; PALOMPY_SKIP_WORDPRESS=1 leaves it out).
set -eu
cd "$(dirname "$0")/.."
sh scripts/ensure-chromium.sh
npm run --silent build
mkdir -p test-results
rm -f test-results/wordpress.json test-results/vitest-postgres.json
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
if [ "${PALOMPY_SKIP_POSTGRES:-}" != "1" ]; then
  echo "::: PostgreSQL pass"
  started=$(date +%s)
  bash scripts/postgres-test-server.sh run npx vitest run --config vitest.postgres.config.ts --passWithNoTests \
    --reporter=default --reporter=json --outputFile.json=test-results/vitest-postgres.json "$@" || status=1
  echo "::: PostgreSQL pass took $(( $(date +%s) - started )) s"
fi
if [ "${PALOMPY_SKIP_WORDPRESS:-}" != "1" ]; then
  echo "::: WordPress plugin tests"
  bash scripts/test-wordpress.sh || status=1
fi
# One plain closing line that any CI can read, counting vitest and the WordPress tests.
node -e '
  const fs = require("node:fs");
  const read = (file) => { try { return JSON.parse(fs.readFileSync(file, "utf8")); } catch { return null; } };
  const vitest = (file, skipped) => {
    const r = read(file) ?? { numPassedTests: 0, numFailedTests: skipped ? 0 : 1, numPendingTests: 0 };
    // A file that failed outside its tests (a hook, an import) counts as one failure of its own.
    r.numFailedTests += (r.testResults ?? []).filter((file) => file.status === "failed" && !(file.assertionResults ?? []).some((test) => test.status === "failed")).length;
    return r;
  };
  const r = vitest("test-results/vitest.json", false);
  const pg = vitest("test-results/vitest-postgres.json", process.env.PALOMPY_SKIP_POSTGRES === "1");
  r.numPassedTests += pg.numPassedTests;
  r.numFailedTests += pg.numFailedTests;
  r.numPendingTests += pg.numPendingTests;
  const wp = read("test-results/wordpress.json") ?? { passed: 0, failed: process.env.PALOMPY_SKIP_WORDPRESS === "1" ? 0 : 1 };
  console.log(`Tests: ${r.numPassedTests + wp.passed} passed, ${r.numFailedTests + wp.failed} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
exit "$status"
