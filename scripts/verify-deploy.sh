#!/usr/bin/env bash
# Checks deploy/whenless.service with `systemd-analyze verify`: its syntax, every directive
# known to this systemd, and that the program it starts exists and is executable. The unit
# starts /usr/local/bin/whenless, which a development machine need not have, so a copy of the
# unit is verified with ExecStart pointed at a built binary (the first argument, default the
# debug build); nothing else of the unit is changed. Takes a second or two.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
unit="$root/deploy/whenless.service"
binary="${1:-${CARGO_TARGET_DIR:-$root/target}/debug/whenless}"
[ -x "$binary" ] || { echo "verify-deploy: no server binary at $binary (cargo build -p server)" >&2; exit 1; }
command -v systemd-analyze > /dev/null || { echo "verify-deploy: systemd-analyze is missing (scripts/tools.sh test installs it)" >&2; exit 1; }

grep -q '^ExecStart=/usr/local/bin/whenless ' "$unit" || {
  echo "verify-deploy: ExecStart no longer starts /usr/local/bin/whenless; update this script" >&2
  exit 1
}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The copy keeps the unit's name: systemd-analyze judges a unit by its file name.
sed "s|^ExecStart=/usr/local/bin/whenless |ExecStart=$(realpath "$binary") |" "$unit" > "$work/whenless.service"
# systemd-analyze prints what it objects to and still exits 0 for some of it (an unknown
# directive, for one): any output at all is a failure.
output="$(systemd-analyze verify --man=no "$work/whenless.service" 2>&1)" || status=$?
if [ -n "$output" ] || [ "${status:-0}" -ne 0 ]; then
  printf '%s\n' "$output" >&2
  echo "verify-deploy: deploy/whenless.service does not verify" >&2
  exit 1
fi
echo "deploy/whenless.service verifies"
