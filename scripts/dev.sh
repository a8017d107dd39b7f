#!/usr/bin/env bash
# Development loop: builds a debug site, serves it, and rebuilds and restarts whenever a file
# under domain/, app/, server/, frontend/, islands/, style/, public/ or migrations/ changes. Flags after `--` go
# to the server. Stop with Ctrl-C.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ "${1:-}" = "--" ] && shift

watched=(domain app server frontend islands style public migrations)
fingerprint() { find "${watched[@]}" -type f -newer "$1" -print -quit 2>/dev/null; }

pid=""
stop_server() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
trap 'stop_server; exit 0' INT TERM

stamp="$(mktemp)"
while true; do
  touch "$stamp"
  if scripts/build.sh dev; then
    stop_server
    target/debug/whenless --site-root target/site "$@" &
    pid=$!
  else
    echo "build failed; fix the error and save to try again" >&2
  fi
  until [ -n "$(fingerprint "$stamp")" ]; do sleep 1; done
done
