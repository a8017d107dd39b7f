//! The metrics endpoint: `GET /metrics` on a listener of its own (`--metrics-addr`), so that it
//! is never reachable through the public address; and the layer that counts every request of
//! the app's router by its route pattern.

use std::sync::Arc;
use std::time::Instant;

use app::metrics::{CONTENT_TYPE, Metrics, PoolUse, UNMATCHED};
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sqlx::{PgPool, SqlitePool};

use crate::store::Backend;

/// The database pool of an opened store, read at each scrape.
#[derive(Clone, Debug)]
pub enum DbPool {
    Postgres(PgPool),
    Sqlite(SqlitePool),
}

impl DbPool {
    pub fn of(backend: &Backend) -> Self {
        match backend {
            Backend::Postgres(store) => DbPool::Postgres(store.pool().clone()),
            Backend::Sqlite(store) => DbPool::Sqlite(store.pool().clone()),
        }
    }

    /// Connections in use, idle, and the most the pool opens, as they are now.
    pub fn usage(&self) -> PoolUse {
        let (size, idle, max) = match self {
            DbPool::Postgres(pool) => (pool.size(), pool.num_idle(), pool.options().get_max_connections()),
            DbPool::Sqlite(pool) => (pool.size(), pool.num_idle(), pool.options().get_max_connections()),
        };
        let idle = u32::try_from(idle).unwrap_or(u32::MAX);
        PoolUse {
            in_use: size.saturating_sub(idle),
            idle,
            max,
        }
    }
}

/// The router of the metrics listener: `GET /metrics` and nothing else.
pub fn router(metrics: Arc<Metrics>, pool: Option<DbPool>) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state((metrics, pool))
}

async fn scrape(State((metrics, pool)): State<(Arc<Metrics>, Option<DbPool>)>) -> Response {
    let text = metrics.encode(pool.as_ref().map(DbPool::usage));
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], text).into_response()
}

/// Counts a request of the app's router by the route it matched (the pattern, `/f/{token}`,
/// never the path, which carries the token), its status class and how long its response's
/// head took.
pub(crate) async fn count_request(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str)
        .to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.request(&route, response.status(), started.elapsed().as_secs_f64());
    response
}
