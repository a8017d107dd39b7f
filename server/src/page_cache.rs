//! Read-only pages, kept rendered. A read-only link is shared with people who only read, and
//! its page is the same for all of them: it depends on nothing but the assessment. So the
//! rendered page is kept with the snapshot it was rendered from (see [`app::snapshots`]) and
//! served again while that snapshot is current. Any write drops the snapshot, on every
//! instance, so the next request renders afresh. Every request still resolves its link, so a
//! replaced link stops working at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use app::api::AppError;
use app::live::Hub;
use app::state::AppState;
use app::store::{AccessError, StoreError, authorize};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::AssessmentId;
use domain::access::{Capability, LinkKind, Token};
use domain::assessment::Assessment;
use domain::views::Snapshot;
use tokio::sync::broadcast::error::RecvError;

/// At most this many pages are kept; when full, all are dropped and kept again as read.
const CAPACITY: usize = 256;

/// Says whether a read-only page was served as kept (`HIT`) or rendered (`MISS`).
const CACHE_HEADER: &str = "x-cache";

/// A bound on a page's size while it is read to be kept (pages are some 100 kB).
const LARGEST_PAGE: usize = 16 * 1024 * 1024;

/// A page as it was rendered: its headers, its HTML, and the nonce its scripts carry.
struct Kept {
    snapshot: Arc<Snapshot>,
    assessment: Assessment,
    /// The day (UTC, in days since the epoch) it was rendered on: a review falls due with the
    /// date, with no write to say so.
    day: i64,
    headers: HeaderMap,
    html: Bytes,
    nonce: String,
}

/// The kept pages, by link token; one per server instance.
#[derive(Default)]
pub struct PageCache {
    kept: Mutex<HashMap<Token, Arc<Kept>>>,
}

impl PageCache {
    fn kept(&self) -> std::sync::MutexGuard<'_, HashMap<Token, Arc<Kept>>> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The page kept for `token`, if it was rendered from `snapshot` and `assessment` on `day`.
    fn current(
        &self,
        token: &Token,
        snapshot: &Arc<Snapshot>,
        assessment: &Assessment,
        day: i64,
    ) -> Option<Arc<Kept>> {
        self.kept()
            .get(token)
            .filter(|kept| {
                Arc::ptr_eq(&kept.snapshot, snapshot) && kept.assessment == *assessment && kept.day == day
            })
            .cloned()
    }

    /// Drops the pages of `assessment_id`.
    fn forget(&self, assessment_id: &AssessmentId) {
        self.kept().retain(|_, kept| kept.assessment.id != *assessment_id);
    }

    /// Drops the pages of every assessment deleted from now on, on this instance.
    pub fn forget_deleted(self: &Arc<Self>, hub: &Hub) {
        let mut deletions = hub.deletions();
        let pages = Arc::downgrade(self);
        tokio::spawn(async move {
            loop {
                let deleted = match deletions.recv().await {
                    Ok(deleted) => Some(deleted),
                    // Missed deletions: drop every page, they are rendered again as read.
                    Err(RecvError::Lagged(_)) => None,
                    Err(RecvError::Closed) => return,
                };
                let Some(pages) = pages.upgrade() else { return };
                match deleted {
                    Some(id) => pages.forget(&id),
                    None => pages.kept().clear(),
                }
            }
        });
    }

    fn keep(&self, token: &Token, kept: Kept) {
        let mut pages = self.kept();
        if pages.len() >= CAPACITY {
            pages.clear();
        }
        pages.insert(token.clone(), Arc::new(kept));
    }
}

