//! The HTTP surface: Leptos pages and server functions, static files, health check, and the
//! layers every response goes through.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use app::api::AppError;
use app::limits::{ClientAddress, Writer};
use app::live::Change;
use app::routes::IMPORT_ERROR_FIELD;
use app::store::AppState;
use app::store::{AccessError, Store, StoreError, authorize, scored};
use app::{App, shell};
use axum::body::Body;
use axum::extract::{FromRef, Path, Query, State};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE;
use domain::ValidationError;
use domain::access::{Capability, Links};
use domain::content::Content;
use domain::problems::{FormProblem, ImportProblem};
use domain::transfer::{AssessmentFile, ValidImport};
use governor::middleware::NoOpMiddleware;
use leptos::prelude::{LeptosOptions, provide_context};
use leptos_axum::{LeptosRoutes, generate_route_list};
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::{KeyExtractor, PeerIpKeyExtractor, SmartIpKeyExtractor};
use tower_governor::{GovernorError, GovernorLayer};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::charts::{self, ChartError};
use crate::config::HttpSettings;
use crate::export::{self, Charts, Summary};
use crate::page_cache::{PageCache, keep_read_only_pages};

/// Largest request body accepted; forms and server-function calls are far smaller.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;
/// Largest assessment file accepted by `/import`.
pub const IMPORT_LIMIT_BYTES: usize = 1024 * 1024;

/// What axum handlers can extract.
#[derive(Clone, FromRef)]
pub struct ServerState {
    pub leptos: LeptosOptions,
    pub app: AppState,
}

