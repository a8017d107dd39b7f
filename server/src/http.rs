//! The HTTP surface: Leptos pages and server functions, static files, health check, and the
//! layers every response goes through.

use std::time::Duration;

use app::store::AppState;
use app::store::{StoreError, scored};
use app::{App, shell};
use axum::extract::{FromRef, Path, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::{LeptosOptions, provide_context};
use leptos_axum::{LeptosRoutes, generate_route_list};
use serde::Serialize;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::charts::{self, ChartError};

/// Largest request body accepted; forms and server-function calls are far smaller.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// What axum handlers can extract.
#[derive(Clone, FromRef)]
pub struct ServerState {
    pub leptos: LeptosOptions,
    pub app: AppState,
}

/// Builds the whole application router.
pub fn router(state: ServerState) -> Router {
    let routes = generate_route_list(App);
    let app_state = state.app.clone();
    let options = state.leptos.clone();

    Router::new()
        .route("/healthz", get(healthz))
        .route("/a/{id}/charts/pros-cons.svg", get(pros_cons_chart))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(app_state.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<ServerState, _>(shell))
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(CompressionLayer::new())
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        // Same-origin: addresses never leak to other sites, while a form posted without
        // JavaScript still tells the server which page to return to with its error.
        .layer(security_header(header::REFERRER_POLICY, "same-origin"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
                // The path only: query strings may carry tokens and must stay out of the log.
                tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
            }),
        )
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
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
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Chart(#[from] ChartError),
}

impl IntoResponse for RouteError {
    fn into_response(self) -> Response {
        let status = match &self {
            RouteError::NotFound => StatusCode::NOT_FOUND,
            RouteError::Store(StoreError::Unavailable(source)) => {
                tracing::warn!(error = %source, "database unavailable");
                StatusCode::SERVICE_UNAVAILABLE
            }
            RouteError::Store(StoreError::Internal(source)) => {
                tracing::error!(error = %source, "database error");
                StatusCode::INTERNAL_SERVER_ERROR
            }
            RouteError::Chart(error) => {
                tracing::error!(%error, "chart error");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        (status, status.canonical_reason().unwrap_or("error")).into_response()
    }
}

/// `GET /a/{id}/charts/pros-cons.svg`: the results chart of one assessment.
async fn pros_cons_chart(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, RouteError> {
    let scored = scored(state.store.as_ref(), &id)
        .await?
        .ok_or(RouteError::NotFound)?;
    let svg = charts::pros_and_cons(&scored.report)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        svg,
    )
        .into_response())
}