/// Serves `GET /r/<token>` from [`PageCache`] when it can, and keeps what it renders.
pub async fn keep_read_only_pages(
    State((state, pages)): State<(AppState, Arc<PageCache>)>,
    request: Request,
    next: Next,
) -> Response {
    let Some(token) = read_only_token(&request) else {
        return next.run(request).await;
    };
    let access = match authorize(state.store.as_ref(), &token, Capability::Read).await {
        Ok(access) => access,
        Err(AccessError::Store(StoreError::Unavailable(source))) => return unavailable(&source),
        Err(_) => return next.run(request).await,
    };
    if access.kind != LinkKind::ReadOnly {
        return next.run(request).await;
    }
    let snapshot = match state.snapshot(&access.assessment.id).await {
        Ok(snapshot) => snapshot,
        Err(StoreError::Unavailable(source)) => return unavailable(&source),
        Err(_) => return next.run(request).await,
    };
    let day = app::store::now_ms().div_euclid(domain::calendar::DAY_MS);
    if let Some(kept) = pages.current(&token, &snapshot, &access.assessment, day) {
        return serve(&kept);
    }

    // Rendering resolves the link and reads the snapshot again (from memory), which keeps the
    // page's own code unaware of this cache. What it renders is at least as new as `snapshot`.
    let response = next.run(request).await;
    let Some(nonce) = page_nonce(response.headers()).filter(|_| response.status() == StatusCode::OK) else {
        return response;
    };
    let (mut parts, body) = response.into_parts();
    let html = match axum::body::to_bytes(body, LARGEST_PAGE).await {
        Ok(html) => html,
        Err(error) => {
            tracing::error!(%error, "cannot read a rendered read-only page");
            return AppError::Internal.status().into_response();
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(CACHE_HEADER, HeaderValue::from_static("MISS"));
    pages.keep(
        &token,
        Kept {
            snapshot,
            assessment: access.assessment,
            day,
            headers: parts.headers.clone(),
            html: html.clone(),
            nonce,
        },
    );
    Response::from_parts(parts, Body::from(html))
}

/// The answer when the database did not answer in time: at once, as rendering the page would
/// wait for it again.
fn unavailable(source: &dyn std::fmt::Display) -> Response {
    tracing::warn!(error = %source, "database unavailable");
    let error = AppError::Unavailable;
    (
        error.status(),
        [(header::RETRY_AFTER, HeaderValue::from_static("5"))],
        error.to_string(),
    )
        .into_response()
}

/// The token of a read-only page request without a query (a query may carry a form's error).
fn read_only_token(request: &Request) -> Option<Token> {
    if request.method() != Method::GET || request.uri().query().is_some() {
        return None;
    }
    app::routes::link_page_token(LinkKind::ReadOnly, request.uri().path()).map(Token::from)
}

/// The nonce the page's Content-Security-Policy allows scripts with.
fn page_nonce(headers: &HeaderMap) -> Option<String> {
    let policy = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let nonce = policy.split("'nonce-").nth(1)?.split('\'').next()?;
    Some(nonce.to_owned())
}

/// A kept page with a nonce of its own: a nonce is never sent twice.
fn serve(kept: &Kept) -> Response {
    let nonce = leptos::nonce::Nonce::new().to_string();
    let html = String::from_utf8_lossy(&kept.html).replace(&kept.nonce, &nonce);
    let mut response = Response::new(Body::from(html));
    *response.headers_mut() = kept.headers.clone();
    if let Ok(policy) = HeaderValue::from_str(&app::content_security_policy(&nonce)) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
        .headers_mut()
        .insert(CACHE_HEADER, HeaderValue::from_static("HIT"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept_page(assessment_id: &str) -> Kept {
        Kept {
            snapshot: Arc::new(Snapshot::default()),
            assessment: Assessment {
                id: assessment_id.into(),
                title: "Kept".into(),
                description: String::new(),
                created_at_ms: 0,
                content_version: "1".into(),
                current_step: 1,
                room: domain::room::Room::default(),
                version: 1,
            },
            day: 0,
            headers: HeaderMap::new(),
            html: Bytes::from_static(b"<html></html>"),
            nonce: "n".into(),
        }
    }

    #[test]
    fn a_page_kept_on_another_day_is_rendered_again() {
        let pages = PageCache::default();
        let kept = Kept {
            day: 20_000,
            ..kept_page("a")
        };
        let (snapshot, assessment) = (kept.snapshot.clone(), kept.assessment.clone());
        let token = Token::from("reader");
        pages.keep(&token, kept);
        assert!(pages.current(&token, &snapshot, &assessment, 20_000).is_some());
        assert!(pages.current(&token, &snapshot, &assessment, 20_001).is_none());
    }

    #[tokio::test]
    async fn a_deleted_assessments_pages_are_dropped() {
        let hub = Hub::default();
        let pages = Arc::new(PageCache::default());
        pages.forget_deleted(&hub);
        pages.keep(&Token::from("doomed"), kept_page("a"));
        pages.keep(&Token::from("other"), kept_page("b"));
        hub.publish(&AssessmentId::from("a"), app::live::Change::Room);
        hub.publish(&AssessmentId::from("a"), app::live::Change::Deleted);
        let dropped = async {
            while pages.kept().contains_key(&Token::from("doomed")) {
                tokio::task::yield_now().await;
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(5), dropped)
            .await
            .expect("the deleted assessment's page is dropped");
        assert!(pages.kept().contains_key(&Token::from("other")));
    }
}
