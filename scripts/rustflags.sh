# Sourced by the build scripts. The compiler flags of every build (tests, clippy, the release
# build, both browser bundles) are in .cargo/config.toml, so that none of them rebuilds
# another's output, and neither does a `cargo` command typed by hand. Flags in the environment
# would replace them (and break hydration: see `erase_components` there), so none are kept.
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTFLAGS
unset CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
unset "CARGO_TARGET_$(rustc -vV | sed -n 's/^host: //p' | tr 'a-z-' 'A-Z_')_RUSTFLAGS"
