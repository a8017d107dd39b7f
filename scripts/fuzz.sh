#!/usr/bin/env bash
# Runs every fuzz target (or the targets named after SECONDS) for the given number of seconds
# each (default 600), starting from the
# committed seed corpus in fuzz/corpus/<target>. New interesting inputs go to a scratch folder;
# crashes are kept in fuzz/artifacts/<target>. Needs the nightly toolchain and cargo-fuzz
# (scripts/tools.sh test installs both).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/fuzz"
PATH="$("$root/scripts/tools.sh" test):$PATH"
seconds="${1:-600}"
targets=("${@:2}")
[ "${#targets[@]}" -gt 0 ] || targets=(import_json content_toml form_fields address_errors)
for target in "${targets[@]}"; do
  scratch="$(mktemp -d)"
  log="$scratch.log"
  echo "fuzzing $target for $seconds s" >&2
  if ! cargo +nightly fuzz run "$target" "$scratch" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1 > "$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz target $target failed; the input is in fuzz/artifacts/$target" >&2
    exit 1
  fi
  grep -E "^Done|stat::number_of_executed_units|stat::new_units_added" "$log" >&2 || true
  rm -rf "$scratch" "$log"
done
