#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server with pgvector for tests and local runs (production runs on any
# PostgreSQL >= 15 with pgvector >= 0.8: see README).
#
#   bash scripts/postgres-test-server.sh run CMD [ARGS...]   start, run CMD with the URLs below set, stop
#   bash scripts/postgres-test-server.sh start               start, print `export ...` lines, leave it running
#   bash scripts/postgres-test-server.sh stop DIR            stop a server `start` left running, remove DIR
#
# What it does: installs postgresql-15, postgresql-server-dev-15 and build-essential when missing
# (root + apt-get), builds pgvector 0.8.1 from the vendored source (../shared/vendor/pgvector-0.8.1,
# or PALOMPY_VENDOR_DIR/pgvector-0.8.1) into PostgreSQL 15 unless it is already installed, then
# initdb's a private cluster in a temporary folder (as the `postgres` user when run as root) that
# listens on a free loopback port only, with its unix socket in that folder and a random password,
# and creates the database `palompy`.
#   DATABASE_URL                  the `palompy` database (what the app reads)
#   PALOMPY_TEST_POSTGRES_URL     the same; the tests create one database per test file from it
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
PG_BIN=/usr/lib/postgresql/15/bin
PG_CONFIG="$PG_BIN/pg_config"
PGVECTOR_VERSION=0.8.1

log() { echo "postgres-test-server: $*" >&2; }

vendor_dir() {
  if [ -n "${PALOMPY_VENDOR_DIR:-}" ]; then echo "$PALOMPY_VENDOR_DIR"; return; fi
  # ../shared next to the clone; for a git worktree, next to the main clone.
  local common
  common=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
  for candidate in "$repo/../shared/vendor" ${common:+"$(dirname "$common")/../shared/vendor"}; do
    if [ -d "$candidate/pgvector-$PGVECTOR_VERSION" ]; then (cd "$candidate" && pwd); return; fi
  done
  echo "$repo/../shared/vendor"
}

as_root_or_explain() {
  if [ "$(id -u)" = "0" ]; then return 0; fi
  log "$1 needs root: run this script as root once (or: $2)"
  exit 1
}

install_packages() {
  # The server headers too: a machine may come with postgresql-15 but not postgresql-server-dev-15,
  # and pgvector cannot be built without postgres.h.
  if [ -x "$PG_BIN/postgres" ] && [ -x "$PG_CONFIG" ] && [ -f "$("$PG_CONFIG" --includedir-server)/postgres.h" ] &&
    command -v make >/dev/null && command -v gcc >/dev/null; then return; fi
  as_root_or_explain "installing PostgreSQL 15" "sudo apt-get install -y postgresql-15 postgresql-server-dev-15 build-essential"
  log "installing postgresql-15, postgresql-server-dev-15, build-essential"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql-15 postgresql-server-dev-15 build-essential >/dev/null
}

pgvector_installed() {
  local control
  control="$("$PG_CONFIG" --sharedir)/extension/vector.control"
  [ -f "$control" ] && grep -q "default_version = '$PGVECTOR_VERSION'" "$control" && [ -f "$("$PG_CONFIG" --pkglibdir)/vector.so" ]
}

install_pgvector() {
  if pgvector_installed; then return; fi
  local source build
  source="$(vendor_dir)/pgvector-$PGVECTOR_VERSION"
  [ -f "$source/Makefile" ] || { log "pgvector source not found at $source (set PALOMPY_VENDOR_DIR)"; exit 1; }
  as_root_or_explain "installing pgvector into PostgreSQL 15" "sudo make -C <copy of $source> install PG_CONFIG=$PG_CONFIG"
  log "building pgvector $PGVECTOR_VERSION from $source"
  build=$(mktemp -d)
  cp -r "$source/." "$build"
  # OPTFLAGS="" leaves out -march=native: the build runs on any x86-64 machine.
  make -C "$build" -s -j"$(nproc)" OPTFLAGS="" PG_CONFIG="$PG_CONFIG" >"$build/build.log" 2>&1 || { tail -30 "$build/build.log" >&2; exit 1; }
  make -C "$build" -s install PG_CONFIG="$PG_CONFIG" >>"$build/build.log" 2>&1 || { tail -30 "$build/build.log" >&2; exit 1; }
  rm -rf "$build"
}

# initdb and the server refuse to run as root: the cluster belongs to `postgres` then.
as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() { node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

# Sets DIR, PORT, PASSWORD; the server is running when it returns.
start_server() {
  DIR=$(mktemp -d "${TMPDIR:-/tmp}/palompy-pg-XXXXXX")
  chmod 700 "$DIR"
  PASSWORD=$(node -e 'console.log(require("node:crypto").randomBytes(18).toString("hex"))')
  printf '%s\n' "$PASSWORD" >"$DIR/pwfile"
  if [ "$(id -u)" = "0" ]; then chown -R postgres "$DIR"; fi
  as_owner "$PG_BIN/initdb" -D "$DIR/data" -U postgres --pwfile="$DIR/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
  rm -f "$DIR/pwfile"
  # Throwaway data: durability settings off make CREATE DATABASE per test file cheap.
  local settings="-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB"
  for attempt in 1 2 3; do
    PORT=$(free_port)
    if as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -o "-p $PORT -k $DIR $settings" start >/dev/null; then
      break
    fi
    [ "$attempt" = 3 ] && { tail -20 "$DIR/server.log" >&2; exit 1; }
  done
  PGPASSWORD="$PASSWORD" "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE palompy" >/dev/null
  DATABASE_URL="postgresql://postgres:$PASSWORD@127.0.0.1:$PORT/palompy"
  export DATABASE_URL PALOMPY_TEST_POSTGRES_URL="$DATABASE_URL"
}

stop_server() {
  local dir=$1
  [ -d "$dir/data" ] && as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

prepare() {
  local began=$SECONDS
  install_packages
  install_pgvector
  start_server
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') with pgvector $PGVECTOR_VERSION on 127.0.0.1:$PORT (data in $DIR, ready in $((SECONDS - began)) s)"
}

case "${1:-}" in
  run)
    shift
    [ $# -gt 0 ] || { log "usage: $0 run CMD [ARGS...]"; exit 2; }
    prepare
    trap 'stop_server "$DIR"' EXIT
    trap 'exit 130' INT TERM
    status=0
    "$@" || status=$?
    exit "$status"
    ;;
  start)
    prepare
    echo "export DATABASE_URL='$DATABASE_URL'"
    echo "export PALOMPY_TEST_POSTGRES_URL='$DATABASE_URL'"
    echo "# stop it with: bash scripts/postgres-test-server.sh stop $DIR"
    ;;
  stop)
    [ -n "${2:-}" ] && [ -f "$2/data/PG_VERSION" ] || { log "usage: $0 stop DIR (a folder 'start' printed)"; exit 2; }
    stop_server "$2"
    ;;
  *)
    log "usage: $0 run CMD [ARGS...] | start | stop DIR"
    exit 2
    ;;
esac
