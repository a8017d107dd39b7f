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
mkdir -p "$pkg"

# Writes brotli (quality 11) and gzip (9) copies of each file beside it, for the server to send
# to browsers that accept them.
compress() {
  log "precompressing $(basename "$1")${2:+ and $(basename "$2")}"
  node -e '
    const zlib = require("zlib"), fs = require("fs");
    for (const file of process.argv.slice(1)) {
      const bytes = fs.readFileSync(file);
      fs.writeFileSync(file + ".br", zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
      fs.writeFileSync(file + ".gz", zlib.gzipSync(bytes, { level: 9 }));
    }
  ' "$@"
}

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
  input="target/wasm32-unknown-unknown/$wasm_dir/$crate.wasm"
  # wasm-bindgen, wasm-opt and brotli take most of a build with nothing changed: skip them
  # when the compiled module and the mode are what the bundle in place was made from.
  stamp="$pkg/.$name.stamp"
  made_from="$mode $(sha256sum "$input" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$made_from" ] && [ -f "$pkg/${name}_bg.wasm" ]; then
    log "$name unchanged"
    continue
  fi
  rm -f "$pkg/$name.js" "$pkg/$name.js".* "$pkg/${name}_bg.wasm" "$pkg/${name}_bg.wasm".*
  wasm-bindgen --target web --no-typescript --out-name "$name" --out-dir "$pkg" "$input"
  if [ "$mode" = release ]; then
    log "wasm-opt $name"
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-reference-types --enable-multivalue --enable-mutable-globals \
      -o "$pkg/${name}_bg.wasm" "$pkg/${name}_bg.wasm"
    compress "$pkg/${name}_bg.wasm" "$pkg/$name.js"
  fi
  echo "$made_from" > "$stamp"
done

cp style/main.css "$pkg/whenless.css"
cp -R public/. "$site/"
if [ "$mode" = release ]; then
  compress "$pkg/whenless.css"
else
  rm -f "$pkg"/*.br "$pkg"/*.gz
fi
log "site ready in target/site ($(du -h "$pkg/whenless_bg.wasm" | cut -f1) of WASM, $(du -h "$pkg/whenless-islands_bg.wasm" | cut -f1) for islands pages)"