/// Builds the whole application router.
pub fn router(state: ServerState, settings: HttpSettings) -> Router {
    let routes = generate_route_list(App);
    let app_state = state.app.clone();
    let options = state.leptos.clone();
    let read_only_pages = (state.app.clone(), Arc::new(PageCache::default()));
    let app_state_for_limits = state.app.clone();
    let site = Arc::new(SiteOrigin::new(
        state.app.public_url.as_deref(),
        settings.trust_forwarded,
    ));
    // The browser bundles and the stylesheet, named by their content (see `crate::bundle`).
    let bundle = crate::bundle::service(
        &std::path::Path::new(&*state.leptos.site_root).join(&*state.leptos.site_pkg_dir),
    );

    Router::new()
        .route("/healthz", get(healthz))
        .nest_service("/pkg", bundle)
        .route("/f/{token}/charts/pros-cons.svg", get(pros_cons_chart))
        .route("/r/{token}/charts/pros-cons.svg", get(pros_cons_chart))
        .route("/f/{token}/charts/cost.svg", get(cost_chart))
        .route("/r/{token}/charts/cost.svg", get(cost_chart))
        .route("/p/{token}/charts/cost.svg", get(cost_chart))
        .route("/f/{token}/join-qr.svg", get(join_qr))
        .route("/f/{token}/events", get(events))
        .route("/p/{token}/events", get(events))
        .route("/r/{token}/events", get(events))
        .route("/f/{token}/export/{file}", get(export))
        .route("/r/{token}/export/{file}", get(export))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(app_state.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<ServerState, _>(shell))
        .layer(middleware::from_fn_with_state(read_only_pages, keep_read_only_pages))
        .layer(middleware::from_fn(restore_form_origin))
        .layer(middleware::from_fn(refuse_forged_errors))
        .layer(middleware::from_fn_with_state(site.clone(), refuse_cross_site_writes))
        .layer(middleware::from_fn(private_pages))
        .layer(middleware::from_fn(crate::bundle::pages_revalidate))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .route(
            "/import",
            post(import)
                .layer(RequestBodyLimitLayer::new(IMPORT_LIMIT_BYTES))
                .layer(middleware::from_fn_with_state(site, refuse_cross_site_writes)),
        )
        .with_state(state)
        .layer(write_limit(settings, app_state_for_limits))
        .layer(middleware::from_fn_with_state(settings, note_client_address))
        .layer(middleware::from_fn_with_state(settings, strict_transport_security))
        .layer(CompressionLayer::new())
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        // Addresses carry tokens: never send them anywhere, not even to ourselves.
        .layer(security_header(header::REFERRER_POLICY, "no-referrer"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        // Pages set their own policy with a nonce; everything else gets this strict one.
        .layer(security_header(header::CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'none'"))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
                // Tokens stay out of the log: link segments are masked, query strings dropped.
                tracing::info_span!("request", method = %request.method(), path = %loggable_path(request.uri().path()))
            }),
        )
}

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
async fn private_pages(request: Request, next: Next) -> Response {
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

/// The name of the hidden field that tells a server function which page a form was on.
pub const RETURN_FIELD: &str = "__return";

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
async fn refuse_cross_site_writes(
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

/// The stand-in origin of Referers made up by [`restore_form_origin`]; it never leaves the
/// server.
const STAND_IN_ORIGIN: &str = "http://whenless.invalid";

/// Forms posted without JavaScript carry no Referer (the pages send `no-referrer`), yet Leptos
/// needs one to send the browser back to the form with its error. Every form carries its page
/// in a hidden field; this puts that page, if it is a path on this site, where Leptos looks,
/// and makes the redirect Leptos answers with relative again.
async fn restore_form_origin(request: Request, next: Next) -> Response {
    let is_plain_form = request.method() == axum::http::Method::POST
        && request.uri().path().starts_with("/api/")
        && !request.headers().contains_key(header::REFERER)
        && request
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|t| t.as_bytes().starts_with(b"application/x-www-form-urlencoded"));
    if !is_plain_form {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let origin = form_urlencoded::parse(&bytes)
        .find(|(name, _)| name == RETURN_FIELD)
        .map(|(_, value)| value.into_owned())
        .filter(|path| is_same_site_path(path))
        .and_then(|path| HeaderValue::from_str(&format!("{STAND_IN_ORIGIN}{path}")).ok());
    let Some(origin) = origin else {
        return next.run(Request::from_parts(parts, Body::from(bytes))).await;
    };
    parts.headers.insert(header::REFERER, origin);
    let mut response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let relative = response
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok()?.strip_prefix(STAND_IN_ORIGIN).map(str::to_owned));
    if let Some(location) = relative {
        // Leptos sends the browser back to the Referer set above, with the error in the query,
        // which only ever carries one of the fixed forms.
        let location = with_fixed_errors(&location);
        let location = HeaderValue::from_str(&location)
            .ok()
            .filter(|_| is_same_site_path(&location))
            .unwrap_or(HeaderValue::from_static("/"));
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The query field in which Leptos carries a server function's error back to a form's page;
/// the page shows it, on the server and again in the browser.
const ERROR_FIELD: &str = "__err";
/// The query field naming the server function the error came from.
const ERROR_PATH_FIELD: &str = "__path";

/// The error encoded in an `__err` value, as Leptos encodes it.
fn decode_error(value: &str) -> Option<AppError> {
    serde_json::from_slice(&URL_SAFE.decode(value).ok()?).ok()
}

fn encode_error(error: &AppError) -> String {
    URL_SAFE.encode(serde_json::to_vec(error).unwrap_or_default())
}

/// Whether an `__err` value is exactly the encoding of one of the fixed forms.
fn is_fixed_error(value: &str) -> bool {
    decode_error(value).is_some_and(|error| error.is_fixed_for_address() && encode_error(&error) == value)
}

/// `location` with each `__err` in its query replaced by the error's fixed form.
fn with_fixed_errors(location: &str) -> String {
    let Some((path, query)) = location.split_once('?') else {
        return location.to_owned();
    };
    let mut fixed = form_urlencoded::Serializer::new(String::new());
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if name == ERROR_FIELD {
            let error = decode_error(&value).map_or(FormProblem::Other.into(), |e| e.for_address());
            fixed.append_pair(&name, &encode_error(&error));
        } else {
            fixed.append_pair(&name, &value);
        }
    }
    format!("{path}?{}", fixed.finish())
}

/// An address carrying an error that is not one of the fixed forms was not made by this
/// server: the browser is sent to the same page without it, so it never shows that text or
/// keeps it in its address bar.
async fn refuse_forged_errors(request: Request, next: Next) -> Response {
    let query = request.uri().query().unwrap_or_default();
    let forged = form_urlencoded::parse(query.as_bytes())
        .any(|(name, value)| name == ERROR_FIELD && !is_fixed_error(&value));
    if !forged {
        return next.run(request).await;
    }
    let mut rest = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if name != ERROR_FIELD && name != ERROR_PATH_FIELD {
            rest.append_pair(&name, &value);
            any = true;
        }
    }
    let path = request.uri().path();
    let location = if any {
        format!("{path}?{}", rest.finish())
    } else {
        path.to_owned()
    };
    let location = HeaderValue::from_str(&location)
        .ok()
        .filter(|_| is_same_site_path(&location))
        .unwrap_or(HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// Whether `path` is a path on this site, in a strict form that every browser reads the same
/// way: one `/`, then only URL characters (no `\`, no second `/` at the start, no spaces
/// or control characters, which browsers drop or read as `/`).
pub fn is_same_site_path(path: &str) -> bool {
    let mut chars = path.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/'))
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?%".contains(c))
}

/// The client a request counts against in rate limits: the peer address, or the address a
/// trusted proxy forwarded.
#[derive(Clone, Copy, Debug)]
struct ClientIp {
    trust_forwarded: bool,
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, request: &axum::http::Request<T>) -> Result<IpAddr, GovernorError> {
        if self.trust_forwarded {
            SmartIpKeyExtractor.extract(request)
        } else {
            PeerIpKeyExtractor.extract(request)
        }
    }
}

/// Puts the address a request counts against ([`ClientAddress`]) in its extensions, for the
/// app's own limits.
async fn note_client_address(
    State(settings): State<HttpSettings>,
    mut request: Request,
    next: Next,
) -> Response {
    let client = ClientIp {
        trust_forwarded: settings.trust_forwarded,
    };
    if let Ok(address) = client.extract(&request) {
        request.extensions_mut().insert(ClientAddress(address));
    }
    next.run(request).await
}

/// The ceiling on writes (POSTs) from one address, whoever sends them; beyond it, a 429 that
/// says when to retry. Each person, link and address also has an allowance of its own, which
/// the server functions check once they know who writes (see [`app::limits`]).
fn write_limit(settings: HttpSettings, app: AppState) -> GovernorLayer<ClientIp, NoOpMiddleware, Body> {
    let config = GovernorConfigBuilder::default()
        .key_extractor(ClientIp {
            trust_forwarded: settings.trust_forwarded,
        })
        .period(Duration::from_secs_f64(1.0 / settings.address_writes_per_second))
        .burst_size(settings.address_write_burst)
        .methods(vec![axum::http::Method::POST])
        .finish()
        .expect("the rate limit settings are positive");
    let limiter = config.limiter().clone();
    // Forget clients that have been quiet, so the tables do not grow without end.
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limiter.retain_recent();
            app.limits.forget_quiet();
        }
    });
    GovernorLayer::new(config).error_handler(|error| match error {
        GovernorError::TooManyRequests { wait_time, .. } => too_many_writes(wait_time),
        other => {
            tracing::error!(error = ?other, "rate limiter failed");
            let mut response =
                Response::new(Body::from("The request could not be checked; please try again."));
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            response
        }
    })
}

