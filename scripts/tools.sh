#!/usr/bin/env bash
# Installs the build tools Whenless needs, once, into a shared tools folder that later runs
# reuse (WHENLESS_TOOLS, default ~/.cache/whenless-tools). Prints the PATH additions to use.
#
#   scripts/tools.sh check   wasm32 target: what `make check` needs
#   scripts/tools.sh build   wasm32 target, wasm-bindgen-cli (the exact Cargo.lock version), wasm-opt
#   scripts/tools.sh test    the above, plus Debian's chromium, the end-to-end npm packages
#                            (Playwright, marp-cli), cargo-fuzz with the nightly toolchain,
#                            systemd-analyze (Debian's systemd) for the service unit, and
#                            Debian's nginx and openssl for the reverse-proxy test
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${WHENLESS_TOOLS:-$HOME/.cache/whenless-tools}"
mkdir -p "$tools"
log() { printf '\033[1;34m[tools]\033[0m %s\n' "$*" >&2; }

# The wasm-bindgen CLI must be the exact version of the wasm-bindgen crate in Cargo.lock, or
# the generated JavaScript glue does not match the compiled module.
lock_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' \
    "$root/Cargo.lock"
}

install_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown >&2
  fi
}

install_wasm_bindgen() {
  local want have=""
  want="$(lock_version wasm-bindgen)"
  [ -n "$want" ] || { echo "wasm-bindgen is not in Cargo.lock" >&2; exit 1; }
  local dir="$tools/wasm-bindgen-$want"
  if [ -x "$dir/bin/wasm-bindgen" ]; then
    have="$("$dir/bin/wasm-bindgen" --version | awk '{print $2}')"
  fi
  if [ "$have" != "$want" ]; then
    log "installing wasm-bindgen-cli $want (about 3 minutes, once)"
    cargo install --quiet --root "$dir" wasm-bindgen-cli --version "=$want" >&2
  fi
  echo "$dir/bin"
}

# Debian's binaryen (108) produces a module that silently breaks hydration; the npm build of
# binaryen 132 does not.
install_wasm_opt() {
  local dir="$tools/binaryen-132"
  if [ ! -x "$dir/node_modules/.bin/wasm-opt" ]; then
    log "installing wasm-opt (binaryen 132 from npm)"
    npm install --silent --no-audit --no-fund --prefix "$dir" binaryen@132 >&2
  fi
  echo "$dir/node_modules/.bin"
}

# Installs a Debian package with apt when the program it provides is missing.
install_debian_package() {
  local program="$1" package="$2" why="$3"
  if ! command -v "$program" > /dev/null; then
    log "installing Debian's $package ($why)"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >&2
  fi
}

# cargo-fuzz, for the fuzz targets in fuzz/ (run with the nightly toolchain).
install_cargo_fuzz() {
  local dir="$tools/cargo-fuzz"
  if [ ! -x "$dir/bin/cargo-fuzz" ]; then
    log "installing cargo-fuzz (about 2 minutes, once)"
    cargo install --quiet --locked --root "$dir" cargo-fuzz >&2
  fi
  if ! rustup toolchain list | grep -q '^nightly'; then
    log "adding the nightly toolchain for fuzzing"
    rustup toolchain install nightly --profile minimal >&2
  fi
  echo "$dir/bin"
}

install_e2e_packages() {
  # `npm ls` fails when a package of the lock file is missing, e.g. one added since the last run.
  # No browser download: Playwright drives Debian's chromium, and the tests use marp-cli only to
  # convert Markdown to HTML, which needs no browser.
  if ! (cd "$root/end2end" && npm ls --silent > /dev/null 2>&1); then
    log "installing the end-to-end test packages (no browser download)"
    (cd "$root/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 \
      npm ci --silent --no-audit --no-fund >&2)
  fi
}

mode="${1:-build}"
install_wasm_target
if [ "$mode" = check ]; then
  exit 0
fi
paths="$(install_wasm_bindgen):$(install_wasm_opt)"
if [ "$mode" = test ]; then
  install_debian_package /usr/bin/chromium chromium "for the end-to-end tests"
  # systemd-analyze checks deploy/whenless.service (scripts/verify-deploy.sh).
  install_debian_package systemd-analyze systemd "for systemd-analyze"
  # nginx and openssl: the reverse proxy of deploy/nginx-whenless.conf, with a throwaway
  # certificate, in front of two servers (scripts/proxy-test.sh).
  install_debian_package /usr/sbin/nginx nginx "for the reverse-proxy test"
  install_debian_package openssl openssl "for the reverse-proxy test's certificate"
  install_e2e_packages
  paths="$paths:$(install_cargo_fuzz)"
fi
echo "$paths"
