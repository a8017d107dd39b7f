//! What the server counts for its operators, in Prometheus's exposition format: requests and
//! their latency by route, open event streams, joins and removals, the database pool, database
//! errors and write refusals. The server serves [`Metrics::encode`] on a listener of its own.
//!
//! No label ever holds a token: routes are the router's patterns (`/f/{token}`), never the
//! path a request asked for, and every other label is one of a fixed set of words.

use std::sync::{Arc, LazyLock};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use domain::access::LinkKind;

use crate::limits::Writer;
use crate::store::StoreError;

/// The label of requests the router matched to no route (the path itself may carry a token).
pub const UNMATCHED: &str = "unmatched";

/// The Content-Type of [`Metrics::encode`]'s text.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

/// A response status by its first digit: `2xx`, `4xx` and so on.
fn status_class(status: http::StatusCode) -> &'static str {
    match status.as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// Which allowance refused a write (see [`crate::limits`]).
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum Limit {
    /// A person in a workshop.
    Person,
    /// A facilitator link.
    FacilitatorLink,
    /// Joining a workshop from one address.
    JoiningAddress,
    /// Creating or importing assessments, or looking up join codes, from one address.
    Address,
    /// The HTTP layer's ceiling on every POST from one address.
    AddressCeiling,
}

impl Limit {
    const ALL: [Limit; 5] = [
        Limit::Person,
        Limit::FacilitatorLink,
        Limit::JoiningAddress,
        Limit::Address,
        Limit::AddressCeiling,
    ];

    /// The limit's label value.
    pub fn label(self) -> &'static str {
        match self {
            Limit::Person => "person",
            Limit::FacilitatorLink => "facilitator_link",
            Limit::JoiningAddress => "joining_address",
            Limit::Address => "address",
            Limit::AddressCeiling => "address_ceiling",
        }
    }
}

impl From<&Writer> for Limit {
    fn from(writer: &Writer) -> Self {
        match writer {
            Writer::Person { .. } => Limit::Person,
            Writer::Facilitator { .. } => Limit::FacilitatorLink,
            Writer::Joining(_) => Limit::JoiningAddress,
            Writer::Address(_) => Limit::Address,
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StreamLabels {
    /// The kind of link the page following it was opened with: `participant` streams are the
    /// people in workshop rooms.
    link: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LimitLabels {
    limit: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ErrorLabels {
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ConnectionLabels {
    state: &'static str,
}

/// The kinds of database error, as [`StoreError`] sorts them.
const ERROR_KINDS: [&str; 3] = ["unavailable", "gone", "internal"];

/// Database errors, for the whole process: the store sorts driver errors where no instance's
/// metrics are at hand, so every [`Metrics`] shows these same counts. Each kind is there from
/// the start, at 0, so that a rate over it is defined before the first error.
static DATABASE_ERRORS: LazyLock<Family<ErrorLabels, Counter>> = LazyLock::new(|| {
    let family = Family::default();
    for kind in ERROR_KINDS {
        drop(family.get_or_create(&ErrorLabels { kind }));
    }
    family
});

/// Counts one database error the store sorted, by its kind.
pub fn count_database_error(error: &StoreError) {
    let kind = match error {
        StoreError::Unavailable(_) => ERROR_KINDS[0],
        StoreError::Gone => ERROR_KINDS[1],
        StoreError::Internal(_) => ERROR_KINDS[2],
    };
    DATABASE_ERRORS.get_or_create(&ErrorLabels { kind }).inc();
}

/// How the database pool is used at the moment of a scrape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolUse {
    pub in_use: u32,
    pub idle: u32,
    pub max: u32,
}

/// One instance's metrics and the registry that writes them out.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    streams: Family<StreamLabels, Gauge>,
    joins: Counter,
    removals: Counter,
    refusals: Family<LimitLabels, Counter>,
    connections: Family<ConnectionLabels, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        let requests = Family::<RequestLabels, Counter>::default();
        // From 1 ms to about 16 s, doubling.
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(
            (|| Histogram::new(exponential_buckets(0.001, 2.0, 15))) as fn() -> Histogram,
        );
        let streams = Family::<StreamLabels, Gauge>::default();
        for kind in LinkKind::ALL {
            drop(streams.get_or_create(&StreamLabels { link: kind.slug() }));
        }
        let joins = Counter::default();
        let removals = Counter::default();
        let refusals = Family::<LimitLabels, Counter>::default();
        for limit in Limit::ALL {
            drop(refusals.get_or_create(&LimitLabels { limit: limit.label() }));
        }
        let connections = Family::<ConnectionLabels, Gauge>::default();
        let mut registry = Registry::with_prefix("whenless");
        registry.register(
            "http_requests",
            "HTTP requests answered, by route pattern (never the path asked for) and status class",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its response's head, by route pattern",
            latency.clone(),
        );
        registry.register(
            "event_streams_open",
            "Live-update event streams open now on this instance, by the kind of link that opened them (participant: people in workshop rooms)",
            streams.clone(),
        );
        registry.register(
            "participants_joined",
            "People who joined a workshop through this instance",
            joins.clone(),
        );
        registry.register(
            "participants_removed",
            "People a facilitator removed from a workshop through this instance",
            removals.clone(),
        );
        registry.register(
            "write_refusals",
            "Writes refused with 429, by the allowance that refused them",
            refusals.clone(),
        );
        registry.register(
            "database_connections",
            "Database pool connections at the scrape: in use, idle, and the most the pool opens",
            connections.clone(),
        );
        registry.register(
            "database_errors",
            "Database errors the store met, by kind: unavailable (retry later), gone (the assessment was deleted meanwhile), internal",
            DATABASE_ERRORS.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            streams,
            joins,
            removals,
            refusals,
            connections,
        }
    }
}

impl Metrics {
    /// Counts one answered request: `route` is the router's pattern, or [`UNMATCHED`].
    pub fn request(&self, route: &str, status: http::StatusCode, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_owned(),
                status: status_class(status),
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_owned(),
            })
            .observe(seconds);
    }

    /// Counts an event stream opened with a `link` link as open until the returned guard is
    /// dropped.
    pub fn stream_opened(self: &Arc<Self>, link: LinkKind) -> OpenStream {
        let gauge = self
            .streams
            .get_or_create(&StreamLabels { link: link.slug() })
            .clone();
        gauge.inc();
        OpenStream(gauge)
    }

    /// Counts one person who joined a workshop.
    pub fn joined(&self) {
        self.joins.inc();
    }

    /// Counts people removed from a workshop.
    pub fn removed(&self, people: usize) {
        self.removals.inc_by(u64::try_from(people).unwrap_or(u64::MAX));
    }

    /// Counts one write refused by `limit`.
    pub fn refused(&self, limit: Limit) {
        self.refusals
            .get_or_create(&LimitLabels { limit: limit.label() })
            .inc();
    }

    /// Writes every metric in the OpenMetrics text format, with the pool's use as it is now.
    pub fn encode(&self, pool: Option<PoolUse>) -> String {
        if let Some(pool) = pool {
            for (state, count) in [("in_use", pool.in_use), ("idle", pool.idle), ("max", pool.max)] {
                self.connections
                    .get_or_create(&ConnectionLabels { state })
                    .set(i64::from(count));
            }
        }
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .expect("writing to a String cannot fail");
        text
    }
}

/// An open event stream, counted in [`Metrics`] until dropped: however the stream ends (the
/// client leaves, the assessment is deleted, the server shuts down).
pub struct OpenStream(Gauge);

impl Drop for OpenStream {
    fn drop(&mut self) {
        self.0.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line<'a>(text: &'a str, start: &str) -> Option<&'a str> {
        text.lines().find(|line| line.starts_with(start))
    }

