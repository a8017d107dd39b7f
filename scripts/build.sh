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
  log "precompressing $(for file in "$@"; do basename "$file"; done | paste -sd' ')"
  node -e '
    const zlib = require("zlib"), fs = require("fs");
    for (const file of process.argv.slice(1)) {
      const bytes = fs.readFileSync(file);
      fs.writeFileSync(file + ".br", zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
      fs.writeFileSync(file + ".gz", zlib.gzipSync(bytes, { level: 9 }));
    }
  ' "$@"
}

# The first 20 hex digits of a file's SHA-256: the hash in a content-named file.
content_hash() { sha256sum "$1" | cut -c1-20; }

# shellcheck source=scripts/rustflags.sh
. scripts/rustflags.sh

log "server ($server_profile)"
cargo build --profile "$server_profile" -p server --bin whenless

# Two bundles: the whole app, and the pages rendered with islands (only their islands; see
# app::routes::ISLANDS_BUNDLE). Each file is named by its content (whenless.<hash>.wasm, ...;
# see server/src/http/bundle.rs), and <bundle>.hash.txt in the site root tells the server the
# hashes.
# A bundle is made in target/bundles/<mode>/<bundle> and linked into the site from there.
log "browser bundles ($wasm_profile, wasm32)"
cargo build --profile "$wasm_profile" -p frontend -p islands --target wasm32-unknown-unknown
keep=()
hashes=()
for bundle in frontend:whenless islands:whenless-islands; do
  crate="${bundle%%:*}"
  name="${bundle#*:}"
  input="target/wasm32-unknown-unknown/$wasm_dir/$crate.wasm"
  made="target/bundles/$mode/$name"
  # wasm-bindgen, wasm-opt and brotli take most of a build with nothing changed: skip them
  # when the compiled module is the one the bundle was made from.
  made_from="$(sha256sum "$input" | cut -d' ' -f1)"
  if [ "$(cat "$made/stamp" 2> /dev/null)" = "$made_from" ] && [ -f "$made/hash.txt" ]; then
    log "$name unchanged"
  else
    rm -rf "$made"
    mkdir -p "$made"
    wasm-bindgen --target web --no-typescript --out-name "$name" --out-dir "$made" "$input"
    if [ "$mode" = release ]; then
      log "wasm-opt $name"
      wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-reference-types --enable-multivalue --enable-mutable-globals \
        -o "$made/${name}_bg.wasm" "$made/${name}_bg.wasm"
    fi
    js="$(content_hash "$made/$name.js")"
    wasm="$(content_hash "$made/${name}_bg.wasm")"
    mv "$made/$name.js" "$made/$name.$js.js"
    mv "$made/${name}_bg.wasm" "$made/$name.$wasm.wasm"
    printf 'js: %s\nwasm: %s\n' "$js" "$wasm" > "$made/hash.txt"
    if [ "$mode" = release ]; then compress "$made/$name.$js.js" "$made/$name.$wasm.wasm"; fi
    echo "$made_from" > "$made/stamp"
  fi
  for file in "$made/$name".*; do
    keep+=("$(basename "$file")")
    # A hard link costs nothing; the made files are never changed in place.
    ln -f "$file" "$pkg/" 2> /dev/null || cp -f "$file" "$pkg/"
  done
  hashes+=("$name:$(cat "$made/hash.txt")")
done

# The stylesheet, named by its content like the bundles; its hash goes with the full bundle's.
css="$(content_hash style/main.css)"
css_file="$pkg/whenless.$css.css"
if ! cmp -s style/main.css "$css_file"; then
  cp style/main.css "$css_file.tmp" && mv "$css_file.tmp" "$css_file"
  rm -f "$css_file.br" "$css_file.gz"
fi
keep+=("whenless.$css.css")
if [ "$mode" = release ]; then
  if [ ! -f "$css_file.br" ] || [ ! -f "$css_file.gz" ]; then compress "$css_file"; fi
  keep+=("whenless.$css.css.br" "whenless.$css.css.gz")
fi

cp -R public/. "$site/"
# The hash files, each replaced whole: a server that is running reads them for each page.
for entry in "${hashes[@]}"; do
  name="${entry%%:*}"
  printf '%s\n' "${entry#*:}" > "$site/$name.hash.txt.tmp"
  if [ "$name" = whenless ]; then printf 'css: %s\n' "$css" >> "$site/$name.hash.txt.tmp"; fi
  mv "$site/$name.hash.txt.tmp" "$site/$name.hash.txt"
done
# Whatever else is in pkg is from earlier builds (or the fixed names of before): gone.
find "$pkg" -mindepth 1 -maxdepth 1 | while read -r file; do
  case " ${keep[*]} " in *" $(basename "$file") "*) ;; *) rm -rf "$file" ;; esac
done

log "site ready in target/site ($(du -h "$pkg"/whenless.*.wasm | cut -f1) of WASM, $(du -h "$pkg"/whenless-islands.*.wasm | cut -f1) for islands pages)"
