#!/usr/bin/env bash
# Builds the release site and serves it: http://127.0.0.1:3000 on the embedded SQLite database
# (data/whenless.db), or on Postgres when DATABASE_URL=postgres://... is set. Flags after
# `--` go to the server (`scripts/run.sh -- --help`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/build.sh release
[ "${1:-}" = "--" ] && shift
exec target/release/whenless --site-root target/site "$@"
