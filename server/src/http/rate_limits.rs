//! Who a request counts against and how many writes an address may make: the client address
//! (the peer's, or the one a trusted proxy forwarded), the ceiling on POSTs per address, and
//! the 429 beyond it.

use std::net::IpAddr;
use std::time::Duration;

use app::api::AppError;
use app::limits::ClientAddress;
use app::metrics::Limit;
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use governor::middleware::NoOpMiddleware;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::{KeyExtractor, PeerIpKeyExtractor, SmartIpKeyExtractor};
use tower_governor::{GovernorError, GovernorLayer};

use crate::config::HttpSettings;

/// The client a request counts against in rate limits: the peer address, or the address a
/// trusted proxy forwarded.
#[derive(Clone, Copy, Debug)]
pub(super) struct ClientIp {
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
pub(super) async fn note_client_address(
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
pub(super) fn write_limit(
    settings: HttpSettings,
    app: AppState,
) -> GovernorLayer<ClientIp, NoOpMiddleware, Body> {
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
    let metrics = app.metrics.clone();
    // Forget clients that have been quiet, so the tables do not grow without end.
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limiter.retain_recent();
            app.limits.forget_quiet();
        }
    });
    GovernorLayer::new(config).error_handler(move |error| match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            metrics.refused(Limit::AddressCeiling);
            too_many_writes(wait_time)
        }
        other => {
            tracing::error!(error = ?other, "rate limiter failed");
            let mut response =
                Response::new(Body::from("The request could not be checked; please try again."));
            *response.status_mut() = AppError::Internal.status();
            response
        }
    })
}

/// [`AppError::TooBusy`], saying how many seconds to wait.
pub(super) fn too_many_writes(wait_secs: u64) -> Response {
    let wait = wait_secs.max(1);
    let error = AppError::TooBusy { retry_after: wait };
    let mut response = Response::new(Body::from(error.to_string()));
    *response.status_mut() = error.status();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait));
    response
}