    #[test]
    fn the_stream_gauge_counts_by_link_and_goes_back_down_when_a_stream_is_dropped() {
        let metrics = Arc::new(Metrics::default());
        let open = |link: &str| {
            let start = format!("whenless_event_streams_open{{link=\"{link}\"}} ");
            line(&metrics.encode(None), &start).map(|line| line[start.len()..].to_owned())
        };
        assert_eq!(
            open("read-only").as_deref(),
            Some("0"),
            "every link is there from the start"
        );
        let first = metrics.stream_opened(LinkKind::Participant);
        let second = metrics.stream_opened(LinkKind::Participant);
        let presenter = metrics.stream_opened(LinkKind::Facilitator);
        assert_eq!(open("participant").as_deref(), Some("2"));
        assert_eq!(open("facilitator").as_deref(), Some("1"));
        drop(first);
        assert_eq!(open("participant").as_deref(), Some("1"));
        drop(second);
        drop(presenter);
        assert_eq!(open("participant").as_deref(), Some("0"));
        assert_eq!(open("facilitator").as_deref(), Some("0"));
    }

    #[test]
    fn requests_are_counted_by_route_and_status_class() {
        let metrics = Metrics::default();
        metrics.request("/f/{token}", http::StatusCode::OK, 0.002);
        metrics.request("/f/{token}", http::StatusCode::NO_CONTENT, 0.002);
        metrics.request("/f/{token}", http::StatusCode::GONE, 0.002);
        metrics.request(UNMATCHED, http::StatusCode::INTERNAL_SERVER_ERROR, 0.002);
        let text = metrics.encode(None);
        for expected in [
            r#"whenless_http_requests_total{route="/f/{token}",status="2xx"} 2"#,
            r#"whenless_http_requests_total{route="/f/{token}",status="4xx"} 1"#,
            r#"whenless_http_requests_total{route="unmatched",status="5xx"} 1"#,
            r#"whenless_http_request_duration_seconds_count{route="/f/{token}"} 3"#,
        ] {
            assert!(text.contains(expected), "{expected} in\n{text}");
        }
    }

    #[test]
    fn the_pool_is_read_at_the_scrape() {
        let metrics = Metrics::default();
        let text = metrics.encode(Some(PoolUse {
            in_use: 2,
            idle: 3,
            max: 10,
        }));
        for expected in [
            r#"whenless_database_connections{state="in_use"} 2"#,
            r#"whenless_database_connections{state="idle"} 3"#,
            r#"whenless_database_connections{state="max"} 10"#,
        ] {
            assert!(text.contains(expected), "{expected} in\n{text}");
        }
    }
}
