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
step() { printf '\n\033[1;35m==> %s\033[0m\n' "$*" >&2; }

step "formatting"
cargo fmt --all --check

step "clippy"
cargo clippy -p domain --all-targets -- -D warnings
cargo clippy -p server --all-targets -- -D warnings
cargo clippy -p app --features ssr --all-targets -- -D warnings
cargo clippy -p bench --all-targets -- -D warnings
cargo clippy -p frontend -p islands --target wasm32-unknown-unknown -- -D warnings

step "unit, domain and server tests"
case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) export WHENLESS_TEST_POSTGRES_URL="$DATABASE_URL" ;;
  *) echo "the Postgres tests are skipped (make test runs them; or set DATABASE_URL=postgres://...)" >&2 ;;
esac
cargo test -p domain
cargo test -p app --features ssr
# As in scripts/test.sh: the server's tests side by side, then the rooms of sixty phones on
# their own, one at a time.
cargo test -p server -- --skip sixty_phones
cargo test -p server --test integration sixty_phones -- --test-threads=1
