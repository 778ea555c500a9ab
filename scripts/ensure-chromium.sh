#!/usr/bin/env bash
# End-to-end tests drive Debian's Chromium (never a browser downloaded by a test tool). Install it when missing
# and we may (root with apt-get, as on CI and a fresh machine of ours); otherwise say exactly what to run.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$path" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium not found at $path: installing Debian's chromium package…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "End-to-end tests need Chromium at $path: run 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH)." >&2
exit 1
