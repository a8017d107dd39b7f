//! Security layers: the headers every response carries (content policy, framing, referrer,
//! HSTS), private pages kept out of caches and indexes, writes from other sites refused, and
//! link tokens kept out of the log.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::config::HttpSettings;

/// The first path segments of pages reached through a link token.
const LINK_PREFIXES: [&str; 3] = ["/f/", "/r/", "/p/"];

/// `path` with any link token replaced by `…`, for the log.
pub fn loggable_path(path: &str) -> String {
    match LINK_PREFIXES.iter().find(|prefix| path.starts_with(**prefix)) {
        Some(prefix) => {
            let rest = &path[prefix.len()..];
            let after_token = rest.find('/').map_or("", |i| &rest[i..]);
            format!("{prefix}\u{2026}{after_token}")
        }
        None => path.to_owned(),
    }
}

/// Pages and data reached with a token are nobody else's business: not cached, not indexed.
pub(super) async fn private_pages(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let private = LINK_PREFIXES.iter().any(|p| path.starts_with(p)) || path.starts_with("/api/");
    let mut response = next.run(request).await;
    if private {
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert("x-robots-tag", HeaderValue::from_static("noindex, nofollow"));
    }
    response
}

/// Where browsers reach the app: what their `Origin` header says on a request from its own
/// pages.
#[derive(Clone, Debug, Default)]
pub struct SiteOrigin {
    /// `scheme://host[:port]` of `--public-url`, lowercased, when one is set.
    public: Option<String>,
    /// Whether `X-Forwarded-Proto` from a proxy says which scheme the browser used.
    trust_forwarded: bool,
}

impl SiteOrigin {
    pub fn new(public_url: Option<&str>, trust_forwarded: bool) -> Self {
        let public = public_url.and_then(|url| {
            let (scheme, rest) = url.split_once("://")?;
            let authority = rest.split('/').next()?;
            Some(format!("{scheme}://{authority}").to_ascii_lowercase())
        });
        Self {
            public,
            trust_forwarded,
        }
    }

    /// Whether `origin` is the app's own: the public URL's, or the request's Host reached
    /// over plain HTTP (the server does not terminate TLS), or over the scheme a trusted
    /// proxy names.
    fn is_own(&self, origin: &str, headers: &HeaderMap) -> bool {
        let origin = origin.to_ascii_lowercase();
        if self.public.as_deref() == Some(origin.as_str()) {
            return true;
        }
        let scheme = headers
            .get("x-forwarded-proto")
            .filter(|_| self.trust_forwarded)
            .and_then(|p| p.to_str().ok())
            .map_or("http".to_owned(), |p| p.trim().to_ascii_lowercase());
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        origin == format!("{scheme}://{host}")
    }
}

/// Whether a request that changes data comes from another site: a browser says so in
/// `Sec-Fetch-Site`; browsers without it are judged by `Origin`, scheme and host. Requests
/// that carry neither are not from a browser, so they cannot ride on a visitor's links.
pub fn is_cross_site(headers: &HeaderMap, site: &SiteOrigin) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    match headers.get(header::ORIGIN).map(|o| o.to_str().unwrap_or("null")) {
        None => false,
        Some(origin) => !site.is_own(origin, headers),
    }
}

/// Every request that can change data is a POST; one from another site is refused with 403
/// before it reaches a handler.
pub(super) async fn refuse_cross_site_writes(
    State(site): State<Arc<SiteOrigin>>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == axum::http::Method::POST && is_cross_site(request.headers(), &site) {
        tracing::warn!(path = %loggable_path(request.uri().path()), "cross-site write refused");
        return (
            StatusCode::FORBIDDEN,
            "Requests from other sites may not change anything here.",
        )
            .into_response();
    }
    next.run(request).await
}

/// Tells browsers to use HTTPS only, when a trusted proxy says the request came over HTTPS.
pub(super) async fn strict_transport_security(
    State(settings): State<HttpSettings>,
    request: Request,
    next: Next,
) -> Response {
    let https = settings.trust_forwarded
        && request
            .headers()
            .get("x-forwarded-proto")
            .is_some_and(|p| p.as_bytes().eq_ignore_ascii_case(b"https"));
    let mut response = next.run(request).await;
    if https {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

pub(super) fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn cross_site_requests_are_recognised() {
        use super::{SiteOrigin, is_cross_site};
        use axum::http::HeaderMap;
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            map.insert("host", "whenless.example:3000".parse().unwrap());
            for (name, value) in pairs {
                map.insert(*name, value.parse().unwrap());
            }
            map
        };
        let plain = SiteOrigin::default();
        let cross = |pairs: &[(&'static str, &'static str)]| is_cross_site(&headers(pairs), &plain);
        assert!(!cross(&[]), "not a browser");
        assert!(!cross(&[("sec-fetch-site", "same-origin")]));
        assert!(!cross(&[("sec-fetch-site", "none")]));
        assert!(cross(&[("sec-fetch-site", "cross-site")]));
        assert!(cross(&[("sec-fetch-site", "same-site")]));
        assert!(!cross(&[("origin", "http://whenless.example:3000")]));
        assert!(cross(&[("origin", "https://evil.example")]));
        assert!(cross(&[("origin", "null")]));
        assert!(!cross(&[("sec-fetch-site", "same-origin"), ("origin", "null")]));
        // The scheme counts: the app is served over plain HTTP unless told otherwise.
        assert!(cross(&[("origin", "https://whenless.example:3000")]));
        assert!(cross(&[("origin", "ftp://whenless.example:3000")]));
        assert!(cross(&[
            ("origin", "https://whenless.example:3000"),
            ("x-forwarded-proto", "https")
        ]));
        // A TLS-ending proxy that is trusted, or the public URL, names the scheme.
        let proxied = SiteOrigin::new(None, true);
        let https = headers(&[
            ("origin", "https://whenless.example:3000"),
            ("x-forwarded-proto", "https"),
        ]);
        assert!(!is_cross_site(&https, &proxied));
        assert!(is_cross_site(
            &headers(&[("origin", "https://whenless.example:3000")]),
            &proxied
        ));
        let public = SiteOrigin::new(Some("https://Whenless.example/"), false);
        assert!(!is_cross_site(
            &headers(&[("origin", "https://whenless.example")]),
            &public
        ));
        assert!(is_cross_site(
            &headers(&[("origin", "http://whenless.example")]),
            &public
        ));
        assert!(is_cross_site(
            &headers(&[("origin", "https://evil.example")]),
            &public
        ));
        // A browser that sends Sec-Fetch-Site is believed, whatever the proxy says.
        assert!(!is_cross_site(
            &headers(&[
                ("sec-fetch-site", "same-origin"),
                ("origin", "https://whenless.example:3000")
            ]),
            &plain
        ));
    }

    #[test]
    fn tokens_are_masked_in_logged_paths() {
        assert_eq!(
            loggable_path("/f/AAAAAAAAAAAAAAAAAAAAAA/step/3"),
            "/f/\u{2026}/step/3"
        );
        assert_eq!(loggable_path("/r/AAAAAAAAAAAAAAAAAAAAAA"), "/r/\u{2026}");
        assert_eq!(
            loggable_path("/p/x/charts/pros-cons.svg"),
            "/p/\u{2026}/charts/pros-cons.svg"
        );
        assert_eq!(loggable_path("/api/save_step"), "/api/save_step");
        assert_eq!(loggable_path("/"), "/");
    }
}
