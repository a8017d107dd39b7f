#!/usr/bin/env bash
# Checks the brotli-compressed size of each browser bundle (target/site/pkg: its WASM and JS
# glue, plus the stylesheet every page loads) against its committed budget in
# bench/bundle-budget. Fails when one grows more than 10% over its budget. Build the release
# site first.
#
#   whenless          the whole app: the facilitator's pages, the presenter view, the home page
#   whenless-islands  the pages rendered with islands: a participant's page, the join page and
#                     read-only links (the page weight a participant's phone downloads)
#
#   scripts/bundle-size.sh          check
#   scripts/bundle-size.sh --update write the current sizes as the new budgets
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
pkg=target/site/pkg
budget_file=bench/bundle-budget
bundles="whenless whenless-islands"

# The value of KEY in a bundle's hash file (the files are named by their content; see
# scripts/build.sh).
hash_of() { sed -n "s/^$2: *//p" "target/site/$1.hash.txt"; }

# The brotli size of a bundle; each file's sizes go to stderr.
brotli_size() {
  echo "$1:" >&2
  node -e '
    const zlib = require("zlib"), fs = require("fs");
    const quality = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } };
    let total = 0;
    for (const file of process.argv.slice(1)) {
      const bytes = zlib.brotliCompressSync(fs.readFileSync(file), quality).length;
      console.error(`  ${file}: ${fs.statSync(file).size} bytes, ${bytes} brotli`);
      total += bytes;
    }
    console.log(total);
  ' "$pkg/$1.$(hash_of "$1" wasm).wasm" "$pkg/$1.$(hash_of "$1" js).js" "$pkg/whenless.$(hash_of whenless css).css"
}

if [ "${1:-}" = "--update" ]; then
  for bundle in $bundles; do echo "$bundle $(brotli_size "$bundle")"; done > "$budget_file"
  echo "bundle budgets set:"
  cat "$budget_file"
  exit 0
fi
status=0
while read -r bundle budget; do
  size="$(brotli_size "$bundle")"
  limit=$(( budget * 110 / 100 ))
  echo "$bundle: $size bytes brotli; budget $budget, limit $limit (+10%)"
  if [ "$size" -gt "$limit" ]; then
    echo "the $bundle bundle grew more than 10% over its budget; shrink it, or raise its line in $budget_file with a reason in the commit" >&2
    status=1
  fi
done < "$budget_file"
exit "$status"
