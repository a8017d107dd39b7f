//! The browser bundles and the stylesheet under `/pkg`, and how pages name them.
//!
//! `scripts/build.sh` names each of these files by its content (`whenless.<hash>.wasm`,
//! `whenless.<hash>.js`, `whenless.<hash>.css`, and the same for `whenless-islands`) and writes
//! the hashes of each bundle to `<site root>/<bundle>.hash.txt`, in the format of Leptos's
//! `hash.txt`. A name then always means the same bytes, so browsers keep these files for a year
//! without asking again; a new build brings new names, which the pages (always revalidated)
//! point to. A site without hash files (built before content names, or a test's fixture) is
//! served under the fixed names, revalidated each time.

use std::path::Path;

use app::routes::{FULL_BUNDLE, hash_file_name};
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::services::ServeDir;

/// What a content-named file may be kept for: a year, never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Files with a fixed name: kept, but revalidated before each use.
pub const REVALIDATE: &str = "no-cache";

/// The hash file Leptos should read for the full bundle and the stylesheet, when the site has
/// one (see `app::app::hydration_scripts` for the islands bundle's). Absolute, because Leptos
/// resolves it against the executable's folder, which an absolute path replaces.
pub fn leptos_hash_file(site_root: &Path) -> Option<String> {
    let file = site_root.join(hash_file_name(FULL_BUNDLE));
    if !file.is_file() {
        return None;
    }
    let file = std::path::absolute(&file).unwrap_or(file);
    Some(file.to_string_lossy().into_owned())
}

/// Whether `name` is a content-named file of `scripts/build.sh`: `<stem>.<hash>.<extension>`
/// (optionally followed by `.br` or `.gz`), the hash being at least 16 hexadecimal digits.
pub fn is_content_named(name: &str) -> bool {
    let name = name
        .strip_suffix(".br")
        .or_else(|| name.strip_suffix(".gz"))
        .unwrap_or(name);
    let mut parts = name.rsplit('.');
    let (Some(_extension), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !stem.is_empty() && hash.len() >= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The files of `pkg_dir`, precompressed copies sent to browsers that accept them, with the
/// caching their names allow.
pub fn service(pkg_dir: &Path) -> Router {
    Router::new()
        .fallback_service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip())
        .layer(middleware::from_fn(cache_by_name))
}

/// `Cache-Control` of a `/pkg` response: immutable for a content-named file that was found,
/// revalidated otherwise (a fixed name, or a miss, which a later build may fill).
async fn cache_by_name(request: Request, next: Next) -> Response {
    let immutable = is_content_named(request.uri().path().rsplit('/').next().unwrap_or(""));
    let mut response = next.run(request).await;
    let value = if immutable && (response.status().is_success() || response.status().is_redirection()) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// A page without its own `Cache-Control` is revalidated before each use: the pages name the
/// content-named files, so a kept page would keep pointing to an old build's. Pages reached by a
/// link token already say `no-store` (`super::security::private_pages`) and keep it.
pub(super) async fn pages_revalidate(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if html && !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_names_carry_a_long_hexadecimal_hash() {
        for name in [
            "whenless.0123456789abcdef.wasm",
            "whenless-islands.0123456789abcdef0123.js",
            "whenless.0123456789ABCDEF.css.br",
            "whenless.0123456789abcdef.wasm.gz",
        ] {
            assert!(is_content_named(name), "{name}");
        }
        for name in [
            "whenless.css",
            "whenless_bg.wasm",
            "whenless-islands.js",
            "whenless.css.br",
            "whenless.0123456789abcde.css",
            "whenless.0123456789abcdeg.css",
            ".0123456789abcdef.css",
            "0123456789abcdef.css",
            "",
        ] {
            assert!(!is_content_named(name), "{name}");
        }
    }
}
