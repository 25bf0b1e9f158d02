#!/usr/bin/env sh
# npm run demo: build, then serve the demo store with the embedded database and offline engines.
# The demo's defaults (loopback only, a generated admin token kept mode 0600 in the data folder)
# are applied by server/start.mjs (server/demo-defaults.mjs).
set -eu
cd "$(dirname "$0")/.."
# The build's own output (asset tables, bundler notices) is for developers: a newcomer gets one
# line, and the whole log only when the build fails.
mkdir -p .cache
log=.cache/build.log
started=$(date +%s)
printf 'palompy: building the app and the widget (log: %s)… ' "$log"
if npm run --silent build >"$log" 2>&1; then
  echo "done in $(( $(date +%s) - started )) s"
else
  echo "failed:"
  tail -n 40 "$log"
  exit 1
fi
PALOMPY_DEMO=1 NODE_ENV=production exec node --enable-source-maps server/start.mjs