/// A 429 that says how many seconds to wait.
fn too_many_writes(wait_secs: u64) -> Response {
    let wait = wait_secs.max(1);
    let mut response = Response::new(Body::from(format!(
        "Too many changes in a short time. Please wait {wait} seconds and try again."
    )));
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait));
    response
}

/// Tells browsers to use HTTPS only, when a trusted proxy says the request came over HTTPS.
async fn strict_transport_security(
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

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
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
    fn only_strict_same_site_paths_are_return_paths() {
        use super::is_same_site_path;
        for good in [
            "/",
            "/join",
            "/f/AbC-_9/step/3",
            "/?import=1&x=%2F",
            "/p/x?__path=/api/x&__err=e30=",
        ] {
            assert!(is_same_site_path(good), "{good}");
        }
        for bad in [
            "",
            "join",
            "//evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/\tevil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{2028}/evil.example",
            "/caf\u{e9}",
            "https://evil.example",
            "/x\\y",
        ] {
            assert!(!is_same_site_path(bad), "{bad:?}");
        }
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

#[derive(Serialize)]
struct Health {
    status: &'static str,
    database: &'static str,
}

/// `GET /healthz`: 200 when the database answers within a few seconds, 503 when it does not.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let reachable = tokio::time::timeout(Duration::from_secs(3), state.store.ping())
        .await
        .is_ok_and(|result| result.is_ok());
    if reachable {
        (
            StatusCode::OK,
            Json(Health {
                status: "ok",
                database: "reachable",
            }),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Health {
                status: "unavailable",
                database: "unreachable",
            }),
        )
    }
}

/// Why a plain (non-Leptos) route failed; the response says only what the client may know.
#[derive(Debug, thiserror::Error)]
enum RouteError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error("no such export")]
    NoSuchExport,
    #[error(transparent)]
    Invalid(#[from] ValidationError),
}

