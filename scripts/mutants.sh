#!/usr/bin/env bash
# Mutation testing of the domain crate (issue #13): cargo-mutants changes the rules one at a
# time (an operator, a constant, a return value) and checks that some test fails. Installs
# cargo-mutants once into the shared tools folder (WHENLESS_TOOLS, as scripts/tools.sh), runs
# it over the domain crate and prints the caught/missed/unviable figures. Extra arguments go to
# cargo-mutants, e.g. one file at a time:
#
#   scripts/mutants.sh                                   every mutant of the domain (long)
#   scripts/mutants.sh --file domain/src/scoring.rs      one file
#
# The report is in mutants.out/ (missed.txt lists the survivors). On a shared machine run it
# as `nice -n 15 scripts/mutants.sh --jobs 1 ...`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${WHENLESS_TOOLS:-$HOME/.cache/whenless-tools}"
version=27.1.0
dir="$tools/cargo-mutants-$version"
log() { printf '\033[1;34m[mutants]\033[0m %s\n' "$*" >&2; }

if [ ! -x "$dir/bin/cargo-mutants" ]; then
  log "installing cargo-mutants $version (a few minutes, once)"
  mkdir -p "$tools"
  cargo install --quiet --locked --root "$dir" cargo-mutants --version "=$version" >&2 ||
    cargo install --quiet --root "$dir" cargo-mutants --version "=$version" >&2
fi
export PATH="$dir/bin:$PATH"

cd "$root"
# shellcheck source=scripts/rustflags.sh
. "$root/scripts/rustflags.sh"
status=0
# The test modules gated on `cfg(all(test, feature = "toml"))` are not recognised as tests:
# leave their helpers out.
cargo mutants --package domain --exclude-re 'tests::' "$@" || status=$?

# cargo-mutants exits 2 when some mutant survived and 3 on a timeout: print the figures anyway.
out="$root/mutants.out"
if [ -d "$out" ]; then
  count() { if [ -f "$out/$1.txt" ]; then grep -c . "$out/$1.txt" || true; else echo 0; fi; }
  log "caught $(count caught), missed $(count missed), unviable $(count unviable), timeout $(count timeout)"
  [ "$(count missed)" -eq 0 ] || { log "survivors:"; cat "$out/missed.txt" >&2; }
fi
exit "$status"
