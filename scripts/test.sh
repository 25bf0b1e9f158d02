#!/usr/bin/env sh
# npm test: generate the Prisma client, build the app and the widget (route and browser tests
# run against the real build), then run every test.
set -eu
cd "$(dirname "$0")/.."
sh scripts/ensure-chromium.sh
npm run --silent build
mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
# One plain closing line that any CI can read.
node -e '
  const r = JSON.parse(require("node:fs").readFileSync("test-results/vitest.json", "utf8"));
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
exit "$status"
