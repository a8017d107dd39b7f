//! The application router: the routes, the static bundle, and the layers every response goes
//! through, in the order they apply.

use std::sync::Arc;

use app::{App, shell};
use axum::Router;
use axum::handler::Handler;
use axum::http::header;
use axum::middleware;
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use super::bundle::pages_revalidate;
use super::forms::{refuse_forged_errors, restore_form_origin};
use super::handlers::{cost_chart, events, healthz, join_qr, pros_cons_chart, rounds_chart};
use super::rate_limits::{note_client_address, write_limit};
use super::security::{
    SiteOrigin, loggable_path, private_pages, refuse_cross_site_writes, security_header,
    strict_transport_security,
};
use super::transfer::{export, import};
use super::{BODY_LIMIT_BYTES, IMPORT_LIMIT_BYTES, ServerState};
use crate::config::HttpSettings;
use crate::page_cache::{PageCache, keep_read_only_pages};

/// The app's routes, generated once per process. Generating them renders the app with every
/// resource held back by a flag Leptos keeps for the whole process, so a page rendered
/// meanwhile by another router in the same process (the tests serve many) would never finish
/// (leptos-rs/leptos#4773; docs/STALL.md).
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Builds the whole application router.
pub fn router(state: ServerState, settings: HttpSettings) -> Router {
    let routes = routes();
    let app_state = state.app.clone();
    let options = state.leptos.clone();
    let pages = Arc::new(PageCache::default());
    pages.forget_deleted(&state.app.hub);
    let read_only_pages = (state.app.clone(), pages);
    let app_state_for_limits = state.app.clone();
    let metrics = state.app.metrics.clone();
    let site = Arc::new(SiteOrigin::new(
        state.app.public_url.as_deref(),
        settings.trust_forwarded,
    ));
    // The browser bundles and the stylesheet, named by their content (see `super::bundle`).
    let bundle = super::bundle::service(
        &std::path::Path::new(&*state.leptos.site_root).join(&*state.leptos.site_pkg_dir),
    );
    // The site's other files (the favicon) come straight from its folder, and any other address
    // gets Leptos's page for it (404). Leptos's own handler would serve the files too, but
    // under an `Owner::new()`, a child of whatever Owner the thread left current, and it hands
    // the file whatever response headers that Owner holds, taking them: a page rendered at the
    // same moment lost its Content-Security-Policy to a favicon and reached the browser with
    // the strict policy, its scripts and stylesheet blocked.
    let not_found = leptos_axum::file_and_error_handler::<ServerState, _>(shell).with_state(state.clone());
    let site_files = ServeDir::new(&*state.leptos.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(not_found);

    Router::new()
        .route("/healthz", get(healthz))
        .nest_service("/pkg", bundle)
        .route("/f/{token}/charts/pros-cons.svg", get(pros_cons_chart))
        .route("/r/{token}/charts/pros-cons.svg", get(pros_cons_chart))
        .route("/f/{token}/charts/rounds.svg", get(rounds_chart))
        .route("/r/{token}/charts/rounds.svg", get(rounds_chart))
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
        .fallback_service(site_files)
        .layer(middleware::from_fn_with_state(read_only_pages, keep_read_only_pages))
        .layer(middleware::from_fn(restore_form_origin))
        .layer(middleware::from_fn(refuse_forged_errors))
        .layer(middleware::from_fn_with_state(site.clone(), refuse_cross_site_writes))
        .layer(middleware::from_fn(private_pages))
        .layer(middleware::from_fn(pages_revalidate))
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
        // Outermost, so that every answer is counted, refusals and errors included; each route
        // layer still runs after the route is matched, so this one knows the route's pattern.
        .layer(middleware::from_fn_with_state(metrics, crate::metrics::count_request))
}
