#!/usr/bin/env sh
# Browser tests drive Debian's Chromium (never a downloaded browser). Installs it when missing and
# this machine can (root with apt-get); otherwise says how.
set -eu
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "palompy: installing Debian's chromium for the browser tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
else
  echo "palompy: the browser tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install -y chromium'" >&2
  exit 1
fi
