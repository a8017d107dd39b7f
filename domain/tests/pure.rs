//! The domain crate stays pure: nothing it depends on, directly or through another crate, is a
//! web framework, a database driver or an async runtime. Any of them would bring I/O into the
//! rules, and their build time into every fuzz target and benchmark.

use std::process::Command;

const FORBIDDEN: [&str; 8] = [
    "leptos",
    "axum",
    "sqlx",
    "tokio",
    "hyper",
    "tower",
    "wasm-bindgen",
    "web-sys",
];

#[test]
fn depends_on_no_framework_driver_or_runtime() {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--package",
            "domain",
            "--all-features",
            "--edges",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).expect("cargo tree prints UTF-8");
    let names: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(
        names.contains(&"domain"),
        "the tree starts at the domain crate: {tree}"
    );
    assert!(names.contains(&"serde"), "the tree lists dependencies: {tree}");
    let impure: Vec<&str> = names
        .iter()
        .copied()
        .filter(|name| {
            FORBIDDEN.iter().any(|forbidden| {
                name == forbidden
                    || name.starts_with(&format!("{forbidden}_"))
                    || name.starts_with(&format!("{forbidden}-"))
            })
        })
        .collect();
    assert!(impure.is_empty(), "the domain crate depends on {impure:?}");
}
