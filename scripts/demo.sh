#!/usr/bin/env sh
# npm run demo: build, then serve the demo store with the embedded database and offline engines.
# The demo's defaults (loopback only, a generated admin token kept mode 0600 in the data folder)
# are applied by server/start.mjs (server/demo-defaults.mjs).
set -eu
cd "$(dirname "$0")/.."
npm run --silent build
PALOMPY_DEMO=1 NODE_ENV=production exec node --enable-source-maps server/start.mjs
