# Sourced by the build scripts. `erase_components` makes Leptos type-erase each component's
# view: the same markup with far less generic code, which makes the browser bundle about 30%
# smaller. The server and the browser must agree on it, or hydration fails, so every release
# build of the workspace sets it, for the host and for wasm32.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components"
host_target="$(rustc -vV | sed -n 's/^host: //p')"
export "CARGO_TARGET_$(echo "$host_target" | tr 'a-z-' 'A-Z_')_RUSTFLAGS=--cfg erase_components"
