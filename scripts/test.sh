#!/usr/bin/env sh
# npm test: generate the Prisma client, build the app and the widget (route and browser tests
# run against the real build), then run every test.
set -eu
cd "$(dirname "$0")/.."
npm run --silent build
exec npx vitest run "$@"
