#!/usr/bin/env bash
# Checks the brotli-compressed size of what a participant's browser downloads to run the app
# (target/site/pkg: WASM, JS glue, CSS) against the committed budget in bench/bundle-budget.
# Fails when it grows more than 10% over the budget. Build the release site first.
#
#   scripts/bundle-size.sh          check
#   scripts/bundle-size.sh --update write the current size as the new budget
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
pkg=target/site/pkg
budget_file=bench/bundle-budget

size="$(node -e '
  const zlib = require("zlib"), fs = require("fs");
  const quality = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } };
  let total = 0;
  for (const file of process.argv.slice(1)) {
    const bytes = zlib.brotliCompressSync(fs.readFileSync(file), quality).length;
    console.error(`  ${file}: ${fs.statSync(file).size} bytes, ${bytes} brotli`);
    total += bytes;
  }
  console.log(total);
' "$pkg/whenless_bg.wasm" "$pkg/whenless.js" "$pkg/whenless.css")"

if [ "${1:-}" = "--update" ]; then
  echo "$size" > "$budget_file"
  echo "bundle budget set to $size bytes (brotli)"
  exit 0
fi
budget="$(cat "$budget_file")"
limit=$(( budget * 110 / 100 ))
echo "bundle: $size bytes brotli; budget $budget, limit $limit (+10%)"
if [ "$size" -gt "$limit" ]; then
  echo "the browser bundle grew more than 10% over its budget; shrink it, or raise bench/bundle-budget with a reason in the commit" >&2
  exit 1
fi
