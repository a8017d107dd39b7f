//! The metrics listener: every family is there with its help text, counts move with what the
//! app does, and no token ever reaches a label.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use app::store::Store;
use reqwest::StatusCode;
use server::metrics::DbPool;
use server::store::Backend;

use crate::common::{self, Events, TestApp};

/// The app on a fresh SQLite file, with its metrics served on a listener of their own.
struct Observed {
    app: TestApp,
    metrics: SocketAddr,
    pool: DbPool,
    _dir: tempfile::TempDir,
}

async fn observed(flags: &[&str]) -> Observed {
    let dir = tempfile::tempdir().unwrap();
    let backend = server::store::open_backend(&common::settings(&common::sqlite_url(&dir)))
        .await
        .unwrap();
    let pool = DbPool::of(&backend);
    let store: Arc<dyn Store> = match backend {
        Backend::Postgres(store) => store,
        Backend::Sqlite(store) => store,
    };
    let app = TestApp::spawn_with(store, flags).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics = listener.local_addr().unwrap();
    let router = server::metrics::router(app.metrics.clone(), Some(pool.clone()));
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    Observed {
        app,
        metrics,
        pool,
        _dir: dir,
    }
}

impl Observed {
    async fn scrape(&self) -> String {
        let response = self
            .app
            .client
            .get(format!("http://{}/metrics", self.metrics))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/openmetrics-text")
        );
        response.text().await.unwrap()
    }
}

/// The value of one series (its name and labels exactly as written), or `None` when absent.
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .map(|value| value.parse().unwrap())
}

async fn send(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    app.client.post(app.url(path)).form(fields).send().await.unwrap()
}

