//! The review of a decision: saved from the results page's form, checked, versioned, and shown
//! on the results, overview and read-only pages.

use crate::common;

use common::TestApp;
use reqwest::StatusCode;
use serde_json::Value;

async fn save(app: &TestApp, token: &str, version: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut form = vec![
        ("token".to_owned(), token.to_owned()),
        ("version".to_owned(), version.to_owned()),
    ];
    form.extend(
        fields
            .iter()
            .map(|(k, v)| (format!("review[{k}]"), (*v).to_owned())),
    );
    app.client
        .post(app.url("/api/save_review"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

async fn results(app: &TestApp, token: &str) -> Value {
    let response = app.read("/api/results", &[("token", token)], None).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_review_is_saved_checked_and_shown_to_every_reader() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let token = app.create("Checkout API").await;

    // Before the first save: a suggestion to edit, nothing watched.
    let before = results(&app, &token).await;
    assert_eq!(before["review_edit"]["version"], 0);
    assert_eq!(before["review"]["watched"], serde_json::json!([]));

    for (fields, message) in [
        (vec![("due", "2020-01-01")], "The review date is in the past."),
        (
            vec![("due", "2031-02-30")],
            "The review date must be a day, as YYYY-MM-DD.",
        ),
        (
            vec![
                ("latency_on", "on"),
                ("latency_direction", "above"),
                ("latency_threshold", "0"),
            ],
            "Latency must be between 1 and 600,000 ms.",
        ),
    ] {
        let refused = save(&app, &token, "0", &fields).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let text = refused.text().await.unwrap();
        assert!(text.contains(message), "{text}");
    }
    assert_eq!(
        results(&app, &token).await["review_edit"]["version"],
        0,
        "nothing was saved"
    );

    let saved = save(
        &app,
        &token,
        "0",
        &[
            ("due", "2031-05-01"),
            ("requests_on", "on"),
            ("requests_direction", "above"),
            ("requests_threshold", "12,000,000"),
            ("requests_now", "40,000,000"),
        ],
    )
    .await;
    assert!(saved.status().is_success(), "{}", saved.status());
    let after = results(&app, &token).await;
    assert_eq!(after["review_edit"]["version"], 1);
    assert_eq!(after["review"]["due"], "1 May 2031");
    assert_eq!(
        after["review"]["reopened"],
        serde_json::json!([
            "Monthly requests now 40,000,000: above the 12,000,000 that reopens the decision."
        ])
    );

    // A save from a page that read version 0 is refused, and keeps what is saved.
    let stale = save(&app, &token, "0", &[("due", "2032-01-01")]).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert_eq!(results(&app, &token).await["review"]["due"], "1 May 2031");

    // The overview and the read-only page say the decision is due for review.
    let overview = app.text(&format!("/f/{token}")).await;
    assert!(overview.contains("Time to review this decision"), "{overview}");
    let links: Value = app
        .read("/api/overview", &[("token", &token)], None)
        .await
        .json()
        .await
        .unwrap();
    let read_only = links["links"]["read_only"].as_str().unwrap();
    let page = app.text(&format!("/r/{read_only}")).await;
    assert!(page.contains("Monthly requests now 40,000,000"), "{page}");
    assert!(!page.contains("Save the review"), "readers get no form");

    // The JSON file carries the review; an import of it keeps it.
    let file = app.json(&format!("/r/{read_only}/export/assessment.json")).await;
    assert_eq!(file["review"]["due"], "2031-05-01");
    let copy = app.import(&file).await;
    assert_eq!(results(&app, &copy).await["review"]["due"], "1 May 2031");
}
