#!/usr/bin/env sh
# npm run demo: build, then serve the demo store with the embedded database and offline engines.
set -eu
cd "$(dirname "$0")/.."
data_dir=${PALOMPY_DATA_DIR:-.data}
mkdir -p "$data_dir"
if [ -z "${PALOMPY_ADMIN_TOKEN:-}" ]; then
  # One token per data folder, kept there so the printed token stays valid across restarts.
  if [ ! -s "$data_dir/admin-token" ]; then
    node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("base64url"))' > "$data_dir/admin-token"
  fi
  PALOMPY_ADMIN_TOKEN=$(cat "$data_dir/admin-token")
  PALOMPY_ADMIN_TOKEN_GENERATED=1
  export PALOMPY_ADMIN_TOKEN PALOMPY_ADMIN_TOKEN_GENERATED
fi
npm run --silent build
PALOMPY_DEMO=1 NODE_ENV=production exec node --enable-source-maps server/start.mjs
