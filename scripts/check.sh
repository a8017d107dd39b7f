#!/usr/bin/env bash
# The checks to run before committing, in a few minutes: formatting, clippy (as `make test` runs
# it), the unit and domain tests, and the server's tests on SQLite (and on Postgres when
# DATABASE_URL names a Postgres server). No release build, no fuzz or end-to-end run: `make
# test` runs everything, as CI does.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/tools.sh check
# shellcheck source=scripts/rustflags.sh
. scripts/rustflags.sh
# shellcheck source=scripts/steps.sh
. scripts/steps.sh

lint

step "unit, domain and server tests"
case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) export WHENLESS_TEST_POSTGRES_URL="$DATABASE_URL" ;;
  *) echo "the Postgres tests are skipped (make test runs them; or set DATABASE_URL=postgres://...)" >&2 ;;
esac
rust_tests
