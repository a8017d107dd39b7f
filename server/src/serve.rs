//! Serving connections: the router behind hyper, with read timeouts so that a client that
//! stalls cannot hold a connection (or the shutdown) forever, and a deadline on the shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutBody};

/// How long a client has to send a request's headers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may pause while sending a request's body.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the server waits for open requests after it is asked to stop; then it exits.
pub const SHUTDOWN_DEADLINE: Duration = Duration::from_secs(5);

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests in flight finish
/// for at most [`SHUTDOWN_DEADLINE`]. Each request knows its peer address (`ConnectInfo`).
pub async fn serve(listener: TcpListener, app: Router, shutdown: impl Future<Output = ()>) {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(%error, "cannot accept a connection");
                    continue;
                }
            },
        };
        let service = tower::ServiceBuilder::new()
            .layer(RequestBodyTimeoutLayer::new(BODY_READ_TIMEOUT))
            .map_request(move |request: Request<TimeoutBody<Incoming>>| {
                let mut request = request.map(Body::new);
                request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                request
            })
            .service(app.clone());
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service))
            .into_owned();
        tokio::spawn(graceful.watch(connection));
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_DEADLINE) => {
            tracing::warn!("requests still open {SHUTDOWN_DEADLINE:?} after the shutdown began; exiting");
        }
    }
}
