//! The plain (non-Leptos) routes that read an assessment: the health check, the charts and the
//! join QR code as SVG, and the live event stream.

use std::time::Duration;

use app::api::AppError;
use app::live::Change;
use app::state::{AppState, scored};
use app::store::authorize;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use domain::access::{Capability, Token};
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;

use super::error::RouteError;
use crate::charts;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    database: &'static str,
}

/// `GET /healthz`: 200 when the database answers within a few seconds, 503 when it does not.
pub(super) async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
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
            AppError::Unavailable.status(),
            Json(Health {
                status: "unavailable",
                database: "unreachable",
            }),
        )
    }
}

/// `GET /{f,r}/{token}/charts/pros-cons.svg`: the results chart of one assessment.
pub(super) async fn pros_cons_chart(
    State(state): State<AppState>,
    Path(token): Path<Token>,
) -> Result<Response, RouteError> {
    let access = authorize(state.store.as_ref(), &token, Capability::Read).await?;
    let scored = scored(&state, &access).await?;
    let svg = charts::pros_and_cons(&scored.report)?;
    Ok(chart_response(svg))
}

/// `GET /{f,r}/{token}/charts/rounds.svg`: each dimension's score across the rounds, the one
/// under way last.
pub(super) async fn rounds_chart(
    State(state): State<AppState>,
    Path(token): Path<Token>,
) -> Result<Response, RouteError> {
    let access = authorize(state.store.as_ref(), &token, Capability::Read).await?;
    let scored = scored(&state, &access).await?;
    let mut rounds = scored.rounds.clone();
    rounds.push(scored.current_round(app::store::now_ms()));
    let svg = charts::rounds(&rounds)?;
    Ok(chart_response(svg))
}

/// `GET /f/{token}/join-qr.svg`: the participant link as a QR code, for the facilitator to
/// show. It changes when the participant link is replaced.
pub(super) async fn join_qr(
    State(state): State<AppState>,
    Path(token): Path<Token>,
    headers: HeaderMap,
) -> Result<Response, RouteError> {
    let access = authorize(state.store.as_ref(), &token, Capability::Facilitate).await?;
    let links = state.store.links(&access.assessment.id, &token).await?;
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let url = format!(
        "{}{}",
        app::routes::base_url(state.public_url.as_deref(), host),
        app::routes::room_path(links.participant.expose())
    );
    Ok(svg_response(charts::qr_code(&url)?))
}

/// A chart as a response ([`svg_response`]) that follows the reader's colour scheme: its style
/// sheet is inline, which its policy allows (it has no script and loads nothing).
fn chart_response(svg: String) -> Response {
    let mut response = svg_response(charts::following_the_color_scheme(svg));
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    response
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
pub(super) async fn events(
    State(state): State<AppState>,
    Path(token): Path<Token>,
) -> Result<Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>>, RouteError> {
    let access = authorize(state.store.as_ref(), &token, Capability::Read).await?;
    let changes = state.hub.subscribe(&access.assessment.id);
    let closing = state.hub.closing();
    // Counted as open for as long as the stream lives: it goes with the stream when the stream
    // ends or the client leaves.
    let open = state.metrics.stream_opened(access.kind);
    // Each step of the stream knows the change it sent before: the greeting is sent first, and
    // nothing follows a deletion.
    let stream = futures_util::stream::unfold(
        (changes, closing, None, open),
        |(mut changes, mut closing, sent, open)| async move {
            let event = |change: Change| Ok(Event::default().event("changed").data(change.name()));
            match sent {
                None => return Some((event(Change::Room), (changes, closing, Some(Change::Room), open))),
                Some(Change::Deleted) => return None,
                Some(_) => {}
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
            change.map(|change| (event(change), (changes, closing, Some(change), open)))
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// `GET /{f,p,r}/{token}/charts/cost.svg`: the cost chart, for the saved workload and prices
/// (or the defaults) with any field overridden by the query string, so the chart can follow
/// what is being typed before it is saved.
pub(super) async fn cost_chart(
    State(state): State<AppState>,
    Path(token): Path<Token>,
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
    Ok(chart_response(svg))
}
