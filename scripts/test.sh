#!/usr/bin/env bash
# Runs every test: formatting, clippy, unit tests, the store conformance tests on SQLite and
# Postgres, the HTTP integration tests, the end-to-end tests in Chromium against the release
# build, and a workshop through nginx in front of two release servers (scripts/proxy-test.sh).
# Installs what is missing. Uses DATABASE_URL when it names a Postgres server, otherwise starts
# a throwaway cluster and removes it afterwards.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
PATH="$(scripts/tools.sh test):$PATH"
export PATH
# One set of compiler flags for every build (tests, clippy, the release build), so that none
# of them rebuilds another's output.
# shellcheck source=scripts/rustflags.sh
. scripts/rustflags.sh
# shellcheck source=scripts/steps.sh
. scripts/steps.sh

cleanup=()
on_exit() {
  local status=$?
  for action in "${cleanup[@]}"; do eval "$action" || true; done
  exit "$status"
}
trap on_exit EXIT

lint

step "postgres"
case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*)
    pg_url="$DATABASE_URL"
    echo "using DATABASE_URL" >&2
    ;;
  *)
    read -r pg_dir pg_url < <(scripts/pg.sh start)
    cleanup+=("scripts/pg.sh stop '$pg_dir'")
    export WHENLESS_TEST_PG_DIR="$pg_dir"
    echo "throwaway cluster in $pg_dir" >&2
    ;;
esac
export WHENLESS_TEST_POSTGRES_URL="$pg_url" WHENLESS_REQUIRE_POSTGRES=1

results="$(mktemp)"
cleanup+=("rm -f '$results'")

step "unit and integration tests"
rust_tests 2>&1 | tee -a "$results"

step "systemd unit (deploy/whenless.service, against the debug server the tests built)"
scripts/verify-deploy.sh

step "fuzz smoke run (nightly, ${WHENLESS_FUZZ_SECONDS:-15} s per target)"
# The long runs (10 minutes and more per target) are run by hand: scripts/fuzz.sh.
scripts/fuzz.sh "${WHENLESS_FUZZ_SECONDS:-15}"

step "end-to-end tests (release build, Chromium)"
scripts/build.sh release
scripts/bundle-size.sh
e2e_dir="$(mktemp -d /tmp/whenless-e2e.XXXXXX)"
cleanup+=("rm -rf '$e2e_dir'")
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
# The default settings, as users run them: every browser of the suite shares one address,
# as a room on a venue's Wi-Fi does.
target/release/whenless --addr "127.0.0.1:$port" --site-root target/site \
  --database-url "sqlite://$e2e_dir/e2e.db" > "$e2e_dir/server.log" 2>&1 &
server_pid=$!
cleanup+=("kill $server_pid")
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break
  sleep 0.1
done
(cd end2end && WHENLESS_E2E_URL="http://127.0.0.1:$port" npx playwright test) 2>&1 | tee -a "$results" || {
  echo "--- server log ---" >&2
  tail -n 50 "$e2e_dir/server.log" >&2
  exit 1
}

step "reverse proxy (Debian's nginx, TLS, two servers on Postgres, one stopped halfway)"
scripts/proxy-test.sh 2>&1 | tee -a "$results"

unit="$(grep -hoE 'test result: ok\. [0-9]+ passed' "$results" | awk '{ sum += $4 } END { print sum + 0 }')"
# Playwright's summary line of each run: the end-to-end tests, then the proxy's.
browser="$(grep -oE '^ *[0-9]+ passed' "$results" | awk '{ sum += $1 } END { print sum + 0 }')"
step "summary"
echo "Rust: $unit passed; end-to-end: ${browser:-0} passed"
echo "tests: $((unit + ${browser:-0})) passed, 0 failed"