impl IntoResponse for RouteError {
    fn into_response(self) -> Response {
        let status = match self {
            RouteError::Access(AccessError::Unknown) => StatusCode::NOT_FOUND,
            RouteError::Access(AccessError::Replaced) => StatusCode::GONE,
            RouteError::Access(AccessError::Forbidden) => StatusCode::FORBIDDEN,
            RouteError::Access(AccessError::Store(error)) => return RouteError::Store(error).into_response(),
            RouteError::Store(StoreError::Unavailable(source)) => {
                tracing::warn!(error = %source, "database unavailable");
                StatusCode::SERVICE_UNAVAILABLE
            }
            RouteError::Store(StoreError::Internal(source)) => {
                tracing::error!(error = %source, "database error");
                StatusCode::INTERNAL_SERVER_ERROR
            }
            RouteError::NoSuchExport => StatusCode::NOT_FOUND,
            RouteError::Invalid(error) => {
                return (StatusCode::UNPROCESSABLE_ENTITY, error.message).into_response();
            }
            RouteError::Chart(error) => {
                tracing::error!(%error, "chart error");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        (status, status.canonical_reason().unwrap_or("error")).into_response()
    }
}

/// `GET /{f,r}/{token}/charts/pros-cons.svg`: the results chart of one assessment.
async fn pros_cons_chart(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, RouteError> {
    let access = authorize(state.store.as_ref(), &token, Capability::Read).await?;
    let scored = scored(&state, &access).await?;
    let svg = charts::pros_and_cons(&scored.report)?;
    Ok(svg_response(svg))
}

/// `GET /f/{token}/join-qr.svg`: the participant link as a QR code, for the facilitator to
/// show. It changes when the participant link is replaced.
async fn join_qr(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, RouteError> {
    let access = authorize(state.store.as_ref(), &token, Capability::Facilitate).await?;
    let links = state.store.links(&access.assessment.id, &token).await?;
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let url = format!(
        "{}{}",
        app::routes::base_url(state.public_url.as_deref(), host),
        app::routes::room_path(&links.participant)
    );
    Ok(svg_response(charts::qr_code(&url)?))
}

/// A chart as a response: SVG, never cached (it follows the assessment).
fn svg_response(svg: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        svg,
    )
        .into_response()
}

/// `GET /{f,p,r}/{token}/events`: a Server-Sent Events stream that says `changed` whenever
/// anything in the assessment changes, starting with one at once so that a page that
/// reconnects refetches what it shows. An event's data is only its kind (`answers` or `room`):
/// pages refetch through the same checks as any other read. The stream ends when the server
/// shuts down.
async fn events(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>>, RouteError> {
    let access = authorize(state.store.as_ref(), &token, Capability::Read).await?;
    let changes = state.hub.subscribe(&access.assessment.id);
    let closing = state.hub.closing();
    let stream = futures_util::stream::unfold(
        (changes, closing, true),
        |(mut changes, mut closing, first)| async move {
            let event = |change: Change| Ok(Event::default().event("changed").data(change.name()));
            if first {
                return Some((event(Change::Room), (changes, closing, false)));
            }
            // A client that fell behind is told the room changed, which makes it resync.
            let change = tokio::select! {
                _ = closing.wait_for(|c| *c) => None,
                received = changes.recv() => match received {
                    Ok(change) => Some(change),
                    Err(RecvError::Lagged(_)) => Some(Change::Room),
                    Err(RecvError::Closed) => None,
                },
            };
            change.map(|change| (event(change), (changes, closing, false)))
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// `GET /{f,p,r}/{token}/charts/cost.svg`: the cost chart, for the saved workload and prices
/// (or the defaults) with any field overridden by the query string, so the chart can follow
/// what is being typed before it is saved.
async fn cost_chart(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(overrides): Query<Vec<(String, String)>>,
) -> Result<Response, RouteError> {
    let access = authorize(state.store.as_ref(), &token, Capability::Read).await?;
    let mut inputs = state
        .snapshot(&access.assessment.id)
        .await?
        .costs
        .clone()
        .unwrap_or_default();
    for (name, value) in &overrides {
        inputs.set(name, value)?;
    }
    let svg = charts::cost(&inputs)?;
    Ok(svg_response(svg))
}

/// `GET /{f,r}/{token}/export/{deck.html,summary.md,assessment.json}`: a download.
async fn export(
    State(state): State<AppState>,
    Path((token, file)): Path<(String, String)>,
) -> Result<Response, RouteError> {
    let access = authorize(state.store.as_ref(), &token, Capability::Read).await?;
    let scored = scored(&state, &access).await?;
    let content = Content::bundled();
    let (body, mime, extension) = match file.as_str() {
        "deck.html" => {
            let charts = Charts {
                pros_and_cons: charts::pros_and_cons(&scored.report)?,
                cost: scored.costs.as_ref().map(charts::cost).transpose()?,
            };
            (
                export::deck(&Summary::new(&scored, content, charts)),
                "text/html; charset=utf-8",
                "html",
            )
        }
        "summary.md" => (
            export::markdown(&Summary::new(&scored, content, Charts::default())),
            "text/markdown; charset=utf-8",
            "md",
        ),
        "assessment.json" => {
            let file = AssessmentFile::new(&scored.assessment, &scored.answers, &scored.settings);
            let json = serde_json::to_string_pretty(&file).unwrap_or_default();
            (json, "application/json", "json")
        }
        _ => return Err(RouteError::NoSuchExport),
    };
    let disposition = format!(
        "attachment; filename=\"{}\"",
        export::file_name(&scored.assessment, extension)
    );
    let disposition = HeaderValue::from_str(&disposition).map_err(|_| RouteError::NoSuchExport)?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// Why an import was refused: a form is sent back to the start page with the problem's code,
/// a script gets the detail in words.
fn import_refused(problem: ImportProblem, detail: String, from_form: bool) -> Response {
    if from_form {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .append_pair(IMPORT_ERROR_FIELD, problem.code())
            .finish();
        (StatusCode::SEE_OTHER, [(header::LOCATION, format!("/?{query}"))]).into_response()
    } else {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(serde_json::json!({ "error": detail })),
        )
            .into_response()
    }
}

/// `POST /import`: a new assessment from a JSON export, sent as the body
/// (`application/json`, answered with JSON) or as the `file` field of a form
/// (`multipart/form-data`, answered with a redirect). Everything is checked before anything
/// is written.
async fn import(State(state): State<AppState>, request: Request) -> Response {
    if let Some(&ClientAddress(address)) = request.extensions().get::<ClientAddress>()
        && let Err(wait) = state.limits.check(Writer::Address(address))
    {
        return too_many_writes(wait.as_secs());
    }
    let from_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"multipart/form-data"));
    let text = if from_form {
        match read_file_field(request).await {
            Ok(text) => text,
            Err(problem) => return import_refused(problem, problem.message().to_owned(), true),
        }
    } else {
        match axum::body::to_bytes(request.into_body(), IMPORT_LIMIT_BYTES).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
        }
    };
    let content = Content::bundled();
    let file = match AssessmentFile::parse(&text) {
        Ok(file) => file,
        Err(error) => return import_refused(ImportProblem::NotWhenless, error.message, from_form),
    };
    let valid = match file.validate(content) {
        Ok(valid) => valid,
        Err(error) => return import_refused(ImportProblem::Invalid, error.message, from_form),
    };
    match save_import(state.store.as_ref(), content, valid).await {
        Ok(links) => {
            let location = app::routes::facilitator_path(&links.facilitator);
            if from_form {
                (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
            } else {
                (
                    StatusCode::CREATED,
                    Json(serde_json::json!({ "facilitator": location })),
                )
                    .into_response()
            }
        }
        Err(error) => RouteError::Store(error).into_response(),
    }
}

async fn read_file_field(request: Request) -> Result<String, ImportProblem> {
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|_| ImportProblem::Unreadable)?;
    while let Some(field) = form.next_field().await.map_err(|_| ImportProblem::Unreadable)? {
        if field.name() == Some("file") {
            let bytes = field.bytes().await.map_err(|_| ImportProblem::Unreadable)?;
            if bytes.is_empty() {
                return Err(ImportProblem::NoFile);
            }
            return Ok(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Err(ImportProblem::NoFile)
}

async fn save_import(store: &dyn Store, content: &Content, valid: ValidImport) -> Result<Links, StoreError> {
    let (assessment, links) = store
        .import_assessment(&valid.draft, &content.version, &valid.answers, &valid.settings)
        .await?;
    tracing::info!(assessment = %assessment.id, answers = valid.answers.len(), "assessment imported");
    Ok(links)
}
