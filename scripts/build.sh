#!/usr/bin/env bash
# Builds the Whenless site into target/site and the server binary.
#
#   scripts/build.sh release   optimised server and WASM (what `make run` serves)
#   scripts/build.sh dev       debug server and WASM, no wasm-opt: faster, for development
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mode="${1:-release}"
PATH="$(scripts/tools.sh build):$PATH"
export PATH
log() { printf '\033[1;32m[build]\033[0m %s\n' "$*" >&2; }

case "$mode" in
  release) server_profile=release; wasm_profile=wasm-release ;;
  dev) server_profile=dev; wasm_profile=dev ;;
  *) echo "usage: scripts/build.sh [release|dev]" >&2; exit 2 ;;
esac
wasm_dir="$wasm_profile"
[ "$wasm_profile" = dev ] && wasm_dir=debug

site="$root/target/site"
pkg="$site/pkg"
rm -rf "$pkg"
mkdir -p "$pkg"

# shellcheck source=scripts/rustflags.sh
. scripts/rustflags.sh

log "server ($server_profile)"
cargo build --profile "$server_profile" -p server --bin whenless

# Two bundles: the whole app, and the pages rendered with islands (only their islands; see
# app::routes::ISLANDS_BUNDLE).
log "browser bundles ($wasm_profile, wasm32)"
cargo build --profile "$wasm_profile" -p frontend -p islands --target wasm32-unknown-unknown
for bundle in frontend:whenless islands:whenless-islands; do
  crate="${bundle%%:*}"
  name="${bundle#*:}"
  wasm-bindgen --target web --no-typescript --out-name "$name" --out-dir "$pkg" \
    "target/wasm32-unknown-unknown/$wasm_dir/$crate.wasm"
  if [ "$mode" = release ]; then
    log "wasm-opt $name"
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-reference-types --enable-multivalue --enable-mutable-globals \
      -o "$pkg/${name}_bg.wasm" "$pkg/${name}_bg.wasm"
  fi
done

cp style/main.css "$pkg/whenless.css"
cp -R public/. "$site/"
if [ "$mode" = release ]; then
  log "precompressing the browser bundle (brotli 11, gzip 9)"
  node -e '
    const zlib = require("zlib"), fs = require("fs");
    for (const file of process.argv.slice(1)) {
      const bytes = fs.readFileSync(file);
      fs.writeFileSync(file + ".br", zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
      fs.writeFileSync(file + ".gz", zlib.gzipSync(bytes, { level: 9 }));
    }
  ' "$pkg"/*_bg.wasm "$pkg"/whenless*.js "$pkg/whenless.css"
else
  rm -f "$pkg"/*.br "$pkg"/*.gz
fi
log "site ready in target/site ($(du -h "$pkg/whenless_bg.wasm" | cut -f1) of WASM, $(du -h "$pkg/whenless-islands_bg.wasm" | cut -f1) for islands pages)"
