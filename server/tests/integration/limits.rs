//! Limits on writes per client, which proxy headers are trusted, and HTTPS-only pages.

use crate::common;

use common::TestApp;
use reqwest::StatusCode;

async fn app_with(flags: &[&str]) -> (tempfile::TempDir, TestApp) {
    let (dir, store) = common::sqlite_store().await;
    (dir, TestApp::spawn_with(store, flags).await)
}

async fn create(app: &TestApp, forwarded_for: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/api/create_assessment"))
        .form(&[("title", "Limited"), ("description", "")]);
    if let Some(address) = forwarded_for {
        request = request.header("x-forwarded-for", address);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_burst_of_writes_beyond_the_limit_gets_429_with_retry_after() {
    let (_dir, app) = app_with(&["--write-burst", "3", "--writes-per-second", "0.2"]).await;
    for _ in 0..3 {
        assert_eq!(create(&app, None).await.status(), StatusCode::OK);
    }
    let refused = create(&app, None).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=10).contains(&retry_after), "{retry_after}");
    assert!(
        refused.text().await.unwrap().contains("TooBusy"),
        "the page's script can tell"
    );
    // Reading is not limited.
    assert_eq!(
        app.client.get(app.url("/")).send().await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn one_address_has_a_ceiling_over_every_writer_behind_it() {
    let (_dir, app) = app_with(&["--address-write-burst", "3", "--address-writes-per-second", "0.2"]).await;
    for _ in 0..3 {
        assert_eq!(create(&app, None).await.status(), StatusCode::OK);
    }
    let refused = create(&app, None).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    assert!(refused.text().await.unwrap().contains("Please wait"));
    let read = app
        .client
        .get(app.url("/api/overview"))
        .query(&[("token", "AAAAAAAAAAAAAAAAAAAAAA")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        read.status(),
        StatusCode::NOT_FOUND,
        "reads are GETs, never held back"
    );
}

#[tokio::test]
async fn forwarded_addresses_count_only_when_the_proxy_is_trusted() {
    let (_dir, untrusting) = app_with(&["--write-burst", "1", "--writes-per-second", "0.01"]).await;
    assert_eq!(
        create(&untrusting, Some("198.51.100.1")).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        create(&untrusting, Some("198.51.100.2")).await.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "a made-up X-Forwarded-For does not buy a new allowance"
    );

    let (_dir, trusting) = app_with(&[
        "--write-burst",
        "1",
        "--writes-per-second",
        "0.01",
        "--trust-forwarded",
    ])
    .await;
    assert_eq!(
        create(&trusting, Some("198.51.100.1")).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        create(&trusting, Some("198.51.100.2")).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        create(&trusting, Some("198.51.100.1")).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn strict_transport_security_only_over_https_from_a_trusted_proxy() {
    let hsts = |response: &reqwest::Response| response.headers().contains_key("strict-transport-security");
    let (_dir, untrusting) = app_with(&[]).await;
    let response = untrusting
        .client
        .get(untrusting.url("/"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(!hsts(&response), "an untrusted header is ignored");

    let (_dir, trusting) = app_with(&["--trust-forwarded"]).await;
    let over_https = trusting
        .client
        .get(trusting.url("/"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(
        over_https.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    let over_http = trusting
        .client
        .get(trusting.url("/"))
        .header("x-forwarded-proto", "http")
        .send()
        .await
        .unwrap();
    assert!(!hsts(&over_http));
}