#[tokio::test]
async fn every_family_is_described_and_the_public_address_does_not_serve_it() {
    let observed = observed(&[]).await;
    let health = observed
        .app
        .client
        .get(observed.app.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let text = observed.scrape().await;
    for (family, kind) in [
        ("whenless_http_requests", "counter"),
        ("whenless_http_request_duration_seconds", "histogram"),
        ("whenless_event_streams_open", "gauge"),
        ("whenless_participants_joined", "counter"),
        ("whenless_participants_removed", "counter"),
        ("whenless_write_refusals", "counter"),
        ("whenless_database_connections", "gauge"),
        ("whenless_database_errors", "counter"),
    ] {
        assert!(
            text.contains(&format!("# TYPE {family} {kind}\n")),
            "{family} in\n{text}"
        );
        assert!(
            text.contains(&format!("# HELP {family} ")),
            "{family}'s help in\n{text}"
        );
    }
    assert_eq!(
        value(&text, r#"whenless_database_connections{state="max"}"#),
        Some(5.0)
    );
    assert!(value(&text, r#"whenless_database_connections{state="idle"}"#).is_some());
    assert!(value(&text, r#"whenless_database_connections{state="in_use"}"#).is_some());

    let public = observed
        .app
        .client
        .get(observed.app.url("/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
    let again = observed.scrape().await;
    assert_eq!(
        value(
            &again,
            r#"whenless_http_requests_total{route="unmatched",status="4xx"}"#
        ),
        Some(1.0),
        "the public address's 404 is counted, as unmatched"
    );
}

#[tokio::test]
async fn requests_people_and_streams_are_counted_by_route_and_no_token_reaches_a_label() {
    let observed = observed(&[]).await;
    let app = &observed.app;
    let facilitator = app.create("Counted").await;
    let overview: serde_json::Value = app
        .read("/api/overview", &[("token", &facilitator)], None)
        .await
        .json()
        .await
        .unwrap();
    let participant = overview["links"]["participant"].as_str().unwrap().to_owned();
    let reader = overview["links"]["read_only"].as_str().unwrap().to_owned();
    assert_eq!(
        app.client
            .get(app.url(&format!("/f/{facilitator}")))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.client
            .get(app.url(&format!("/r/{reader}")))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.client.get(app.url("/healthz")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let unknown = app
        .client
        .get(app.url("/f/AAAAAAAAAAAAAAAAAAAAAA"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    let joined = send(app, "/api/join_room", &[("token", &participant), ("name", "Ana")]).await;
    assert!(joined.status().is_success(), "{}", joined.status());
    let cookie = joined.headers()["set-cookie"].to_str().unwrap().to_owned();
    let secret = cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned();

    let mut events = Events::new(
        app.client
            .get(app.url(&format!("/p/{participant}/events")))
            .send()
            .await
            .unwrap(),
    );
    events.next_within(Duration::from_secs(5)).await;
    let text = observed.scrape().await;
    // A phone following its workshop: one person in a room.
    let people_in_rooms = r#"whenless_event_streams_open{link="participant"}"#;
    assert_eq!(value(&text, people_in_rooms), Some(1.0), "{text}");
    assert_eq!(
        value(&text, r#"whenless_event_streams_open{link="facilitator"}"#),
        Some(0.0)
    );
    assert_eq!(value(&text, "whenless_participants_joined_total"), Some(1.0));
    assert_eq!(value(&text, "whenless_participants_removed_total"), Some(0.0));

    let overview: serde_json::Value = app
        .read("/api/overview", &[("token", &facilitator)], None)
        .await
        .json()
        .await
        .unwrap();
    let id = domain::ParticipantId::from(overview["people"][0]["id"].as_str().unwrap());
    let removed = send(
        app,
        "/api/remove_people",
        &[("token", &facilitator), (&app::api::person_field(&id), "on")],
    )
    .await;
    assert_eq!(removed.status(), StatusCode::OK);

    // The client leaves; the server notices when it next writes to the stream (someone else
    // joining), and the gauge comes back down.
    drop(events);
    let mut open = None;
    let mut guests = 0;
    while guests < 50 && open != Some(0.0) {
        guests += 1;
        let name = format!("Guest {guests}");
        let joined = send(app, "/api/join_room", &[("token", &participant), ("name", &name)]).await;
        assert!(joined.status().is_success(), "{}", joined.status());
        open = value(&observed.scrape().await, people_in_rooms);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(open, Some(0.0), "the stream's end is counted");

    let text = observed.scrape().await;
    assert_eq!(value(&text, "whenless_participants_removed_total"), Some(1.0));
    assert_eq!(
        value(&text, "whenless_participants_joined_total"),
        Some(f64::from(1 + guests))
    );
    for (series, expected) in [
        (
            r#"whenless_http_requests_total{route="/f/{token}",status="2xx"}"#,
            1.0,
        ),
        (
            r#"whenless_http_requests_total{route="/f/{token}",status="4xx"}"#,
            1.0,
        ),
        (
            r#"whenless_http_requests_total{route="/r/{token}",status="2xx"}"#,
            1.0,
        ),
        (
            r#"whenless_http_requests_total{route="/healthz",status="2xx"}"#,
            1.0,
        ),
        (
            r#"whenless_http_requests_total{route="/api/join_room",status="2xx"}"#,
            f64::from(1 + guests),
        ),
        (
            r#"whenless_http_requests_total{route="/p/{token}/events",status="2xx"}"#,
            1.0,
        ),
        (
            r#"whenless_http_request_duration_seconds_count{route="/healthz"}"#,
            1.0,
        ),
        (
            r#"whenless_http_request_duration_seconds_count{route="/f/{token}"}"#,
            2.0,
        ),
    ] {
        assert_eq!(value(&text, series), Some(expected), "{series} in\n{text}");
    }
    for secret in [&facilitator, &participant, &reader, &secret] {
        assert!(
            !text.contains(secret.as_str()),
            "a token or secret in the metrics:\n{text}"
        );
    }
}

#[tokio::test]
async fn refusals_are_counted_by_the_limit_that_refused() {
    let observed = observed(&[
        "--write-burst",
        "2",
        "--writes-per-second",
        "0.001",
        "--address-write-burst",
        "4",
        "--address-writes-per-second",
        "0.001",
    ])
    .await;
    let app = &observed.app;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(
            send(
                app,
                "/api/create_assessment",
                &[("title", "Limited"), ("description", "")],
            )
            .await
            .status(),
        );
    }
    // Two within the address's own allowance, two beyond it within the ceiling, one beyond
    // the ceiling.
    assert_eq!(statuses[..2], [StatusCode::OK; 2]);
    assert_eq!(statuses[2..], [StatusCode::TOO_MANY_REQUESTS; 3]);
    let text = observed.scrape().await;
    assert_eq!(
        value(&text, r#"whenless_write_refusals_total{limit="address"}"#),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        value(&text, r#"whenless_write_refusals_total{limit="address_ceiling"}"#),
        Some(1.0)
    );
    assert_eq!(
        value(&text, r#"whenless_write_refusals_total{limit="person"}"#),
        Some(0.0)
    );
}

#[tokio::test]
async fn the_pool_is_read_at_each_scrape() {
    let observed = observed(&[]).await;
    let DbPool::Sqlite(pool) = &observed.pool else {
        unreachable!("a SQLite file")
    };
    let in_use = r#"whenless_database_connections{state="in_use"}"#;
    let idle = r#"whenless_database_connections{state="idle"}"#;
    let held = [pool.acquire().await.unwrap(), pool.acquire().await.unwrap()];
    let text = observed.scrape().await;
    assert!(value(&text, in_use).unwrap() >= 2.0, "{text}");
    // A connection goes back to the pool on a task of its own, soon after it is dropped.
    drop(held);
    let mut text = String::new();
    for _ in 0..50 {
        text = observed.scrape().await;
        if value(&text, in_use) == Some(0.0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(value(&text, in_use), Some(0.0), "{text}");
    assert!(value(&text, idle).unwrap() >= 2.0, "{text}");
}

#[tokio::test]
async fn database_errors_are_counted_by_kind() {
    let observed = observed(&[]).await;
    let facilitator = observed.app.create("Soon unreachable").await;
    let unavailable = r#"whenless_database_errors_total{kind="unavailable"}"#;
    // Database errors are counted for the whole process, which other tests share: the count
    // can only have grown.
    let before = value(&observed.scrape().await, unavailable).unwrap();
    let DbPool::Sqlite(pool) = &observed.pool else {
        unreachable!("a SQLite file")
    };
    pool.close().await;
    let refused = observed
        .app
        .read("/api/overview", &[("token", &facilitator)], None)
        .await;
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    let text = observed.scrape().await;
    assert!(value(&text, unavailable).unwrap() > before, "{text}");
}
