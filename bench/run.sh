#!/usr/bin/env bash
# Runs every benchmark and prints one table: each figure beside a baseline measured in the
# same run (a bare axum server doing the same work), with their ratio and the goal.
#
#   bench/run.sh              SQLite, plus Postgres on a throwaway cluster
#   bench/run.sh --seconds 10 longer throughput runs
#
# Uses DATABASE_URL when it names a Postgres server whose user may create databases. Not part
# of `make test`: timings belong here, not in tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
PATH="$(scripts/tools.sh build):$PATH"
export PATH

scripts/build.sh release
# shellcheck source=scripts/rustflags.sh
. scripts/rustflags.sh
cargo build --release -p bench

case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) pg_url="$DATABASE_URL" ;;
  *)
    read -r pg_dir pg_url < <(scripts/pg.sh start)
    trap 'scripts/pg.sh stop "$pg_dir"' EXIT
    ;;
esac

# Two thousand event streams need two thousand sockets on each side.
ulimit -n "$(ulimit -Hn)" 2> /dev/null || true

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
echo "page weight (what a participant's phone downloads, brotli):"
scripts/bundle-size.sh || true
WHENLESS_BENCH_POSTGRES_URL="$pg_url" target/release/whenless-bench "$@"
