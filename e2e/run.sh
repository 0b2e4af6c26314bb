#!/usr/bin/env bash
# End-to-end tests in headless Chromium: builds Kumppani if needed, starts it
# on a fresh SQLite database with the demo data on a free port, runs the
# journeys in e2e/tests/, and always stops the server.
#
#   e2e/run.sh                   all journeys
#   e2e/run.sh tests/roles.test.mjs     some of them (paths relative to e2e/)
#
# Needs Node 20+, /usr/bin/chromium (or CHROMIUM=/path) and `npm ci` in e2e/
# (run here when node_modules is missing). Screenshots go to docs/screenshots/.
set -euo pipefail
e2e="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$e2e")"
cd "$root"

cargo build --bin kumppani
if [ ! -d "$e2e/node_modules/playwright-core" ] || [ ! -d "$e2e/node_modules/axe-core" ]; then
  (cd "$e2e" && npm ci --no-audit --no-fund)
fi

tmp="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Port 0: the system picks a free port, and the server prints the address.
target/debug/kumppani serve --listen 127.0.0.1:0 --database-url "sqlite://$tmp/e2e.db" --demo >"$tmp/server.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 240); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "Kumppani stopped before it was ready:"; cat "$tmp/server.log"; exit 1
  fi
  url="${url:-$(sed -n 's|^Kumppani is running at \(http://[0-9.:]*\)/$|\1|p' "$tmp/server.log" | head -n 1)}"
  if [ -n "$url" ] && curl -sf "$url/readyz" >/dev/null 2>&1; then break; fi
  sleep 0.25
done
if [ -z "$url" ] || ! curl -sf "$url/readyz" >/dev/null 2>&1; then
  echo "Kumppani did not become ready:"; cat "$tmp/server.log"; exit 1
fi
echo "Kumppani (demo data) at $url"

cd "$e2e"
if [ "$#" -eq 0 ]; then set -- tests/*.test.mjs; fi
status=0
# The test files share which pages were already seen in every language.
mkdir -p "$tmp/state"
KUMPPANI_URL="$url" E2E_STATE_DIR="$tmp/state" node --test --test-concurrency="${E2E_CONCURRENCY:-2}" --test-reporter=spec "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- Kumppani's log, last 40 lines"
  tail -n 40 "$tmp/server.log"
fi
exit "$status"
